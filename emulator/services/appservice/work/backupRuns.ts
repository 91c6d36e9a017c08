import { isStorageAccessError } from "../../storage/storageAccessError";
import type { BackupItemModel, BackupItemStatus } from "../state/models";
import { writeBackupArchive, websiteSizeInBytes } from "./backupArchive";
import { parentOfBackup } from "../state/backupStore";
import type { BackupWorkDependencies } from "./backupWork";
import type { OutcomeOverride } from "../forcedOutcomes";

/**
 * Drives an on-demand backup from `Created` to its end: after one phase `InProgress` (or `Skipped`),
 * after another the site's content is zipped and written as a block blob through the backup's SAS
 * URL; the run ends `Succeeded`, or `Failed` with the storage error in `log`. A forced outcome
 * replaces the ending. Each step re-reads the backup and stops when someone else changed its status
 * (a deletion, an out-of-band edit, a reset), so the run never overwrites a newer state.
 */
export class BackupRuns {
    constructor(private readonly deps: BackupWorkDependencies) {}

    /** Schedules the run of a just-created backup. */
    start(backup: BackupItemModel, forced?: OutcomeOverride): void {
        const { scheduler, behaviour } = this.deps;
        scheduler.after(behaviour().backupPhaseMs, () => {
            if (forced?.outcome === "Skipped") return void this.finish(backup.id, "Created", "Skipped", forced.log);
            if (!this.transition(backup.id, "Created", "InProgress")) return;
            scheduler.after(behaviour().backupPhaseMs, () => this.complete(backup.id, forced));
        });
    }

    private async complete(resourceId: string, forced?: OutcomeOverride): Promise<void> {
        if (forced?.outcome === "Failed" || forced?.outcome === "TimedOut") return void this.finish(resourceId, "InProgress", forced.outcome, forced.log);
        const backup = this.deps.backups.read(resourceId);
        if (backup?.properties.status !== "InProgress") return;
        const siteId = parentOfBackup(backup.id);
        const content = this.deps.contents.get(siteId);
        const archive = writeBackupArchive(
            { siteId, backupId: backup.properties.id, created: backup.properties.created, content, databases: backup.properties.databases },
            this.deps.clock.now(),
        );
        try {
            await this.deps.blobs.putBlob(backup.properties.storageAccountUrl, backup.properties.blobName, archive);
        } catch (error) {
            if (!isStorageAccessError(error)) throw error;
            return void this.finish(resourceId, "InProgress", "Failed", error.message);
        }
        const ending = forced?.outcome === "PartiallySucceeded" ? forced : undefined;
        this.finish(resourceId, "InProgress", ending ? "PartiallySucceeded" : "Succeeded", ending?.log ?? null, {
            sizeInBytes: archive.length,
            websiteSizeInBytes: websiteSizeInBytes(content),
        });
    }

    private transition(resourceId: string, from: BackupItemStatus, to: BackupItemStatus): boolean {
        let moved = false;
        this.deps.backups.update(resourceId, (properties) => {
            if (properties.status !== from) return;
            properties.status = to;
            moved = true;
        });
        return moved;
    }

    private finish(resourceId: string, from: BackupItemStatus, to: BackupItemStatus, log: string | null, sizes?: { sizeInBytes: number; websiteSizeInBytes: number }): void {
        this.deps.backups.update(resourceId, (properties) => {
            if (properties.status !== from) return;
            properties.status = to;
            properties.log = log;
            properties.finishedTimeStamp = this.deps.clock.now().toISOString();
            if (sizes) Object.assign(properties, sizes);
        });
    }
}
