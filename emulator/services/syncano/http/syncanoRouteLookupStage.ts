import { CONTROL_PREFIX } from "../../../platform/pipeline/routeLookupStage";
import type { Router } from "../../../platform/pipeline/router";
import { API_VERSIONS } from "../routes";
import type { ApiRequest, ApiResult } from "./apiRoute";
import type { SyncanoStage } from "./syncanoRequestContext";

/** First path segment of archive downloads (the platform serves them from its media storage). */
export const ARCHIVE_PREFIX = "media";

/**
 * Stage: decides what a request is for (control API, archive download or API) and, for the API,
 * its version prefix and route, before anything else looks at it: logging, faults and auth depend
 * on both. The platform requires the trailing slash (APPEND_SLASH is off), so a path without one
 * matches no route.
 */
export function syncanoRouteLookupStage(router: Router<(request: ApiRequest) => ApiResult>): SyncanoStage {
    return async (context, next) => {
        const first = context.segments[0]?.toLowerCase();
        if (first === CONTROL_PREFIX) {
            context.syncanoSurface = "control";
            context.surface = "control";
            return next();
        }
        if (first === ARCHIVE_PREFIX) {
            context.syncanoSurface = "archive";
            context.operation = "Archives.Download";
            return next();
        }
        context.syncanoSurface = "api";
        const version = context.segments[0];
        if (!API_VERSIONS.includes(version) || !context.rawPath.endsWith("/")) return next();
        context.apiVersion = version;
        const segments = context.segments.slice(1);
        const method = context.method === "HEAD" ? "GET" : context.method;
        const lookup = router.lookup(method, segments);
        if (lookup.kind === "matched") {
            context.route = lookup.route;
            context.params = lookup.params;
            context.operation = lookup.route.operation;
        } else if (lookup.kind === "methodNotAllowed") {
            // The path's parameters (its instance) still matter before the 405: auth comes first.
            const any = router.lookup(lookup.allowedMethods[0], segments);
            if (any.kind === "matched") context.params = any.params;
            context.allowedMethods = lookup.allowedMethods;
        }
        await next();
    };
}
