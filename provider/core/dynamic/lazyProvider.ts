import type * as pulumi from "@pulumi/pulumi";

/** The package name under which the serialized provider finds the implementation. */
export const packageName = "declarative-backups";

/**
 * Builds the provider object that Pulumi serializes into every resource's state. Each method
 * `require()`s the compiled implementation by package path when called, so `__provider` stays
 * under 2 KB, captures no credentials, and the dynamic-provider process (a plain `node` started in
 * the program's folder) resolves it through node_modules. The methods read the path from `this`
 * rather than from a closure: a closure would repeat it in every serialized method.
 *
 * @param modulePath - path of the compiled module inside the package, e.g. "dist/provider/appservice/backupSchedule"
 * @param exportName - name of the exported `ResourceProvider` implementation in that module
 */
export function lazyProvider(modulePath: string, exportName: string): pulumi.dynamic.ResourceProvider {
    type Impl = Required<pulumi.dynamic.ResourceProvider>;
    const shell = {
        m: `${packageName}/${modulePath}`,
        e: exportName,
        check(o: any, n: any) { return (require(this.m)[this.e] as Impl).check(o, n); },
        diff(i: string, o: any, n: any) { return (require(this.m)[this.e] as Impl).diff(i, o, n); },
        create(n: any) { return (require(this.m)[this.e] as Impl).create(n); },
        read(i: string, o: any) { return (require(this.m)[this.e] as Impl).read(i, o); },
        update(i: string, o: any, n: any) { return (require(this.m)[this.e] as Impl).update(i, o, n); },
        delete(i: string, o: any) { return (require(this.m)[this.e] as Impl).delete(i, o); },
    };
    return shell;
}
