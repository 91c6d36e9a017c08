import type { SqlDatabaseProperties } from "../../compute/sqlServers";
import { userErrorSqlPoDoesNotExist } from "../recoveryServicesErrors";
import type { BackupStore, ProtectedItemModel } from "../state/backupStore";
import type { LogChainRecord, PolicyRecord, ProtectedItemRecord, SqlDatabaseSnapshotRecord, WorkloadBackupType } from "../state/models";
import { logIntervalMsOf, nextRunAfter, subPolicyScheduleOf } from "./backupSchedule";

/**
 * What SQL database backups do besides the generic run (`BackupRuns`): the policy's Full and
 * Differential sub-policies decide which backup a scheduled time is; each captures the database's
 * content into its recovery point; log backups (the Log sub-policy, every 15 minutes to a day) start
 * after the first full backup and extend the log chain, from which point-in-time ranges are answered.
 * Log backups open no job and no operation: "Azure Backup shows all scheduled and on-demand operations
 * under Backup jobs …, except the scheduled log backups since they can be very frequent" (Monitor SQL
 * Server backups).
 */
export class SqlBackups {
    constructor(private readonly store: BackupStore) {}

    /** The next full or differential backup after `afterMs` under a workload policy. */
    nextBackupAfter(policy: PolicyRecord, afterMs: number): number | undefined {
        const runs = (["Full", "Differential"] as const)
            .map((type) => subPolicyScheduleOf(policy, type))
            .map((schedule) => (schedule ? nextRunAfter(schedule, afterMs) : undefined))
            .filter((at): at is number => at !== undefined);
        return runs.length > 0 ? Math.min(...runs) : undefined;
    }

    /**
     * Which backup runs at `atMs`: Full at the Full sub-policy's times, Differential at the
     * Differential's; the first backup of a database is always a full one (a differential needs a base).
     */
    backupTypeAt(policy: PolicyRecord, item: ProtectedItemRecord, atMs: number): WorkloadBackupType {
        if (!item.lastRecoveryPoint) return "Full";
        const full = subPolicyScheduleOf(policy, "Full");
        if (full && nextRunAfter(full, atMs - 1) === atMs) return "Full";
        const differential = subPolicyScheduleOf(policy, "Differential");
        return differential && nextRunAfter(differential, atMs - 1) === atMs ? "Differential" : "Full";
    }

    /** When the first log backup after `afterMs` is due: never before a full backup started the chain. */
    nextLogBackupAfter(policy: PolicyRecord, item: ProtectedItemRecord, afterMs: number): number | undefined {
        const interval = logIntervalMsOf(policy);
        return interval !== undefined && item.lastRecoveryPoint ? afterMs + interval : undefined;
    }

    /** What a full or differential backup captures of the item's database now; fails as the service does when it was dropped. */
    capture(item: ProtectedItemRecord): SqlDatabaseSnapshotRecord {
        const database = item.dataSourceId ? this.store.shared.getResource<SqlDatabaseProperties>(item.dataSourceId) : undefined;
        if (!database) throw userErrorSqlPoDoesNotExist();
        return { instanceName: String(item.extra.parentName ?? ""), databaseName: database.name, content: database.properties.content };
    }

    /** The recovery point's SQL fields (AzureWorkloadSQLRecoveryPoint, RecoveryPoints_Get of a workload). */
    pointFields(backupType: WorkloadBackupType, time: string): Record<string, unknown> {
        return {
            type: backupType,
            recoveryPointTierDetails: [{ type: "HardenedRP", status: "Valid" }],
            extendedInfo: { dataDirectoryTimeInUTC: time, dataDirectoryPaths: [{ type: "Data", path: "F:\\DATA\\" }, { type: "Log", path: "F:\\LOG\\" }] },
        };
    }

    /**
     * After a full or differential backup: keeps what it captured, starts the log chain at the first
     * full backup, and books the first log backup.
     */
    recorded(item: ProtectedItemModel, pointId: string, snapshot: SqlDatabaseSnapshotRecord, atMs: number, policy: PolicyRecord): void {
        this.store.putSqlSnapshot(pointId, snapshot);
        const time = new Date(atMs).toISOString();
        if (!this.store.getLogChain(item.id)) this.store.putLogChain(item.id, { startTime: time, endTime: time, entries: [{ time, content: snapshot.content }] });
        const active = item.properties.protectionState === "IRPending" || item.properties.protectionState === "Protected";
        if (item.properties.nextLogBackupAtMs === undefined && item.properties.policyId !== undefined && active) {
            const next = this.nextLogBackupAfter(policy, { ...item.properties, lastRecoveryPoint: time }, atMs);
            if (next !== undefined) item.properties.nextLogBackupAtMs = next;
        }
    }

    /**
     * A log backup due at `atMs`: the chain reaches `atMs`, keeping the database's content when it
     * changed, and the next one is booked. A dropped database's log backups stop extending the chain.
     */
    runLogBackup(item: ProtectedItemModel, atMs: number, policy: PolicyRecord | undefined): void {
        const interval = policy ? logIntervalMsOf(policy) : undefined;
        if (interval === undefined) delete item.properties.nextLogBackupAtMs;
        else item.properties.nextLogBackupAtMs = atMs + interval;
        this.store.putItem(item);
        const database = item.properties.dataSourceId ? this.store.shared.getResource<SqlDatabaseProperties>(item.properties.dataSourceId) : undefined;
        const chain = this.store.getLogChain(item.id);
        if (!chain || !database) return;
        const time = new Date(atMs).toISOString();
        const last = chain.entries[chain.entries.length - 1];
        const entries = last && last.content === database.properties.content ? chain.entries : [...chain.entries, { time, content: database.properties.content }];
        this.store.putLogChain(item.id, { ...chain, endTime: time, entries });
    }

    /** An on-demand log backup at `atMs`: the chain reaches it, keeping the database's content when it changed (no rescheduling). */
    extendLogChain(item: ProtectedItemModel, atMs: number): void {
        const database = item.properties.dataSourceId ? this.store.shared.getResource<SqlDatabaseProperties>(item.properties.dataSourceId) : undefined;
        const chain = this.store.getLogChain(item.id);
        if (!chain || !database) return;
        const time = new Date(atMs).toISOString();
        const last = chain.entries[chain.entries.length - 1];
        const entries = last && last.content === database.properties.content ? chain.entries : [...chain.entries, { time, content: database.properties.content }];
        this.store.putLogChain(item.id, { ...chain, endTime: time > chain.endTime ? time : chain.endTime, entries });
    }

    /** The content the log chain restores at `atMs` (the last change at or before it); undefined outside the chain. */
    contentAt(itemId: string, atMs: number): string | undefined {
        const chain = this.store.getLogChain(itemId);
        if (!chain || atMs < Date.parse(chain.startTime) || atMs > Date.parse(chain.endTime)) return undefined;
        let content: string | undefined;
        for (const entry of chain.entries) if (Date.parse(entry.time) <= atMs) content = entry.content;
        return content;
    }

    /** The point-in-time ranges of the item's log chain (one unbroken range here); none before a log backup ran. */
    timeRanges(itemId: string): { startTime: string; endTime: string }[] {
        const chain = this.store.getLogChain(itemId);
        return chain && chain.endTime > chain.startTime ? [{ startTime: chain.startTime, endTime: chain.endTime }] : [];
    }

    /** The item's log chain as stored (the control API shows it so point-in-time restores can be checked). */
    logChain(itemId: string): LogChainRecord | undefined {
        return this.store.getLogChain(itemId);
    }
}
