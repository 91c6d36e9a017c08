import type { VirtualMachineProperties } from "../../compute/virtualMachines";
import { getFileShareContent } from "../../storageaccounts/storageAccounts";
import { parsePolicyId } from "../names/backupIds";
import type { ProtectedItemModel } from "../state/backupStore";
import type { PolicyRecord, ProtectedItemRecord, RecoveryPointRecord } from "../state/models";
import { nextRunAfter, scheduleOf } from "./backupSchedule";
import type { BackupWorkDependencies } from "./backupWork";
import { itemJobSubject } from "./jobSubjects";

const DAY_MS = 86_400_000;

/**
 * Scheduled backups: one runs when its item's `nextBackupAtMs` comes on the backup clock. It opens a
 * Backup job, and `backupMs` later adds a recovery point (taken at the backup's start) and updates the
 * item's `lastBackupTime`, `lastBackupStatus`, `lastRecoveryPoint`; the first one moves the item from
 * IRPending to Protected. A forced failure leaves `lastBackupStatus: "Failed"` and no recovery point.
 */
export class BackupRuns {
    private sequence = 0;

    constructor(private readonly deps: BackupWorkDependencies) {}

    /** When the next backup after `afterMs` is due under `policy` (undefined: never). */
    nextBackupAfter(policy: PolicyRecord, afterMs: number): number | undefined {
        const schedule = scheduleOf(policy);
        return schedule ? nextRunAfter(schedule, afterMs) : undefined;
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
        const subject = itemJobSubject(item.properties, policy.name);
        const job = this.deps.jobs.start(vaultId, "Backup", subject, atMs, false);
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
            complete: () => this.recordBackup(item.id, atMs, policy.properties),
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

    private recordBackup(itemId: string, startedAtMs: number, policy: PolicyRecord): void {
        const item = this.deps.store.getItemById(itemId);
        // An item deleted (or soft-deleted) while its backup ran keeps no new recovery point.
        if (!item || item.properties.isScheduledForDeferredDelete) return;
        const time = new Date(startedAtMs).toISOString();
        const name = this.recoveryPointName(startedAtMs);
        const retentionDays = dailyRetentionDays(policy);
        const record: RecoveryPointRecord = {
            objectType: item.properties.workloadType === "AzureFileShare" ? "AzureFileShareRecoveryPoint" : item.properties.workloadType === "VM" ? "IaasVMRecoveryPoint" : "AzureWorkloadSQLRecoveryPoint",
            recoveryPointTime: time,
            ...(retentionDays ? { expiryTime: new Date(startedAtMs + retentionDays * DAY_MS).toISOString(), ruleName: "DailyRule" } : {}),
            extra: recoveryPointExtra(item.properties, this.vmSizeOf(item.properties.sourceResourceId)),
        };
        const snapshot = item.properties.dataSourceId ? { files: getFileShareContent(this.deps.store.shared, item.properties.dataSourceId).files } : undefined;
        this.deps.store.putRecoveryPoint(item.id, name, record, snapshot);
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

// The daily retention count of the policy, in days, when it has one.
function dailyRetentionDays(policy: PolicyRecord): number | undefined {
    const retention = (policy.retentionPolicy ?? (Array.isArray(policy.subProtectionPolicy) ? (policy.subProtectionPolicy[0] as Record<string, unknown> | undefined)?.retentionPolicy : undefined)) as
        | Record<string, any>
        | undefined;
    const duration = retention?.dailySchedule?.retentionDuration ?? retention?.retentionDuration;
    return duration && duration.durationType === "Days" && Number.isInteger(duration.count) ? duration.count : undefined;
}
