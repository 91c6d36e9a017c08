import type { ArmResourceModel } from "../../../platform/state/models";
import type { BackupItemModel, BackupItemProperties } from "../state/models";

/** A BackupItem as the service answers it. */
export interface BackupItem {
    id: string;
    name: string;
    type: string;
    properties: BackupItemProperties;
}

/**
 * Renders a stored backup as the service answers it. Only `backups/{id}/list` passes
 * `withSecrets`; every other answer (the on-demand POST, GET, the list) has `storageAccountUrl: ""`
 * and databases without connection strings, as the live service redacts them. Like the REST spec's
 * examples, `name` and `type` are those of the app, `id` the backup's.
 */
export function toBackupItem(backup: BackupItemModel, site: ArmResourceModel<unknown>, withSecrets: boolean): BackupItem {
    const properties = structuredClone(backup.properties);
    if (!withSecrets) {
        properties.storageAccountUrl = "";
        properties.databases = properties.databases.map(({ connectionString: _secret, ...rest }) => rest);
    }
    return { id: backup.id, name: site.name, type: site.type, properties };
}
