import {
    CONTROL_RESOURCE_GROUP,
    CONTROL_STATE,
    deleted,
    object,
    ok,
    route,
    upserted,
    type ControlRoute,
} from "../../../control/controlRouteHelpers";
import type { SiteTarget } from "../state/siteScope";
import type { AppServiceControlHandler } from "./appServiceControlHandler";

// A site in the state routes: `/_emulator/state` + the site's ARM id.
const STATE_SITE = `${CONTROL_STATE}/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}`;

const STATE_SLOT = `${STATE_SITE}/slots/{slot}`;

const SITE = `${CONTROL_RESOURCE_GROUP}/sites/{name}`;

/**
 * Control routes of the App Service emulation: seeding sites and slots, the stored backup
 * configuration, site content, stored backups, timings, forced outcomes.
 */
export function appServiceControlRoutes(handler: AppServiceControlHandler): ControlRoute[] {
    const routes: ControlRoute[] = [
        route("PUT", SITE, "PutSite", ({ params, body }) =>
            upserted(handler.putSite(params.subscriptionId, params.resourceGroupName, params.name, object(body))),
        ),
        route("DELETE", SITE, "DeleteSite", ({ params }) =>
            deleted(() => handler.deleteSite(params.subscriptionId, params.resourceGroupName, params.name)),
        ),
        route("PUT", `${SITE}/slots/{slot}`, "PutSlot", ({ params, body }) =>
            upserted(handler.putSlot(params.subscriptionId, params.resourceGroupName, params.name, params.slot, object(body))),
        ),
        route("DELETE", `${SITE}/slots/{slot}`, "DeleteSlot", ({ params }) =>
            deleted(() => handler.deleteSlot(params.subscriptionId, params.resourceGroupName, params.name, params.slot)),
        ),
        route("GET", "/_emulator/appservice/behaviour", "GetAppServiceBehaviour", () => ok(handler.behaviour())),
        route("PUT", "/_emulator/appservice/behaviour", "PutAppServiceBehaviour", ({ body }) => ok(handler.updateBehaviour(body ?? {}))),
        route("POST", "/_emulator/appservice/outcomes", "AddForcedOutcome", ({ body }) => ({ status: 201, body: handler.addOutcome(body) })),
        route("GET", "/_emulator/appservice/outcomes", "ListForcedOutcomes", () => ok({ value: handler.listOutcomes() })),
        route("DELETE", "/_emulator/appservice/outcomes", "ClearForcedOutcomes", () => ok({ deleted: handler.clearOutcomes() })),
    ];
    for (const base of [STATE_SITE, STATE_SLOT]) {
        routes.push(
            route("GET", `${base}/config/backup`, "GetBackupConfigurationState", ({ params }) => ok(handler.getBackupConfiguration(siteTarget(params)))),
            route("PUT", `${base}/config/backup`, "PutBackupConfigurationState", ({ params, body }) =>
                upserted(handler.putBackupConfiguration(siteTarget(params), body)),
            ),
            route("PATCH", `${base}/config/backup`, "PatchBackupConfigurationState", ({ params, body }) =>
                ok(handler.patchBackupConfiguration(siteTarget(params), body)),
            ),
            route("DELETE", `${base}/config/backup`, "DeleteBackupConfigurationState", ({ params }) =>
                deleted(() => handler.deleteBackupConfiguration(siteTarget(params))),
            ),
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

/** The site or slot named by the path parameters of a state route. */
function siteTarget(params: Record<string, string>): SiteTarget {
    return {
        subscriptionId: params.subscriptionId,
        resourceGroupName: params.resourceGroupName,
        siteName: params.name,
        ...(params.slot !== undefined ? { slotName: params.slot } : {}),
    };
}
