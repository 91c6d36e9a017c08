import type { VirtualMachineProperties } from "../../compute/virtualMachines";
import { getFileShareContent } from "../../storageaccounts/storageAccounts";
import { parsePolicyId } from "../names/backupIds";
import type { PolicyModel, ProtectedItemModel } from "../state/backupStore";
import type { PolicyRecord, ProtectedItemRecord, RecoveryPointRecord, SqlDatabaseSnapshotRecord, WorkloadBackupType } from "../state/models";
import { nextRunAfter, scheduleOf, subPolicyOf } from "./backupSchedule";
import type { BackupWorkDependencies } from "./backupWork";
import { itemJobSubject } from "./jobSubjects";
import { SqlBackups } from "./sqlBackups";

const DAY_MS = 86_400_000;

/**
 * Scheduled backups: one runs when its item's `nextBackupAtMs` comes on the backup clock. It opens a
 * Backup job, and `backupMs` later adds a recovery point (taken at the backup's start) and updates the
 * item's `lastBackupTime`, `lastBackupStatus`, `lastRecoveryPoint`; the first one moves the item from
 * IRPending to Protected. A forced failure leaves `lastBackupStatus: "Failed"` and no recovery point.
 * SQL databases run full and differential backups by their policy's sub-policies, and log backups
 * besides ({@link SqlBackups}).
 */
export class BackupRuns {
    private sequence = 0;
    /** The SQL-specific part: backup kinds, captured content, the log chain. */
    readonly sql: SqlBackups;

    constructor(private readonly deps: BackupWorkDependencies) {
        this.sql = new SqlBackups(deps.store);
    }

    /** When the next backup after `afterMs` is due under `policy` (undefined: never); a workload's full or differential one. */
    nextBackupAfter(policy: PolicyRecord, afterMs: number): number | undefined {
        if (policy.backupManagementType === "AzureWorkload") return this.sql.nextBackupAfter(policy, afterMs);
        const schedule = scheduleOf(policy);
        return schedule ? nextRunAfter(schedule, afterMs) : undefined;
    }

    /** When a SQL item's next log backup after `afterMs` is due under `policy` (undefined: none, or not yet). */
    nextLogBackupAfter(policy: PolicyRecord, item: ProtectedItemRecord, afterMs: number): number | undefined {
        return item.workloadType === "SQLDataBase" ? this.sql.nextLogBackupAfter(policy, item, afterMs) : undefined;
    }

    /** Runs the log backup of a SQL item due at `atMs` and books the next one. */
    runLogBackup(vaultId: string, item: ProtectedItemModel, atMs: number): void {
        const policy = item.properties.policyId ? this.policyOf(vaultId, item.properties.policyId) : undefined;
        this.sql.runLogBackup(item, atMs, policy?.properties);
    }

    /** Starts the backup of `item` due at `atMs` and schedules the one after it. */
    startScheduled(vaultId: string, item: ProtectedItemModel, atMs: number): void {
        const policy = item.properties.policyId ? this.policyOf(vaultId, item.properties.policyId) : undefined;
        // The next run is booked now, so a long backup never makes the timeline start this one twice.
        const next = policy ? this.nextBackupAfter(policy.properties, atMs) : undefined;
        if (next === undefined) delete item.properties.nextBackupAtMs;
        else item.properties.nextBackupAtMs = next;
        this.deps.store.putItem(item);
        if (!policy) return;
        const backupType = item.properties.workloadType === "SQLDataBase" ? this.sql.backupTypeAt(policy.properties, item.properties, atMs) : undefined;
        const subject = itemJobSubject(item.properties, policy.name);
        // A SQL backup's job shows its kind and one task (the SQL REST article's `Backup (Full)` job).
        const job = this.deps.jobs.start(vaultId, "Backup", backupType ? { ...subject, backupType, taskNames: ["Transfer data to vault"] } : subject, atMs, false);
        this.deps.operations.start({
            vaultId,
            kind: "Backup",
            scope: "item",
            containerName: item.properties.containerName,
            itemName: item.name,
            entityFriendlyName: item.properties.friendlyName,
            startMs: atMs,
            durationMs: this.deps.behaviour().backupMs,
            jobName: job.name,
            ...this.forcedFailure(item.properties.friendlyName),
            complete: () => this.recordBackup(item.id, atMs, policy, backupType),
            failed: () => this.recordFailure(item.id, atMs),
        });
    }

    /** Forgets the recovery point counter. */
    reset(): void {
        this.sequence = 0;
    }

    private forcedFailure(friendlyName: string) {
        const forced = this.deps.failures.take("Backup", friendlyName);
        return forced ? { forced } : {};
    }

    private recordBackup(itemId: string, startedAtMs: number, policyModel: PolicyModel, backupType: WorkloadBackupType | undefined): void {
        const item = this.deps.store.getItemById(itemId);
        // An item deleted (or soft-deleted) while its backup ran keeps no new recovery point.
        if (!item || item.properties.isScheduledForDeferredDelete) return;
        const policy = policyModel.properties;
        const time = new Date(startedAtMs).toISOString();
        const name = this.recoveryPointName(startedAtMs);
        const isSql = item.properties.workloadType === "SQLDataBase";
        // A SQL database dropped since it was protected fails its backup (UserErrorSQLPODoesNotExist).
        const sqlSnapshot: SqlDatabaseSnapshotRecord | undefined = isSql ? this.sql.capture(item.properties) : undefined;
        const retentionDays = retentionDaysOf(policy, backupType);
        const record: RecoveryPointRecord = {
            objectType: item.properties.workloadType === "AzureFileShare" ? "AzureFileShareRecoveryPoint" : item.properties.workloadType === "VM" ? "IaasVMRecoveryPoint" : "AzureWorkloadSQLRecoveryPoint",
            recoveryPointTime: time,
            ...(retentionDays ? { expiryTime: new Date(startedAtMs + retentionDays * DAY_MS).toISOString(), ...(backupType !== "Differential" ? { ruleName: "DailyRule" } : {}) } : {}),
            extra: isSql ? this.sql.pointFields(backupType ?? "Full", time) : recoveryPointExtra(item.properties, this.vmSizeOf(item.properties.sourceResourceId)),
        };
        const snapshot = item.properties.workloadType === "AzureFileShare" && item.properties.dataSourceId ? { files: getFileShareContent(this.deps.store.shared, item.properties.dataSourceId).files } : undefined;
        const point = this.deps.store.putRecoveryPoint(item.id, name, record, snapshot);
        if (sqlSnapshot) this.sql.recorded(item, point.id, sqlSnapshot, startedAtMs, policy);
        const updated: ProtectedItemRecord = {
            ...item.properties,
            lastBackupTime: time,
            lastBackupStatus: "Completed",
            lastRecoveryPoint: time,
            protectionStatus: "Healthy",
            healthStatus: "Passed",
            protectionState: item.properties.protectionState === "IRPending" ? "Protected" : item.properties.protectionState,
        };
        this.deps.store.putItem({ ...item, properties: updated });
    }

    private recordFailure(itemId: string, startedAtMs: number): void {
        const item = this.deps.store.getItemById(itemId);
        if (!item || item.properties.isScheduledForDeferredDelete) return;
        const updated: ProtectedItemRecord = {
            ...item.properties,
            lastBackupTime: new Date(startedAtMs).toISOString(),
            lastBackupStatus: "Failed",
            protectionStatus: "Unhealthy",
            healthStatus: "ActionRequired",
        };
        this.deps.store.putItem({ ...item, properties: updated });
    }

    private vmSizeOf(sourceResourceId: string): string | undefined {
        return this.deps.store.shared.getResource<VirtualMachineProperties>(sourceResourceId)?.properties.hardwareProfile?.vmSize;
    }

    private policyOf(vaultId: string, id: string) {
        const parsed = parsePolicyId(id);
        return parsed ? this.deps.store.getPolicy(vaultId, parsed.policyName) : undefined;
    }

    // Recovery point names are numbers (RecoveryPoints_List.json: "22244821112382"): seconds plus a counter.
    private recoveryPointName(atMs: number): string {
        this.sequence = (this.sequence + 1) % 10_000;
        return `${Math.floor(atMs / 1000)}${String(this.sequence).padStart(4, "0")}`;
    }
}

function recoveryPointExtra(item: ProtectedItemRecord, vmSize: string | undefined): Record<string, unknown> {
    if (item.workloadType === "VM") {
        return {
            recoveryPointType: "CrashConsistent",
            isManagedVirtualMachine: true,
            isSourceVMEncrypted: false,
            isInstantIlrSessionActive: false,
            originalStorageAccountOption: false,
            recoveryPointAdditionalInfo: "",
            sourceVMStorageType: "NormalStorage",
            virtualMachineSize: vmSize ?? "Standard_D2s_v3",
            recoveryPointTierDetails: [
                { type: "InstantRP", status: "Valid" },
                { type: "HardenedRP", status: "Valid" },
            ],
        };
    }
    if (item.workloadType === "AzureFileShare") return { recoveryPointType: "FileSystemConsistent", recoveryPointSizeInGB: 1 };
    return { type: "Full" };
}

// The daily retention count of the policy (of a workload's Full or Differential sub-policy), in days, when it has one.
function retentionDaysOf(policy: PolicyRecord, backupType: WorkloadBackupType | undefined): number | undefined {
    const subPolicy = policy.backupManagementType === "AzureWorkload" ? subPolicyOf(policy, backupType ?? "Full") : undefined;
    const retention = (subPolicy ? subPolicy.retentionPolicy : policy.retentionPolicy) as Record<string, any> | undefined;
    const duration = retention?.dailySchedule?.retentionDuration ?? retention?.retentionDuration;
    return duration && duration.durationType === "Days" && Number.isInteger(duration.count) ? duration.count : undefined;
}
