import type { BackupItemStatus } from "./models";

/** Statuses that end a backup run. */
export const FINISHED_RUN_STATUSES: ReadonlySet<BackupItemStatus> = new Set(["Failed", "Succeeded", "TimedOut", "Skipped", "PartiallySucceeded"]);

/** Statuses of a run still going: the blob may not exist yet. */
export const RUNNING_STATUSES: ReadonlySet<BackupItemStatus> = new Set(["Created", "InProgress"]);

/** Statuses whose blob holds a usable backup. */
export const RESTORABLE_STATUSES: ReadonlySet<BackupItemStatus> = new Set(["Succeeded", "PartiallySucceeded"]);

/** True when ARM no longer shows the backup (GET answers 404, the list leaves it out). */
export function isGone(status: BackupItemStatus): boolean {
    return status === "Deleted";
}
