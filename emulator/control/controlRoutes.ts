import { ArmError, httpMethodNotAllowed, invalidRequestContent } from "../platform/arm/armErrors";
import { Router, type RouteDefinition } from "../platform/pipeline/router";
import { sendJson } from "../platform/pipeline/httpResponse";
import type { RequestContext } from "../platform/pipeline/requestContext";
import type { Stage } from "../platform/pipeline/stage";
import type { BlobStorageInfo } from "../services/storage/storageAccount";
import type { AppServiceControlHandler } from "../services/appservice/control/appServiceControlHandler";
import { appServiceControlRoutes } from "../services/appservice/control/appServiceControlRoutes";
import type { ControlHandler } from "./controlHandler";
import { deleted, object, ok, route, siteTarget, STATE_SITE, STATE_SLOT, upserted, type ControlEndpoint } from "./controlRouteHelpers";

export type { ControlEndpoint, ControlRequest, ControlResult } from "./controlRouteHelpers";

const SUB = "/_emulator/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;

/** The control API route table (no auth, no faults, no api-version). */
export function controlRoutes(
    handler: ControlHandler,
    url: () => string,
    appService?: AppServiceControlHandler,
    storage?: () => BlobStorageInfo | undefined,
): RouteDefinition<ControlEndpoint>[] {
    const routes: RouteDefinition<ControlEndpoint>[] = [
        route("GET", "/_emulator/health", "Health", () => ok({ status: "ok", url: url() })),
        route("GET", "/_emulator/storage", "GetStorage", () => {
            const info = storage?.();
            if (!info) throw new ArmError(404, "NotFound", "This emulator runs no blob storage.");
            return ok(info);
        }),
        route("POST", "/_emulator/reset", "Reset", () => {
            handler.reset();
            return ok({ reset: true });
        }),
        route("PUT", SUB, "PutSubscription", ({ params, body }) => upserted(handler.putSubscription(params.subscriptionId, object(body)))),
        route("DELETE", SUB, "DeleteSubscription", ({ params }) => deleted(() => handler.deleteSubscription(params.subscriptionId))),
        route("PUT", RG, "PutResourceGroup", ({ params, body }) =>
            upserted(handler.putResourceGroup(params.subscriptionId, params.resourceGroupName, object(body))),
        ),
        route("DELETE", RG, "DeleteResourceGroup", ({ params }) =>
            deleted(() => handler.deleteResourceGroup(params.subscriptionId, params.resourceGroupName)),
        ),
        route("PUT", `${RG}/sites/{name}`, "PutSite", ({ params, body }) =>
            upserted(handler.putSite(params.subscriptionId, params.resourceGroupName, params.name, object(body))),
        ),
        route("DELETE", `${RG}/sites/{name}`, "DeleteSite", ({ params }) =>
            deleted(() => handler.deleteSite(params.subscriptionId, params.resourceGroupName, params.name)),
        ),
        route("PUT", `${RG}/sites/{name}/slots/{slot}`, "PutSlot", ({ params, body }) =>
            upserted(handler.putSlot(params.subscriptionId, params.resourceGroupName, params.name, params.slot, object(body))),
        ),
        route("DELETE", `${RG}/sites/{name}/slots/{slot}`, "DeleteSlot", ({ params }) =>
            deleted(() => handler.deleteSlot(params.subscriptionId, params.resourceGroupName, params.name, params.slot)),
        ),
        route("GET", "/_emulator/state", "GetState", () => ok(handler.state())),
        route("POST", "/_emulator/faults", "AddFault", ({ body }) => ({ status: 201, body: handler.addFault(body) })),
        route("GET", "/_emulator/faults", "ListFaults", () => ok({ value: handler.listFaults() })),
        route("DELETE", "/_emulator/faults", "ClearFaults", () => ok({ deleted: handler.clearFaults() })),
        route("DELETE", "/_emulator/faults/{id}", "DeleteFault", ({ params }) => deleted(() => handler.deleteFault(params.id))),
        route("GET", "/_emulator/requests", "GetRequests", () => ok(handler.requests())),
        route("DELETE", "/_emulator/requests", "ClearRequests", () => {
            handler.clearRequests();
            return ok({ deleted: 1 });
        }),
        route("GET", "/_emulator/auth", "GetAuth", () => ok(handler.authSettings())),
        route("PUT", "/_emulator/auth", "PutAuth", ({ body }) => ok(handler.updateAuthSettings(object(body)))),
    ];
    for (const base of [STATE_SITE, STATE_SLOT]) {
        const template = `${base}/config/backup`;
        routes.push(
            route("GET", template, "GetBackupConfigurationState", ({ params }) => ok(handler.getBackupConfiguration(siteTarget(params)))),
            route("PUT", template, "PutBackupConfigurationState", ({ params, body }) =>
                upserted(handler.putBackupConfiguration(siteTarget(params), body)),
            ),
            route("PATCH", template, "PatchBackupConfigurationState", ({ params, body }) =>
                ok(handler.patchBackupConfiguration(siteTarget(params), body)),
            ),
            route("DELETE", template, "DeleteBackupConfigurationState", ({ params }) =>
                deleted(() => handler.deleteBackupConfiguration(siteTarget(params))),
            ),
        );
    }
    if (appService) routes.push(...appServiceControlRoutes(appService));
    return routes;
}

/** Stage: answers `/_emulator/...` requests and stops; other requests pass through untouched. */
export function controlStage(router: Router<ControlEndpoint>): Stage {
    return async (context, next) => {
        if (context.surface !== "control") return next();
        const lookup = router.lookup(context.method, context.segments);
        if (lookup.kind === "methodNotAllowed") throw httpMethodNotAllowed(context.method, lookup.allowedMethods);
        if (lookup.kind === "notFound") throw new ArmError(404, "NotFound", `No control route ${context.method} ${context.path}.`);
        const result = lookup.route.handler({ params: lookup.params, body: await readJson(context) });
        sendJson(context.res, result.status, result.body);
    };
}

async function readJson(context: RequestContext): Promise<unknown> {
    const text = (await context.readBody()).toString("utf8");
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch (error) {
        throw invalidRequestContent((error as Error).message);
    }
}
