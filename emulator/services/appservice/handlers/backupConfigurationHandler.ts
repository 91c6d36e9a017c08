import type { Clock } from "../../../platform/clock";
import type { EmulatorStore } from "../../../platform/state/store";
import { backupConfigurationNotFound } from "../appServiceErrors";
import { WEB_RESOURCE_TYPES, type BackupConfigurationModel, type BackupRequestProperties } from "../state/models";
import { backupConfigurationId } from "../state/resourceIds";
import { requireSite, type SiteTarget } from "../state/siteScope";
import { parseBackupRequest } from "./backupRequest";

/** The BackupRequest resource as the service returns it. */
export type BackupRequest = BackupConfigurationModel;

/**
 * Microsoft.Web backup configuration (the schedule) of sites and slots. Methods are named after the
 * REST operations, take models and return models; HTTP stays in the route table (`../routes.ts`).
 */
export class BackupConfigurationHandler {
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

// Slot resources are named `site/slot`, as ARM returns them.
function siteNameOf(resourceName: string): string {
    return resourceName.split("/")[0];
}

function slotNameOf(resourceName: string): string {
    return resourceName.split("/")[1] ?? resourceName;
}
