import type { RouteDefinition } from "../../../platform/pipeline/router";
import type { AppServiceControlHandler } from "./appServiceControlHandler";
import { deleted, ok, route, siteTarget, STATE_SITE, STATE_SLOT, type ControlEndpoint } from "../../../control/controlRouteHelpers";

/** Control routes of the App Service emulation: site content, stored backups, timings, forced outcomes. */
export function appServiceControlRoutes(handler: AppServiceControlHandler): RouteDefinition<ControlEndpoint>[] {
    const routes: RouteDefinition<ControlEndpoint>[] = [
        route("GET", "/_emulator/appservice/behaviour", "GetAppServiceBehaviour", () => ok(handler.behaviour())),
        route("PUT", "/_emulator/appservice/behaviour", "PutAppServiceBehaviour", ({ body }) => ok(handler.updateBehaviour(body ?? {}))),
        route("POST", "/_emulator/appservice/outcomes", "AddForcedOutcome", ({ body }) => ({ status: 201, body: handler.addOutcome(body) })),
        route("GET", "/_emulator/appservice/outcomes", "ListForcedOutcomes", () => ok({ value: handler.listOutcomes() })),
        route("DELETE", "/_emulator/appservice/outcomes", "ClearForcedOutcomes", () => ok({ deleted: handler.clearOutcomes() })),
    ];
    for (const base of [STATE_SITE, STATE_SLOT]) {
        routes.push(
            route("GET", `${base}/content`, "GetSiteContent", ({ params }) => ok(handler.getSiteContent(siteTarget(params)))),
            route("PUT", `${base}/content`, "PutSiteContent", ({ params, body }) => ok(handler.putSiteContent(siteTarget(params), body))),
            route("GET", `${base}/backups`, "ListStoredBackups", ({ params }) => ok(handler.listBackups(siteTarget(params)))),
            route("GET", `${base}/backups/{backupId}`, "GetStoredBackup", ({ params }) => ok(handler.getBackup(siteTarget(params), params.backupId))),
            route("PATCH", `${base}/backups/{backupId}`, "PatchStoredBackup", ({ params, body }) =>
                ok(handler.patchBackup(siteTarget(params), params.backupId, body)),
            ),
            route("DELETE", `${base}/backups/{backupId}`, "DeleteStoredBackup", ({ params }) =>
                deleted(() => handler.deleteBackup(siteTarget(params), params.backupId)),
            ),
        );
    }
    return routes;
}
