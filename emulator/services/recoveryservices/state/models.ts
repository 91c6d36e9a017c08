/**
 * What the Recovery Services (Azure Backup) emulation stores. Records are kept in the shared store
 * as `ArmResourceModel<Record>` under the ids the service uses, so deleting a vault (or its resource
 * group) removes everything in it, and `GET /_emulator/state` shows them. Records hold the service's
 * truth; `views/` renders what the wire shows (ids with `/Subscriptions/`, fields hidden by state).
 *
 * Containers and items are generic over the workload (`backupManagementType`, `workloadType`,
 * `containerType`, `protectedItemType`), so SQL in VMs (VMAppContainer, AzureVmWorkloadSQLDatabase)
 * fits without new record kinds; what is SQL-specific (what an inquiry found, the databases' content
 * in recovery points, the log chain) lives in emulator-only documents beside them.
 */

/** ARM types of what the emulation stores (the last two are emulator-only documents). */
export const BACKUP_TYPES = {
    vault: "Microsoft.RecoveryServices/vaults",
    policy: "Microsoft.RecoveryServices/vaults/backupPolicies",
    container: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers",
    protectedItem: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
    protectableItem: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectableItems",
    protectableContainer: "Microsoft.RecoveryServices/vaults/backupFabrics/protectableContainers",
    recoveryPoint: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints",
    job: "Microsoft.RecoveryServices/vaults/backupJobs",
    protectionIntent: "Microsoft.RecoveryServices/vaults/backupProtectionIntent",
    vaultConfig: "Microsoft.RecoveryServices/vaults/backupconfig",
    resourceGuardProxy: "Microsoft.RecoveryServices/vaults/backupResourceGuardProxies",
    discovery: "Emulator.RecoveryServices/vaults/discovery",
    fileShareSnapshot: "Emulator.RecoveryServices/vaults/recoveryPoints/content",
    workloadInquiry: "Emulator.RecoveryServices/vaults/protectionContainers/inquiry",
    sqlDatabaseSnapshot: "Emulator.RecoveryServices/vaults/recoveryPoints/sqlContent",
    logChain: "Emulator.RecoveryServices/vaults/protectedItems/logChain",
    vmSnapshot: "Emulator.RecoveryServices/vaults/recoveryPoints/vmContent",
    ilrSession: "Emulator.RecoveryServices/vaults/recoveryPoints/ilrSession",
    restore: "Emulator.RecoveryServices/vaults/restores",
} as const;

/** `backupManagementType` values the emulation serves. */
export type BackupManagementType = "AzureIaasVM" | "AzureWorkload" | "AzureStorage";

/** All {@link BackupManagementType} values, in the service's spelling. */
export const BACKUP_MANAGEMENT_TYPES: readonly BackupManagementType[] = ["AzureIaasVM", "AzureWorkload", "AzureStorage"];

/** `workloadType` of items (the `itemType` filter of item lists). */
export type WorkloadType = "VM" | "AzureFileShare" | "SQLDataBase";

/** Soft-delete state of a vault; `AlwaysON` cannot be turned off again. */
export type SoftDeleteState = "Enabled" | "Disabled" | "AlwaysON";

/** Immutability of a vault; `Locked` cannot be undone. */
export type ImmutabilityState = "Disabled" | "Unlocked" | "Locked";

/** A vault's security settings: what decides whether deletions are soft, refused or need approval. */
export interface VaultSecurity {
    softDeleteState: SoftDeleteState;
    /** 14–180 days. */
    softDeleteRetentionDays: number;
    enhancedSecurityState: "Enabled" | "Disabled";
    immutabilityState: ImmutabilityState;
    /** Multi-user authorization: critical operations need `resourceGuardOperationRequests`. */
    isMultiUserAuthorizationEnabled: boolean;
    /** ARM id of the Resource Guard the vault is mapped to, when there is one. */
    resourceGuardId?: string;
}

/** `properties` of a stored vault. */
export interface VaultRecord {
    provisioningState: "Succeeded";
    security: VaultSecurity;
}

/** `properties` of a stored backup policy: the body as the service answers it, without `protectedItemsCount` (counted on read). */
export type PolicyRecord = Record<string, unknown> & { backupManagementType: BackupManagementType };

/** `containerType` values. */
export type ContainerType = "IaasVMContainer" | "StorageContainer" | "VMAppContainer";

/** `properties` of a stored protection container (a registered storage account, an IaaS VM, later a SQL VM). */
export interface ContainerRecord {
    containerType: ContainerType;
    backupManagementType: BackupManagementType;
    friendlyName: string;
    sourceResourceId: string;
    registrationStatus: "Registered";
    healthStatus: "Healthy";
    /** True for IaaS VM containers, which exist because an item was protected, not because they were registered. */
    isImplicit: boolean;
    /** Workload-specific fields answered as they are (`acquireStorageAccountLock`, `virtualMachineId`, …). */
    extra: Record<string, unknown>;
}

/** `protectionState` values of items. */
export type ProtectionState = "Invalid" | "IRPending" | "Protected" | "ProtectionError" | "ProtectionStopped" | "ProtectionPaused" | "BackupsSuspended";

/** `properties` of a stored protected item. */
export interface ProtectedItemRecord {
    /** `Microsoft.Compute/virtualMachines`, `AzureFileShareProtectedItem`, later `AzureVmWorkloadSQLDatabase`. */
    protectedItemType: string;
    backupManagementType: BackupManagementType;
    workloadType: WorkloadType;
    friendlyName: string;
    sourceResourceId: string;
    /** Id of what is backed up when it is not `sourceResourceId` (a file share; its storage account is the source). */
    dataSourceId?: string;
    /** Canonical name of the container the item is in (`IaasVMContainer;iaasvmcontainerv2;rg;vm`). */
    containerName: string;
    /** Absent once protection is stopped: the live service omits it then. */
    policyId?: string;
    protectionState: ProtectionState;
    protectionStatus: "Healthy" | "Unhealthy";
    healthStatus: "Passed" | "ActionRequired" | "ActionSuggested" | "Invalid";
    protectedItemDataId: string;
    lastBackupStatus?: "Completed" | "Failed";
    lastBackupTime?: string;
    lastRecoveryPoint?: string;
    isScheduledForDeferredDelete?: boolean;
    deferredDeleteTimeInUTC?: string;
    /** `extendedProperties.diskExclusionProperties` of VM items, when given. */
    diskExclusionProperties?: { diskLunList: number[]; isInclusionList: boolean };
    /** When the next scheduled backup is due (ms since the epoch, on the backup clock); absent when none is. */
    nextBackupAtMs?: number;
    /** When the next log backup of a SQL database is due (ms); absent until its first full backup, or without a Log sub-policy. */
    nextLogBackupAtMs?: number;
    /** When the first of its on-demand recovery points expires (ms); absent when none will. */
    nextPointExpiryAtMs?: number;
    /** Workload-specific read-only fields answered as they are (`virtualMachineId`, …). */
    extra: Record<string, unknown>;
}

/** `properties` of a stored recovery point. */
export interface RecoveryPointRecord {
    objectType: "IaasVMRecoveryPoint" | "AzureFileShareRecoveryPoint" | "AzureWorkloadSQLRecoveryPoint";
    recoveryPointTime: string;
    expiryTime?: string;
    ruleName?: string;
    /**
     * True for on-demand points: their `recoveryPointExpiryTimeInUTC` is enforced (the point goes when
     * the backup clock passes it); scheduled points show their retention's expiry without enforcing it.
     */
    enforceExpiry?: boolean;
    /** Workload-specific fields answered as they are. */
    extra: Record<string, unknown>;
}

/** `operation` of jobs (the `operation` filter). */
export type JobOperation = "Register" | "UnRegister" | "ConfigureBackup" | "Backup" | "Restore" | "DisableBackup" | "DeleteBackupData" | "Undelete";

/** `status` of jobs. */
export type JobStatus = "InProgress" | "Completed" | "Failed" | "CompletedWithWarnings" | "Cancelled" | "Cancelling";

/** One entry of a failed job's `errorDetails`. */
export interface JobErrorDetail {
    /** The live service's numeric code; the string code is kept in `errorTitle`. */
    errorCode: number;
    errorTitle: string;
    errorString: string;
    recommendations: string[];
}

/** `properties` of a stored job. */
export interface JobRecord {
    jobType: "AzureIaaSVMJob" | "AzureStorageJob" | "AzureWorkloadJob";
    operation: JobOperation;
    status: JobStatus;
    entityFriendlyName: string;
    backupManagementType: BackupManagementType;
    startTime: string;
    endTime?: string;
    activityId: string;
    isUserTriggered: boolean;
    errorDetails?: JobErrorDetail[];
    /** `extendedInfo.propertyBag`. */
    propertyBag: Record<string, string>;
    /** Names of the tasks shown in `extendedInfo.tasksList`. */
    taskNames: string[];
    /** The kind of a SQL backup, shown in the operation (`Backup (Full)`, as the SQL REST article's job shows). */
    backupType?: WorkloadBackupType | "Log" | "CopyOnlyFull";
    /** When the job's operation is expected to end (ISO), for `extendedInfo.progressPercentage` while it runs. */
    expectedEndTime?: string;
    /** Workload-specific fields answered as they are (`virtualMachineVersion`, `storageAccountName`, …). */
    extra: Record<string, unknown>;
}

/** `properties` of a stored protection intent. */
export interface ProtectionIntentRecord {
    protectionIntentItemType: string;
    backupManagementType: BackupManagementType;
    sourceResourceId: string;
    policyId: string;
    /** Id of the protected item the intent created (a VM), or of the protectable item it covers (a SQL instance). */
    itemId: string;
    protectionState: "NotProtected" | "Protecting" | "Protected" | "ProtectionFailed";
    /** `SQLInstance` for SQL auto-protection. */
    workloadItemType?: string;
    /** SQL auto-protection (emulator-only, not answered): the instance it covers and the ConfigureBackup operations it started. */
    autoProtection?: AutoProtectionTarget;
}

/** What a SQL auto-protection intent covers, and the operations protecting its databases. */
export interface AutoProtectionTarget {
    /** Canonical name of the VMAppContainer. */
    containerName: string;
    /** The instance's name as the inquiry found it. */
    instanceName: string;
    /** ConfigureBackup operations it started: the intent is `Protecting` while one runs. */
    operationIds: string[];
}

/** Full or differential: the SQL backups that make recovery points (log backups extend the log chain). */
export type WorkloadBackupType = "Full" | "Differential";

/** One SQL Server instance as an inquiry found it. */
export interface InquiredInstance {
    name: string;
    serverName: string;
    /** Its databases' names, in name order. */
    databases: string[];
}

/** What the last completed inquiry of a VMAppContainer found (emulator-only): the protectable SQL items. */
export interface WorkloadInquiryRecord {
    inquiredAt: string;
    instances: InquiredInstance[];
}

/** What a SQL recovery point captured (emulator-only, so restores can be checked later). */
export interface SqlDatabaseSnapshotRecord {
    instanceName: string;
    databaseName: string;
    content: string;
}

/**
 * The log chain of a SQL database (emulator-only): from its first full backup to its last log backup,
 * with the database's content each time it changed, so a point-in-time restore can be checked.
 */
export interface LogChainRecord {
    startTime: string;
    endTime: string;
    /** Content from `time` on, oldest first; a new entry only when the content changed. */
    entries: { time: string; content: string }[];
}

/** What a vault has discovered (emulator-only): refreshes snapshot the subscription's resources. */
export interface DiscoveryRecord {
    /** Lower-cased ids of VMs the last completed AzureIaasVM refresh found. */
    virtualMachineIds: string[];
    /** Lower-cased ids of VMs running SQL Server the last completed AzureWorkload refresh found. */
    workloadVirtualMachineIds: string[];
    /** Lower-cased ids of storage accounts the last completed AzureStorage refresh found. */
    storageAccountIds: string[];
    /** Lower-cased ids of file shares the last completed AzureStorage refresh found. */
    fileShareIds: string[];
    /** First-page list calls of AzureStorage protectable items since that refresh completed. */
    storageListCalls: number;
}

/** Files a file-share recovery point captured (emulator-only, so restores can be checked later). */
export interface FileShareSnapshotRecord {
    files: Record<string, string>;
}

/** `properties` of the resource-guard proxy of a vault (MUA): where unlocked deletions are remembered. */
export interface ResourceGuardProxyRecord {
    resourceGuardResourceId: string;
    /** Lower-cased item ids unlocked for deletion, with the expiry (ms since the epoch). */
    unlockedDeletions: Record<string, number>;
}

/** What a VM recovery point captured (emulator-only): the VM's shape and the disks backed up, for restores. */
export interface VmSnapshotRecord {
    vmSize: string;
    osType: "Windows" | "Linux";
    location?: string;
    /** The data disks backed up (after disk exclusion), by LUN. */
    dataDisks: { lun: number; name: string; diskSizeGB: number }[];
}

/** One mount script of an item-level recovery session (ClientScriptForConnect). */
export interface IlrClientScript {
    scriptContent: string;
    scriptExtension: string;
    osType: string;
    url: string;
    scriptNameSuffix: string;
}

/** An item-level (file) recovery session on a recovery point (emulator-only; the control API shows its password). */
export interface IlrSessionRecord {
    initiatorName: string;
    /** The 15 characters embedded in `scriptNameSuffix` (seed 001's rule). */
    password: string;
    /** The suffix without the password: the script's file name (seed 001). */
    fileName: string;
    clientScripts: IlrClientScript[];
    provisionedAt: string;
    expiresAt: string;
    /** The provision operation whose status carried the scripts. */
    operationId: string;
}

/** What a completed restore wrote (emulator-only), so tests can check a restore by what came back. */
export interface RestoreRecord {
    jobId: string;
    itemName: string;
    recoveryPointId: string;
    /** `IaasVMRestoreRequest`, `AzureFileShareRestoreRequest`, `AzureWorkloadSQLRestoreRequest`, … */
    objectType: string;
    recoveryType: string;
    completedAt: string;
    /** Where it went: a storage account's blobs, a VM, a share's files, a database. */
    target: Record<string, unknown>;
}
