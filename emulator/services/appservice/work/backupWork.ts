import type { Clock } from "../../../platform/clock";
import type { BlobTransfer } from "../../storage/blobTransfer";
import type { AppServiceBehaviour } from "../behaviour";
import type { BackupStore } from "../state/backupStore";
import type { Scheduler } from "../../../platform/scheduler";
import type { SiteContents } from "../state/siteContents";

/** What the background work of backups, deletions and restores reaches into. */
export interface BackupWorkDependencies {
    backups: BackupStore;
    contents: SiteContents;
    blobs: BlobTransfer;
    scheduler: Scheduler;
    /** Current timings (read at each step, so a change applies to runs already going). */
    behaviour: () => AppServiceBehaviour;
    clock: Clock;
}
