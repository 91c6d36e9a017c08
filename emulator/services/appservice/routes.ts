import type { Clock } from "../../platform/clock";
import { WEB_RESOURCE_TYPES, type BackupConfigurationModel, type BackupRequestProperties } from "../../platform/state/models";
import { backupConfigurationId } from "../../platform/state/resourceIds";
import type { EmulatorStore } from "../../platform/state/store";
import { backupConfigurationNotFound } from "./appServiceErrors";
import { ok, type ArmOperationRequest, type ArmRoute } from "../../platform/arm/armOperation";
import { requireSite, type SiteTarget } from "../../platform/arm/armScope";
import { parseBackupRequest } from "./handlers/backupRequest";
import type { WebAppBackupsHandler } from "./handlers/webAppBackupsHandler";

/** The BackupRequest resource as the service returns it. */
export type BackupRequest = BackupConfigurationModel;

/**
 * Microsoft.Web (App Service) operations on sites and slots. Methods are named after the REST
 * operations, take models and return models; HTTP stays in the route table below.
 */
export class AppServiceHandler {
    constructor(
        private readonly store: EmulatorStore,
        private readonly clock: Clock,
    ) {}

    /** PUT `config/backup`: creates or replaces the backup schedule; answers the stored BackupRequest. */
    updateBackupConfiguration(target: SiteTarget, body: unknown): BackupRequest {
        const { site } = requireSite(this.store, target);
        const request = parseBackupRequest(body, this.clock.now());
        const configuration: BackupConfigurationModel = {
            id: backupConfigurationId(site.id),
            name: "backup",
            type: target.slotName === undefined ? WEB_RESOURCE_TYPES.siteConfig : WEB_RESOURCE_TYPES.slotConfig,
            ...(request.kind !== undefined ? { kind: request.kind } : {}),
            properties: request.properties,
        };
        return this.store.putResource(configuration);
    }

    /** POST `config/backup/list`: the stored BackupRequest, secrets included; 404 when none. */
    getBackupConfiguration(target: SiteTarget): BackupRequest {
        const { site } = requireSite(this.store, target);
        const configuration = this.store.getResource<BackupRequestProperties>(backupConfigurationId(site.id));
        if (!configuration) throw backupConfigurationNotFound(siteNameOf(site.name), target.slotName === undefined ? undefined : slotNameOf(site.name));
        return configuration;
    }

    /** DELETE `config/backup`: removes the schedule; succeeds when there was none. */
    deleteBackupConfiguration(target: SiteTarget): void {
        const { site } = requireSite(this.store, target);
        this.store.deleteResource(backupConfigurationId(site.id));
    }
}

const SITE = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}";
const SLOT = `${SITE}/slots/{slot}`;
// Poll URLs of restores carry no resource group, like the REST spec's example.
const OPERATION_SITE = "/subscriptions/{subscriptionId}/providers/Microsoft.Web/sites/{name}";
const OPERATION_LOCATION = "/subscriptions/{subscriptionId}/providers/Microsoft.Web/locations/{location}";

/** The Microsoft.Web route table: site and slot variants of every operation, and the restore poll URLs. */
export function appServiceRoutes(handler: AppServiceHandler, backups: WebAppBackupsHandler): ArmRoute[] {
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

// Slot resources are named `site/slot`, as ARM returns them.
function siteNameOf(resourceName: string): string {
    return resourceName.split("/")[0];
}

function slotNameOf(resourceName: string): string {
    return resourceName.split("/")[1] ?? resourceName;
}
