import type { ArmClient } from "../core/arm/armClient";
import { OperationDeadlineError, formatDuration } from "../core/errors";
import type { Logger } from "../core/log";
import { pollDefaults } from "../core/lro/armOperation";
import { pollUntilDone } from "../core/lro/poller";
import { backupPath, getBackupStatus, normalizeBackupStatus, type BackupItem, type BackupItemStatus } from "./api";
import type { SiteRef } from "./siteRef";

export { pollIntervalEnvVar, resolvePollIntervalMs } from "../core/lro/pollInterval";
import { resolvePollIntervalMs } from "../core/lro/pollInterval";

/** Statuses that end a backup run. */
export const backupRunEndStatuses: ReadonlySet<BackupItemStatus> = new Set(["Succeeded", "PartiallySucceeded", "Failed", "TimedOut", "Skipped"]);

/** Statuses that end a deletion. */
export const backupDeleteEndStatuses: ReadonlySet<BackupItemStatus> = new Set(["Deleted", "DeleteFailed"]);

// Between progress lines while the status stays the same, so a long backup still shows signs of life.
const quietProgressMs = 30_000;

/** Options of {@link waitForBackup}. */
export interface WaitForBackupOptions {
    /** Names the wait in errors, e.g. "WebApps.Backup nightly". */
    operation: string;
    /** Names the backup in progress lines, e.g. "backup nightly (#3)". */
    label: string;
    /** True once the wait is over; `item` is undefined when the backup no longer exists. */
    isDone(item: BackupItem | undefined): boolean;
    deadlineMs: number;
    /** Default: {@link resolvePollIntervalMs}. */
    intervalMs?: number;
    log: Logger;
    signal?: AbortSignal;
}

/** The status of an item, normalized; undefined for a missing item. */
export function statusOf(item: BackupItem | undefined): BackupItemStatus | undefined {
    return item ? normalizeBackupStatus(item.properties.status) : undefined;
}

/**
 * Returns a function to call with each status seen: it logs a line when the status changes, and every
 * 30 s while it stays the same, with the time since the reporter was made.
 */
export function progressReporter(log: Logger, label: string, firstStatus?: string): (status: string) => void {
    const started = performance.now();
    let lastStatus = firstStatus;
    let lastLineAt = started;
    return (status) => {
        const now = performance.now();
        if (status === lastStatus && now - lastLineAt < quietProgressMs) return;
        lastStatus = status;
        lastLineAt = now;
        log.info(`${label}: ${status} after ${formatDuration(now - started)}`);
    };
}

/**
 * Looks at one backup (GET backups/{id}) until `isDone`, with the core poller: its deadline, abort and
 * waits. Logs a progress line whenever the status changes and every 30 s otherwise. Throws
 * OperationDeadlineError when the deadline passes first; the backup goes on in Azure regardless.
 */
export async function waitForBackup(client: ArmClient, site: SiteRef, backupId: number, first: BackupItem | undefined, options: WaitForBackupOptions): Promise<BackupItem | undefined> {
    if (first && options.isDone(first)) return first;
    const firstStatus = first ? (statusOf(first) ?? "unknown") : "requested";
    options.log.info(`${options.label}: ${firstStatus}; waiting up to ${formatDuration(options.deadlineMs)}`);
    const report = progressReporter(options.log, options.label, firstStatus);
    const path = backupPath(site, backupId);
    // `looked` tells a missing item we have polled (gone) from the start with no item yet.
    const last = await pollUntilDone<{ item?: BackupItem; looked: boolean }>({
        initial: { state: { item: first, looked: first !== undefined } },
        poll: async (_state, signal) => ({ state: { item: await getBackupStatus(client, site, backupId, signal), looked: true } }),
        isDone: (state) => state.looked && options.isDone(state.item),
        deadlineMs: options.deadlineMs,
        intervalMs: options.intervalMs ?? resolvePollIntervalMs(),
        maxIntervalMs: pollDefaults.maxIntervalMs,
        deadlineError: (_state, waitedMs) =>
            new OperationDeadlineError({ operation: options.operation, deadlineMs: options.deadlineMs, waitedMs, state: { mode: "body", status: "running", pollUrl: path } }),
        onProgress: (state) => report(statusOf(state.item) ?? (state.item ? "unknown" : "gone")),
        signal: options.signal,
    });
    return last.item;
}
