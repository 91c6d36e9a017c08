import type { Clock } from "../protocol/clock";
import type { BlobTransfer } from "../storage/blobTransfer";
import type { AppServiceBehaviour } from "./behaviour";
import type { BackupStore } from "./backupStore";
import type { Scheduler } from "./scheduler";
import type { SiteContents } from "./siteContents";

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
