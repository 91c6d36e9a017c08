import { isStorageAccessError } from "../../storage/storageAccessError";
import type { BackupWorkDependencies } from "./backupWork";
import type { OutcomeOverride } from "../forcedOutcomes";

/**
 * Deletes a backup the way App Service does: the backup shows `DeleteInProgress`, then the service
 * deletes the blob through the SAS URL stored with the backup. Success (or a blob already gone)
 * ends `Deleted`; a storage error (typically an expired SAS) ends `DeleteFailed` with the error in
 * `log`, and the backup stays until its SAS is rotated and it is deleted again.
 */
export class BackupDeletions {
    constructor(private readonly deps: BackupWorkDependencies) {}

    /** Marks the backup `DeleteInProgress` and schedules the blob deletion. */
    start(resourceId: string, forced?: OutcomeOverride): void {
        this.deps.backups.update(resourceId, (properties) => {
            properties.status = "DeleteInProgress";
        });
        this.deps.scheduler.after(this.deps.behaviour().deletePhaseMs, () => this.complete(resourceId, forced));
    }

    private async complete(resourceId: string, forced?: OutcomeOverride): Promise<void> {
        const backup = this.deps.backups.read(resourceId);
        if (backup?.properties.status !== "DeleteInProgress") return;
        let failure: string | undefined = forced?.log;
        if (!forced) {
            try {
                await this.deps.blobs.deleteBlob(backup.properties.storageAccountUrl, backup.properties.blobName);
            } catch (error) {
                if (!isStorageAccessError(error)) throw error;
                failure = error.message;
            }
        }
        this.deps.backups.update(resourceId, (properties) => {
            if (properties.status !== "DeleteInProgress") return;
            properties.status = failure === undefined ? "Deleted" : "DeleteFailed";
            properties.log = failure ?? null;
        });
    }
}
