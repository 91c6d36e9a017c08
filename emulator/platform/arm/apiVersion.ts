import { missingApiVersionParameter, noRegisteredProviderFound } from "./armErrors";
import { providerNamespaceOf, resourceTypeOf } from "./armPath";
import type { RequestContext } from "../pipeline/requestContext";
import type { Stage } from "../pipeline/stage";

/** Options of {@link apiVersionStage}. */
export interface ApiVersionStageOptions {
    /** Accepted api-versions per provider namespace (keys compared case-insensitively). */
    versionsByNamespace: Record<string, readonly string[]>;
    /** Location quoted in NoRegisteredProviderFound (ARM names the target's region there). */
    locationOf: (context: RequestContext) => string;
}

/**
 * Stage: every ARM request needs `?api-version=`, and for a served namespace it must be one of the
 * versions registered for it. Namespaces the emulator does not serve are left to routing (404).
 */
export function apiVersionStage(options: ApiVersionStageOptions): Stage {
    const versions = new Map(Object.entries(options.versionsByNamespace).map(([ns, list]) => [ns.toLowerCase(), list]));
    return async (context, next) => {
        const apiVersion = context.queryParam("api-version");
        if (!apiVersion) throw missingApiVersionParameter();
        const namespace = providerNamespaceOf(context.segments);
        const supported = namespace ? versions.get(namespace.toLowerCase()) : undefined;
        if (supported && !supported.includes(apiVersion)) {
            const type = resourceTypeOf(context.segments, context.method) ?? "";
            throw noRegisteredProviderFound(options.locationOf(context), apiVersion, type, supported);
        }
        await next();
    };
}
