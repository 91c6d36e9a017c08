import { ok, type ArmOperationRequest, type ArmRoute } from "../../platform/arm/armOperation";
import type { BackupConfigurationHandler } from "./handlers/backupConfigurationHandler";
import type { WebAppBackupsHandler } from "./handlers/webAppBackupsHandler";
import type { SiteTarget } from "./state/siteScope";

const SITE = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}";
const SLOT = `${SITE}/slots/{slot}`;
// Poll URLs of restores carry no resource group, like the REST spec's example.
const OPERATION_SITE = "/subscriptions/{subscriptionId}/providers/Microsoft.Web/sites/{name}";
const OPERATION_LOCATION = "/subscriptions/{subscriptionId}/providers/Microsoft.Web/locations/{location}";

/** The Microsoft.Web route table: site and slot variants of every operation, and the restore poll URLs. */
export function appServiceRoutes(handler: BackupConfigurationHandler, backups: WebAppBackupsHandler): ArmRoute[] {
    const routes: ArmRoute[] = [];
    for (const [base, suffix] of [[SITE, ""], [SLOT, "Slot"]] as const) {
        routes.push(
            {
                method: "PUT",
                template: `${base}/config/backup`,
                operation: `WebApps.UpdateBackupConfiguration${suffix}`,
                handler: (request) => ok(handler.updateBackupConfiguration(siteTarget(request), request.body)),
            },
            {
                method: "POST",
                template: `${base}/config/backup/list`,
                operation: `WebApps.GetBackupConfiguration${suffix}`,
                handler: (request) => ok(handler.getBackupConfiguration(siteTarget(request))),
            },
            {
                method: "DELETE",
                template: `${base}/config/backup`,
                operation: `WebApps.DeleteBackupConfiguration${suffix}`,
                handler: (request) => {
                    handler.deleteBackupConfiguration(siteTarget(request));
                    return ok();
                },
            },
            {
                method: "POST",
                template: `${base}/backup`,
                operation: `WebApps.Backup${suffix}`,
                handler: (request) => ok(backups.backup(siteTarget(request), request.body)),
            },
            {
                method: "GET",
                template: `${base}/backups`,
                operation: `WebApps.ListBackups${suffix}`,
                handler: (request) => ok(backups.listBackups(siteTarget(request), request.query)),
            },
            {
                method: "GET",
                template: `${base}/backups/{backupId}`,
                operation: `WebApps.GetBackupStatus${suffix}`,
                handler: (request) => ok(backups.getBackupStatus(siteTarget(request), request.params.backupId)),
            },
            {
                method: "DELETE",
                template: `${base}/backups/{backupId}`,
                operation: `WebApps.DeleteBackup${suffix}`,
                handler: (request) => {
                    backups.deleteBackup(siteTarget(request), request.params.backupId);
                    return ok();
                },
            },
            {
                method: "POST",
                template: `${base}/backups/{backupId}/list`,
                operation: `WebApps.ListBackupStatusSecrets${suffix}`,
                handler: (request) => ok(backups.listBackupStatusSecrets(siteTarget(request), request.params.backupId, request.body)),
            },
            {
                method: "POST",
                template: `${base}/backups/{backupId}/restore`,
                operation: `WebApps.Restore${suffix}`,
                handler: (request) => backups.restore(siteTarget(request), request.params.backupId, request.body, request.query),
            },
        );
    }
    for (const [base, suffix] of [[OPERATION_SITE, ""], [`${OPERATION_SITE}/slots/{slot}`, "Slot"]] as const) {
        routes.push({
            method: "GET",
            template: `${base}/operationResults/{operationId}`,
            operation: `WebApps.GetRestoreOperationStatus${suffix}`,
            handler: ({ params }) => backups.getRestoreOperationStatus(params.subscriptionId, params.name, params.slot, params.operationId),
        });
    }
    routes.push({
        method: "GET",
        template: `${OPERATION_LOCATION}/operationResults/{operationId}`,
        operation: "WebApps.GetRestoreOperationResult",
        handler: ({ params, query }) => backups.getRestoreOperationResult(params.subscriptionId, params.operationId, query),
    });
    return routes;
}

function siteTarget(request: ArmOperationRequest): SiteTarget {
    const { subscriptionId, resourceGroupName, name, slot } = request.params;
    return { subscriptionId, resourceGroupName, siteName: name, ...(slot !== undefined ? { slotName: slot } : {}) };
}
