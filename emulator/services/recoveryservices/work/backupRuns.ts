import type { VirtualMachineProperties } from "../../compute/virtualMachines";
import { getFileShareContent } from "../../storageaccounts/storageAccounts";
import { parsePolicyId } from "../names/backupIds";
import type { PolicyModel, ProtectedItemModel } from "../state/backupStore";
import type { BackupOperation } from "./backupOperations";
import type { PolicyRecord, ProtectedItemRecord, RecoveryPointRecord, SqlDatabaseSnapshotRecord, VmSnapshotRecord, WorkloadBackupType } from "../state/models";
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
            transient: true,
            ...this.forcedFailure(item.properties.friendlyName),
            complete: () => this.recordBackup(item.id, atMs, policy, backupType),
            failed: () => this.recordFailure(item.id, atMs),
        });
    }

    /**
     * Starts an on-demand backup (Backups.Trigger) of a protected item now: a user-triggered Backup job
     * whose recovery point keeps `expiryMs` as its enforced expiry. A SQL database's `backupType` is
     * Full, Differential, CopyOnlyFull (a full that leaves the log chain alone) or Log (extends the
     * log chain, no recovery point). Validation is the handler's.
     */
    startOnDemand(vaultId: string, item: ProtectedItemModel, request: OnDemandBackup): BackupOperation {
        const nowMs = this.deps.clock.nowMs();
        const policy = item.properties.policyId ? this.policyOf(vaultId, item.properties.policyId) : undefined;
        const subject = itemJobSubject(item.properties, policy?.name);
        const job = this.deps.jobs.start(vaultId, "Backup", request.backupType ? { ...subject, backupType: request.backupType, taskNames: ["Transfer data to vault"] } : subject, nowMs, true);
        return this.deps.operations.start({
            vaultId,
            kind: "Backup",
            scope: "item",
            containerName: item.properties.containerName,
            itemName: item.name,
            entityFriendlyName: item.properties.friendlyName,
            startMs: nowMs,
            durationMs: this.deps.behaviour().backupMs,
            jobName: job.name,
            ...this.forcedFailure(item.properties.friendlyName),
            complete: () => {
                if (request.backupType === "Log") return this.recordOnDemandLog(item.id, nowMs);
                const backupType = request.backupType === "Differential" ? "Differential" : request.backupType ? "Full" : undefined;
                if (!policy) return;
                this.recordBackup(item.id, nowMs, policy, backupType, { expiryMs: request.expiryMs, copyOnly: request.backupType === "CopyOnlyFull" });
            },
            failed: () => this.recordFailure(item.id, nowMs),
        });
    }

    /** Removes the item's on-demand recovery points whose expiry has come by `atMs`, and books the next expiry. */
    expirePoints(item: ProtectedItemModel, atMs: number): void {
        let next: number | undefined;
        for (const point of this.deps.store.listRecoveryPoints(item.id)) {
            if (!point.properties.enforceExpiry || !point.properties.expiryTime) continue;
            const expiry = Date.parse(point.properties.expiryTime);
            if (expiry <= atMs) this.deps.store.deleteRecoveryPoint(point.id);
            else if (next === undefined || expiry < next) next = expiry;
        }
        const current = this.deps.store.getItemById(item.id);
        if (!current) return;
        if (next === undefined) delete current.properties.nextPointExpiryAtMs;
        else current.properties.nextPointExpiryAtMs = next;
        this.deps.store.putItem(current);
    }

    /** Forgets the recovery point counter. */
    reset(): void {
        this.sequence = 0;
    }

    private forcedFailure(friendlyName: string) {
        const forced = this.deps.failures.take("Backup", friendlyName);
        return forced ? { forced } : {};
    }

    private recordBackup(itemId: string, startedAtMs: number, policyModel: PolicyModel, backupType: WorkloadBackupType | undefined, onDemand?: { expiryMs: number; copyOnly: boolean }): void {
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
        // An on-demand point keeps the expiry asked for and goes when it comes; a scheduled one shows its retention's.
        const expiry = onDemand
            ? { expiryTime: new Date(onDemand.expiryMs).toISOString(), enforceExpiry: true }
            : retentionDays
              ? { expiryTime: new Date(startedAtMs + retentionDays * DAY_MS).toISOString(), ...(backupType !== "Differential" ? { ruleName: "DailyRule" } : {}) }
              : {};
        const record: RecoveryPointRecord = {
            objectType: item.properties.workloadType === "AzureFileShare" ? "AzureFileShareRecoveryPoint" : item.properties.workloadType === "VM" ? "IaasVMRecoveryPoint" : "AzureWorkloadSQLRecoveryPoint",
            recoveryPointTime: time,
            ...expiry,
            extra: isSql ? this.sql.pointFields(backupType ?? "Full", time) : recoveryPointExtra(item.properties, this.vmSizeOf(item.properties.sourceResourceId)),
        };
        const snapshot = item.properties.workloadType === "AzureFileShare" && item.properties.dataSourceId ? { files: getFileShareContent(this.deps.store.shared, item.properties.dataSourceId).files } : undefined;
        const point = this.deps.store.putRecoveryPoint(item.id, name, record, snapshot);
        // A copy-only full keeps its content without starting or touching the log chain (that is what copy-only means).
        if (sqlSnapshot && onDemand?.copyOnly) this.deps.store.putSqlSnapshot(point.id, sqlSnapshot);
        else if (sqlSnapshot) this.sql.recorded(item, point.id, sqlSnapshot, startedAtMs, policy);
        const vmSnapshot = item.properties.workloadType === "VM" ? this.captureVm(item.properties) : undefined;
        if (vmSnapshot) this.deps.store.putVmSnapshot(point.id, vmSnapshot);
        const nextExpiry = onDemand ? Math.min(onDemand.expiryMs, item.properties.nextPointExpiryAtMs ?? Number.POSITIVE_INFINITY) : item.properties.nextPointExpiryAtMs;
        const updated: ProtectedItemRecord = {
            ...item.properties,
            lastBackupTime: time,
            lastBackupStatus: "Completed",
            lastRecoveryPoint: time,
            protectionStatus: "Healthy",
            healthStatus: "Passed",
            protectionState: item.properties.protectionState === "IRPending" ? "Protected" : item.properties.protectionState,
            ...(nextExpiry !== undefined ? { nextPointExpiryAtMs: nextExpiry } : {}),
        };
        this.deps.store.putItem({ ...item, properties: updated });
    }

    // An on-demand log backup: the log chain reaches its start (no recovery point; the range shows it).
    private recordOnDemandLog(itemId: string, startedAtMs: number): void {
        const item = this.deps.store.getItemById(itemId);
        if (!item || item.properties.isScheduledForDeferredDelete) return;
        this.sql.extendLogChain(item, startedAtMs);
        this.deps.store.putItem({ ...item, properties: { ...item.properties, lastBackupTime: new Date(startedAtMs).toISOString(), lastBackupStatus: "Completed" } });
    }

    // What a VM backup captures: its size, OS and the data disks it backs up (disk exclusion applied), for restores.
    private captureVm(item: ProtectedItemRecord): VmSnapshotRecord | undefined {
        const vm = this.deps.store.shared.getResource<VirtualMachineProperties>(item.sourceResourceId);
        if (!vm) return undefined;
        const exclusion = item.diskExclusionProperties;
        const included = (lun: number) => !exclusion || exclusion.diskLunList.includes(lun) === exclusion.isInclusionList;
        return {
            vmSize: vm.properties.hardwareProfile.vmSize,
            osType: vm.properties.storageProfile.osDisk.osType,
            ...(vm.location !== undefined ? { location: vm.location } : {}),
            dataDisks: vm.properties.storageProfile.dataDisks.filter((disk) => included(disk.lun)).map(({ lun, name, diskSizeGB }) => ({ lun, name, diskSizeGB })),
        };
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

/** What an on-demand backup asks for (validated by the handler). */
export interface OnDemandBackup {
    /** A SQL database's backup type; undefined for VMs and shares. */
    backupType?: "Full" | "Differential" | "Log" | "CopyOnlyFull";
    /** The recovery point's expiry (ms since the epoch), enforced. */
    expiryMs: number;
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
