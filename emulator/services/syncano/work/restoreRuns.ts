import type { RestoreRecord, RestoreStatus } from "../state/models";
import { STATUS_INFO } from "../syncanoErrors";
import { readBackupArchive } from "./backupArchive";
import { restoredContent } from "./restoreContent";
import type { SyncanoWork } from "./syncanoWork";

/**
 * Runs restores as the platform's task does, without its bug: `scheduled` for `scheduledMs`; then a
 * restore with an earlier one still scheduled or running on the same instance ends `aborted`
 * ("Restore already scheduled on specified instance.") and changes nothing; otherwise it runs for
 * `restoreMs` and replaces the instance's objects with the backup's, then ends `success` (or as forced).
 */
export class RestoreRuns {
    constructor(private readonly work: SyncanoWork) {}

    /** Schedules the run of a new restore; `archive` is the backup's, read when the restore was accepted. */
    start(restore: RestoreRecord, archive: Buffer, isPartial: boolean): void {
        const { scheduler, behaviour, restores } = this.work;
        scheduler.after(behaviour().scheduledMs, () => {
            const current = this.current(restore.id, "scheduled");
            if (!current) return;
            const isBlocked = restores
                .listFor(current.instance)
                .some((other) => other.id < current.id && (other.status === "scheduled" || other.status === "running"));
            if (isBlocked) return this.setStatus(current, "aborted", STATUS_INFO.restoreAlreadyScheduled);
            this.setStatus(current, "running");
            scheduler.after(behaviour().restoreMs, () => this.finish(restore.id, archive, isPartial));
        });
    }

    private finish(id: number, archive: Buffer, isPartial: boolean): void {
        const restore = this.current(id, "running");
        if (!restore) return;
        const forced = this.work.outcomes.take("restore");
        if (forced) return this.setStatus(restore, forced.status, forced.statusInfo);
        let content;
        try {
            content = restoredContent(readBackupArchive(archive), isPartial);
        } catch {
            return this.setStatus(restore, "error", "Invalid file.");
        }
        if (!this.work.instances.replaceObjects(restore.instance, content)) return;
        this.setStatus(restore, "success");
    }

    private setStatus(restore: RestoreRecord, status: RestoreStatus, statusInfo = ""): void {
        restore.status = status;
        restore.statusInfo = statusInfo;
        restore.updatedAtUs = this.work.clock.nowUs();
    }

    private current(id: number, status: RestoreStatus): RestoreRecord | undefined {
        const restore = this.work.restores.get(id);
        return restore && restore.status === status ? restore : undefined;
    }
}
