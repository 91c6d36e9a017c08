import type { BackupRecord, BackupStatus } from "../state/models";
import { STATUS_INFO } from "../syncanoErrors";
import { writeBackupArchive } from "./backupArchive";
import { backupDetails, selectObjects } from "./selection";
import type { SyncanoWork } from "./syncanoWork";

/**
 * Runs backups as the platform's task does: `scheduled` for `scheduledMs`, then `running` (the
 * instance read and archived) for `runningMs`, then `success` with size and details, or `error`:
 * the instance is gone ("Instance no longer exists."), a partial archive is over the size limit,
 * or an outcome was forced. Each step stands down when the backup was deleted or its status set
 * through the control API since.
 */
export class BackupRuns {
    constructor(private readonly work: SyncanoWork) {}

    /** Schedules the run of a new backup. */
    start(backup: BackupRecord): void {
        const { scheduler, behaviour } = this.work;
        const generation = backup.generation;
        scheduler.after(behaviour().scheduledMs, () => {
            const current = this.current(backup.id, generation, "scheduled");
            if (!current) return;
            const instance = current.instance === null ? undefined : this.work.instances.get(current.instance);
            if (!instance) return this.end(current, "error", STATUS_INFO.instanceNoLongerExists);
            this.setStatus(current, "running");
            const objects = selectObjects(instance.objects, current.queryArgs);
            current.archive = writeBackupArchive(objects, new Date());
            const details = backupDetails(objects);
            scheduler.after(behaviour().runningMs, () => this.finish(backup.id, generation, details));
        });
    }

    private finish(id: number, generation: number, details: Record<string, unknown>): void {
        const backup = this.current(id, generation, "running");
        if (!backup) return;
        const forced = this.work.outcomes.take("backup");
        if (forced) return this.end(backup, forced.status, forced.statusInfo);
        const limit = this.work.behaviour().partialSizeLimitBytes;
        if (backup.kind === "partial" && (backup.archive?.length ?? 0) > limit) return this.end(backup, "error", STATUS_INFO.sizeLimitExceeded(limit));
        backup.size = backup.archive?.length ?? 0;
        backup.details = details;
        this.setStatus(backup, "success");
    }

    // A failed backup keeps no archive, size or details.
    private end(backup: BackupRecord, status: "error" | "aborted", statusInfo: string): void {
        delete backup.archive;
        backup.details = {};
        backup.size = null;
        this.setStatus(backup, status, statusInfo);
    }

    private setStatus(backup: BackupRecord, status: BackupStatus, statusInfo = ""): void {
        backup.status = status;
        backup.statusInfo = statusInfo;
        backup.updatedAtUs = this.work.clock.nowUs();
    }

    private current(id: number, generation: number, status: BackupStatus): BackupRecord | undefined {
        const backup = this.work.backups.get(id);
        return backup && backup.generation === generation && backup.status === status ? backup : undefined;
    }
}
