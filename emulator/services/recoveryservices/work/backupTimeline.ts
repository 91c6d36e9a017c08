import { purgeAtMs } from "../lifecycle/itemTransitions";
import type { ProtectedItemModel } from "../state/backupStore";
import type { BackupRuns } from "./backupRuns";
import type { BackupWorkDependencies } from "./backupWork";
import type { ProtectionWork } from "./protectionWork";

/** What one catch-up did. */
export interface TimelineSummary {
    /** Operations that ended (succeeded or failed). */
    operationsEnded: number;
    /** Scheduled backups started. */
    backupsStarted: number;
    /** Soft-deleted items purged. */
    itemsPurged: number;
    /** Log backups of SQL databases run (they open no job). */
    logBackupsRun: number;
    /** Items whose on-demand recovery points expired (the points removed). */
    pointsExpired: number;
}

// A year of daily backups for a few dozen items; more means the clock was moved absurdly far.
const MAX_EVENTS = 100_000;

type DueEvent = { atMs: number; run: () => void; kind: keyof TimelineSummary };

/**
 * Runs what is due on the backup clock, in time order: operations ending, scheduled backups
 * starting, SQL log backups, soft-deleted items being purged, on-demand recovery points expiring. Nothing runs on timers: the service catches up before
 * answering any request (and when the control API moves the clock), so every answer reflects
 * everything due by then, and moving the clock days ahead runs each backup at its own time.
 */
export class BackupTimeline {
    constructor(
        private readonly deps: BackupWorkDependencies,
        private readonly runs: BackupRuns,
        private readonly protection: ProtectionWork,
    ) {}

    /** Runs everything due up to now. */
    catchUp(): TimelineSummary {
        const summary: TimelineSummary = { operationsEnded: 0, backupsStarted: 0, itemsPurged: 0, logBackupsRun: 0, pointsExpired: 0 };
        for (let count = 0; count < MAX_EVENTS; count++) {
            const event = this.nextDue(this.deps.clock.nowMs());
            if (!event) return summary;
            event.run();
            summary[event.kind]++;
        }
        throw new Error(`the backup timeline ran ${MAX_EVENTS} events in one catch-up; the clock was moved too far`);
    }

    private nextDue(nowMs: number): DueEvent | undefined {
        let next: DueEvent | undefined;
        const consider = (event: DueEvent) => {
            if (event.atMs <= nowMs && (!next || event.atMs < next.atMs)) next = event;
        };
        const operationDue = this.deps.operations.nextDueMs();
        if (operationDue !== undefined) consider({ atMs: operationDue, kind: "operationsEnded", run: () => this.deps.operations.endNextDue(nowMs) });
        for (const vault of this.deps.store.vaults()) {
            for (const item of this.deps.store.listItems(vault.id)) {
                const purgeAt = purgeAtMs(item.properties);
                if (purgeAt !== undefined) consider({ atMs: purgeAt, kind: "itemsPurged", run: () => this.protection.purge(vault.id, item) });
                if (isBackupDue(item) && !this.deps.operations.isBackingUp(vault.id, item.name)) {
                    const atMs = item.properties.nextBackupAtMs!;
                    consider({ atMs, kind: "backupsStarted", run: () => this.runs.startScheduled(vault.id, item, atMs) });
                }
                // On-demand points expire even while protection is stopped or the item soft-deleted.
                if (item.properties.nextPointExpiryAtMs !== undefined) {
                    const atMs = item.properties.nextPointExpiryAtMs;
                    consider({ atMs, kind: "pointsExpired", run: () => this.runs.expirePoints(item, atMs) });
                }
                if (isLogBackupDue(item)) {
                    const atMs = item.properties.nextLogBackupAtMs!;
                    consider({ atMs, kind: "logBackupsRun", run: () => this.runs.runLogBackup(vault.id, item, atMs) });
                }
            }
        }
        return next;
    }
}

function isBackupDue(item: ProtectedItemModel): boolean {
    return item.properties.nextBackupAtMs !== undefined && isActive(item);
}

function isLogBackupDue(item: ProtectedItemModel): boolean {
    return item.properties.nextLogBackupAtMs !== undefined && isActive(item);
}

function isActive(item: ProtectedItemModel): boolean {
    const { policyId, protectionState, isScheduledForDeferredDelete } = item.properties;
    return policyId !== undefined && !isScheduledForDeferredDelete && (protectionState === "IRPending" || protectionState === "Protected");
}
