import { isApiKeyShaped, type AccountStore } from "../state/accountStore";
import type { InstanceStore } from "../state/instanceStore";
import { instanceNotFound, noSuchApiKey, pageNotFound, permissionDenied } from "../syncanoErrors";
import { readRequestData } from "../requests/requestData";
import type { SyncanoRequestContext, SyncanoStage } from "./syncanoRequestContext";

// The platform's instance name rule; other names are never found.
const INSTANCE_NAME = /^[a-z0-9-_]{0,64}$/;

/**
 * The API key of a request, where the platform looks: `X-API-KEY`, `?api_key=`, `?apikey=`,
 * `Authorization: <scheme> <key>`, then `_api_key` in a POST body.
 */
export async function readApiKey(context: SyncanoRequestContext): Promise<string | undefined> {
    const key = context.header("x-api-key") || context.query.get("api_key") || context.query.get("apikey");
    if (key) return key;
    const authorization = context.header("authorization");
    if (authorization) {
        const parts = authorization.split(" ");
        if (parts.length === 2) return parts[1];
    }
    if (context.method === "POST") {
        const data = await readRequestData(context).catch(() => ({}) as Record<string, unknown>);
        if (typeof data._api_key === "string" && data._api_key) return data._api_key;
    }
    return undefined;
}

/**
 * Stage, API requests only: a path that matched no route is Django's 404 page; the instance in the
 * path is looked up first (404 "Instance was not found.", before any key is checked, as on the
 * platform); then the key: none is 403 "You do not have permission…", one no account holds is
 * 403 "No such API Key.", someone else's instance is 403 again.
 */
export function apiKeyAuthStage(accounts: AccountStore, instances: InstanceStore): SyncanoStage {
    return async (context, next) => {
        if (context.syncanoSurface !== "api") return next();
        if (!context.route && !context.allowedMethods) throw pageNotFound();
        const instanceName = context.params.instance?.toLowerCase();
        if (instanceName !== undefined) {
            const instance = INSTANCE_NAME.test(instanceName) ? instances.get(instanceName) : undefined;
            if (!instance) throw instanceNotFound();
            context.instance = instance;
        }
        const key = await readApiKey(context);
        if (!key) throw permissionDenied();
        const account = isApiKeyShaped(key) ? accounts.byKey(key) : undefined;
        if (!account) throw noSuchApiKey();
        if (context.instance && context.instance.ownerId !== account.id) throw permissionDenied();
        context.account = account;
        await next();
    };
}
