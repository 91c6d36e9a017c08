import type * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "../core/dynamic/lazyProvider";

/**
 * The serialized shell of a Syncano resource: {@link lazyProvider}'s, plus `configure`, through which
 * the engine hands the dynamic-provider process the stack's config (the account key among it) before
 * the first call. Like the other methods, it loads the implementation by package path.
 */
export function syncanoLazyProvider(modulePath: string, exportName: string): pulumi.dynamic.ResourceProvider {
    return Object.assign(lazyProvider(modulePath, exportName), {
        configure(this: { m: string; e: string }, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            const impl = require(this.m)[this.e] as pulumi.dynamic.ResourceProvider;
            return impl.configure ? impl.configure(req) : Promise.resolve();
        },
    });
}
