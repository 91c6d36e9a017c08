import { sendJson } from "../../../platform/pipeline/httpResponse";
import { readRequestData } from "../requests/requestData";
import { methodNotAllowed } from "../syncanoErrors";
import type { SyncanoStage } from "./syncanoRequestContext";

/**
 * Innermost stage for the API: a method the path does not allow is 405 (after auth and throttling,
 * as in Django REST framework); otherwise the route's handler runs with the request read, and its
 * answer is written as JSON (204 empty).
 */
export function apiDispatchStage(): SyncanoStage {
    return async (context, next) => {
        if (context.syncanoSurface !== "api") return next();
        if (!context.route) throw methodNotAllowed(context.method, withImplicitMethods(context.allowedMethods ?? []));
        const body = context.method === "POST" ? await readRequestData(context) : {};
        const result = context.route.handler({
            version: context.apiVersion!,
            params: context.params,
            query: context.query,
            path: context.rawPath,
            account: context.account!,
            ...(context.instance ? { instance: context.instance } : {}),
            body,
        });
        sendJson(context.res, result.status, result.body);
    };
}

// Django REST framework answers HEAD wherever GET is allowed.
function withImplicitMethods(methods: readonly string[]): string[] {
    const all = [...methods];
    if (all.includes("GET")) all.push("HEAD");
    return all;
}
