import type * as pulumi from "@pulumi/pulumi";

/** The package name under which the serialized provider finds the implementation. */
export const packageName = "declarative-backups";

/**
 * Builds the provider object that Pulumi serializes into every resource's state. Each method
 * `require()`s the compiled implementation by package path when called, so `__provider` stays
 * a few hundred bytes, captures no credentials, and the dynamic-provider process (a plain `node`
 * started in the program's folder) resolves it through node_modules.
 *
 * @param modulePath - path of the compiled module inside the package, e.g. "dist/provider/appservice/backupSchedule"
 * @param exportName - name of the exported `ResourceProvider` implementation in that module
 */
export function lazyProvider(modulePath: string, exportName: string): pulumi.dynamic.ResourceProvider {
    const target = `${packageName}/${modulePath}`;
    return {
        check: (olds, news) => require(target)[exportName].check(olds, news),
        diff: (id, olds, news) => require(target)[exportName].diff(id, olds, news),
        create: (inputs) => require(target)[exportName].create(inputs),
        read: (id, props) => require(target)[exportName].read(id, props),
        update: (id, olds, news) => require(target)[exportName].update(id, olds, news),
        delete: (id, props) => require(target)[exportName].delete(id, props),
    };
}
