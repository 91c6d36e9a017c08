import { itemEvents } from "../lifecycle/itemEvents";
import { vaultIdOf } from "../names/backupIds";
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
        for (const item of this.deps.store.itemsWithEventsDueBy(nowMs)) {
            const vaultId = vaultIdOf(item.id);
            const events = itemEvents(item.properties);
            if (events.purgeAtMs !== undefined) consider({ atMs: events.purgeAtMs, kind: "itemsPurged", run: () => this.protection.purge(vaultId, item) });
            if (events.backupAtMs !== undefined && !this.deps.operations.isBackingUp(vaultId, item.name)) {
                const atMs = events.backupAtMs;
                consider({ atMs, kind: "backupsStarted", run: () => this.runs.startScheduled(vaultId, item, atMs) });
            }
            if (events.pointExpiryAtMs !== undefined) {
                const atMs = events.pointExpiryAtMs;
                consider({ atMs, kind: "pointsExpired", run: () => this.runs.expirePoints(item, atMs) });
            }
            if (events.logBackupAtMs !== undefined) {
                const atMs = events.logBackupAtMs;
                consider({ atMs, kind: "logBackupsRun", run: () => this.runs.runLogBackup(vaultId, item, atMs) });
            }
        }
        return next;
    }
}

