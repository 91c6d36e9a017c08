import { displayId } from "../names/backupIds";
import type { ProtectedItemModel } from "../state/backupStore";
import { BACKUP_TYPES, type ProtectedItemRecord } from "../state/models";

/** A protected item as the service answers it. */
export interface ProtectedItemResource {
    id: string;
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

/**
 * Renders a stored item the way the live service does (Compute_ProtectedItem_Get.json for VMs, the
 * azure-cli file-share output for shares, the SQL REST articles for databases): ids with `/Subscriptions/`, read-only fields inferred from
 * the workload, `policyId` only while a policy applies (a stopped item answers without one, the
 * drift users of other tools trip over), soft-delete fields only on soft-deleted items.
 */
export function toProtectedItemResource(item: ProtectedItemModel, softDeleteRetentionDays: number): ProtectedItemResource {
    const record = item.properties;
    const properties: Record<string, unknown> = {
        backupManagementType: record.backupManagementType,
        containerName: containerNameOf(record),
        friendlyName: record.friendlyName,
        ...(record.workloadType === "VM" ? { healthStatus: record.healthStatus } : {}),
        ...(record.lastBackupStatus ? { lastBackupStatus: lastBackupStatusOf(record) } : {}),
        ...(record.lastBackupTime ? { lastBackupTime: record.lastBackupTime } : {}),
        ...(record.lastRecoveryPoint && record.workloadType !== "AzureFileShare" ? { lastRecoveryPoint: record.lastRecoveryPoint } : {}),
        ...(record.policyId ? { policyId: record.policyId } : {}),
        ...(record.workloadType === "VM" ? { protectedItemDataId: record.protectedItemDataId } : {}),
        ...(record.workloadType === "SQLDataBase" ? { protectedItemDataSourceId: record.protectedItemDataId, protectedItemHealthStatus: workloadHealthOf(record) } : {}),
        protectedItemType: record.protectedItemType,
        protectionState: record.protectionState,
        protectionStatus: record.protectionStatus,
        sourceResourceId: record.sourceResourceId,
        ...record.extra,
        workloadType: record.workloadType,
        ...(record.isScheduledForDeferredDelete
            ? {
                  isScheduledForDeferredDelete: true,
                  deferredDeleteTimeInUTC: record.deferredDeleteTimeInUTC,
                  softDeleteRetentionPeriodInDays: softDeleteRetentionDays,
              }
            : {}),
        ...(record.diskExclusionProperties ? { extendedProperties: { diskExclusionProperties: record.diskExclusionProperties } } : {}),
    };
    return { id: displayId(item.id), name: item.name, type: BACKUP_TYPES.protectedItem, properties };
}

// Workload items report the last backup as Healthy or Unhealthy (the SDK's LastBackupStatus), VMs and shares as the job ended.
function lastBackupStatusOf(record: ProtectedItemRecord): string | undefined {
    if (record.backupManagementType !== "AzureWorkload") return record.lastBackupStatus;
    return record.lastBackupStatus === "Failed" ? "Unhealthy" : "Healthy";
}

// `protectedItemHealthStatus` of workload items: IRPending until the first backup, then as the last backup went.
function workloadHealthOf(record: ProtectedItemRecord): string {
    if (!record.lastBackupStatus) return "IRPending";
    return record.lastBackupStatus === "Failed" ? "Unhealthy" : "Healthy";
}

// VM items name their container without the type prefix (`iaasvmcontainerv2;rg;vm`, as in the
// examples); file shares with it (`StorageContainer;storage;rg;account`, as azure-cli shows).
function containerNameOf(record: ProtectedItemRecord): string {
    return record.workloadType === "VM" ? record.containerName.slice(record.containerName.indexOf(";") + 1) : record.containerName;
}
