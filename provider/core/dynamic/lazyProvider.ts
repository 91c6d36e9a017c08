import type * as pulumi from "@pulumi/pulumi";

/** The package name under which the serialized provider finds the implementation. */
export const packageName = "declarative-backups";

/**
 * Builds the provider object that Pulumi serializes into every resource's state, twice (inputs and
 * outputs), so its size is paid per resource on every checkpoint write. It holds one method:
 * the dynamic-provider process calls `configure` once, before any other method, on the object it
 * deserialized (and caches it per process); `configure` then `require()`s the compiled
 * implementation by package path and takes its methods. So the shell is a few hundred bytes whatever
 * the resource, captures no credentials, and the process (a plain `node` started in the program's
 * folder) resolves the implementation through node_modules. Paths are read from `this`: a closure
 * would be serialized beside the function.
 *
 * @param modulePath - path of the compiled module inside the package, e.g. "dist/provider/appservice/backupSchedule"
 * @param exportName - name of the exported `ResourceProvider` implementation in that module
 */
export function lazyProvider(modulePath: string, exportName: string): pulumi.dynamic.ResourceProvider {
    const shell = {
        m: `${packageName}/${modulePath}`,
        e: exportName,
        configure(r: pulumi.dynamic.ConfigureRequest) {
            const i = require(this.m)[this.e];
            for (const k of ["check", "diff", "create", "read", "update", "delete"]) if (i[k]) (this as any)[k] = i[k].bind(i);
            return i.configure ? i.configure(r) : Promise.resolve();
        },
    };
    // The methods the type asks for arrive with `configure`, which the process always calls first.
    return shell as unknown as pulumi.dynamic.ResourceProvider;
}
