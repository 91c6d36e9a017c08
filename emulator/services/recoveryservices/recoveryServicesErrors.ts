import { ArmError } from "../../platform/arm/armErrors";

/**
 * The errors of Microsoft.RecoveryServices (Azure Backup), one function per service error code,
 * with the live service's exact message where a public report quotes it. Each function says where
 * its code and message come from; "chosen" means no public source was found and the emulator picked
 * them (the emulator README lists those). User errors of the service are 400 unless they say an
 * object was not found (404).
 *
 * The messages keep the service's own spelling, `\r\n` line breaks and trailing spaces included,
 * because clients match on them.
 */

/**
 * 404 `BMSUserErrorDataSourceObjectNotFound`: no such protected item. Code and message:
 * hashicorp/terraform-provider-azurerm#9452 (GET of a protected file share that does not exist).
 */
export function bmsUserErrorDataSourceObjectNotFound(): ArmError {
    return new ArmError(404, "BMSUserErrorDataSourceObjectNotFound", "Item not found.\r\nSelected item might have been deleted. Please check if item is registered to the vault.");
}

/**
 * 400 `BMSUserErrorInvalidConfigureProtectionRequest`: the item to protect is not one the vault can
 * protect (not discovered, container not registered, malformed body). Code and message:
 * hashicorp/terraform-provider-azurerm#1637 (review comment quoting the PUT's answer).
 */
export function bmsUserErrorInvalidConfigureProtectionRequest(): ArmError {
    return new ArmError(
        400,
        "BMSUserErrorInvalidConfigureProtectionRequest",
        "Input for configure protection is not in proper format\r\nPlease ensure that container exists and other parameters are in valid format",
    );
}

/**
 * 400 `BMSUserErrorInvalidPolicyForGivenProvider`: the policy is of another `backupManagementType`
 * than the item (a VM policy for a file share). Code and message: hashicorp/terraform-provider-azurerm#25845.
 */
export function bmsUserErrorInvalidPolicyForGivenProvider(): ArmError {
    return new ArmError(400, "BMSUserErrorInvalidPolicyForGivenProvider", "Policy is not valid for given provider type. Please choose valid policy for given provider.");
}

/**
 * 400 `BMSUserErrorInvalidPolicyInput`: a policy body the service cannot read. Code and message (its
 * trailing space included): Azure/azure-sdk-for-go#2822.
 */
export function bmsUserErrorInvalidPolicyInput(): ArmError {
    return new ArmError(
        400,
        "BMSUserErrorInvalidPolicyInput",
        "Input for create or update policy is not in proper format\r\nPlease check format of parameters like schedule time, schedule days, retention time and retention days ",
    );
}

/**
 * 400 `UserErrorOperationDeniedOnImmutableItem`: a destructive change refused by an immutable vault
 * (suspending backups, cutting retention). Code and message, the service's "Bakcup" typo and trailing
 * space included: Azure/azure-rest-api-specs#32688 and hashicorp/terraform-provider-azurerm#27950.
 */
export function userErrorOperationDeniedOnImmutableItem(): ArmError {
    return new ArmError(
        400,
        "UserErrorOperationDeniedOnImmutableItem",
        "The Vault and Bakcup Item is in Immutable state where destructive operations are not supported. The Vault and Backup Item is immutable, hence operation is denied. Refer to the documentation to learn more: https://aka.ms/AB-ImmutableVaults-States ",
    );
}

/**
 * `UserErrorDeleteBackupItemOnImmutableItem`: stop-and-delete refused by an immutable vault. The live
 * DELETE answers 202 and the operation fails with this code (Azure/terraform-azurerm-avm-res-compute-virtualmachine#214
 * shows it on the `backupOperations` GET); that report does not quote the message, so the message is chosen.
 */
export function userErrorDeleteBackupItemOnImmutableItem(): ArmError {
    return new ArmError(
        400,
        "UserErrorDeleteBackupItemOnImmutableItem",
        "The Vault and Backup Item is in Immutable state. Stop protection and delete backup data is not allowed while the vault is immutable. Refer to the documentation to learn more: https://aka.ms/AB-ImmutableVaults-States",
    );
}

/**
 * 400, unregistering a container that still holds backup items (soft-deleted ones included). Message:
 * Azure/azure-powershell#10521 and MicrosoftDocs/azure-docs#34907 (Unregister-AzRecoveryServicesBackupContainer
 * and the REST DELETE); the code is not quoted there, so `BMSUserErrorContainerHasDatasources` is chosen.
 */
export function bmsUserErrorContainerHasDatasources(): ArmError {
    return new ArmError(
        400,
        "BMSUserErrorContainerHasDatasources",
        "There are backup items associated with the server. Stop protection and delete backups for each of the backup items to delete the server's registration. If the issue persists, contact support. Refer to https://aka.ms/DeleteBackupItems for more info.",
    );
}

/**
 * 400 `BMSUserErrorConflictingProtectionOperation`: a configure-protection PUT while another one runs
 * for the item. Code and message: Azure Backup's "Troubleshoot Azure file share backup" article.
 */
export function bmsUserErrorConflictingProtectionOperation(): ArmError {
    return new ArmError(400, "BMSUserErrorConflictingProtectionOperation", "Another configure protection operation is in progress for this item.");
}

/**
 * 400 `BMSUserErrorObjectLocked`: any other operation on an item (or container) while one runs.
 * Code and message: the same troubleshooting article.
 */
export function bmsUserErrorObjectLocked(): ArmError {
    return new ArmError(400, "BMSUserErrorObjectLocked", "Another operation is in progress on the selected item.");
}

/**
 * 400, protecting (or stopping) a soft-deleted item before undeleting it. No public report quotes the
 * live code or message, so both are chosen (`UserErrorBackupItemSoftDeleted`).
 */
export function userErrorBackupItemSoftDeleted(): ArmError {
    return new ArmError(
        400,
        "UserErrorBackupItemSoftDeleted",
        "The operation cannot be performed because the backup item is in soft deleted state. Undelete the backup item (update it with isRehydrate set to true) and retry the operation.",
    );
}

/**
 * 400, a critical operation (stop protection, delete backup data, disable soft delete) on a vault
 * under multi-user authorization without `resourceGuardOperationRequests`. Message:
 * hashicorp/terraform-provider-azurerm#31887 (ProtectionStopped on an MUA vault); the code is not
 * quoted there, so `UserErrorResourceGuardOperationRequestMissing` is chosen.
 */
export function userErrorResourceGuardOperationRequestMissing(): ArmError {
    return new ArmError(400, "UserErrorResourceGuardOperationRequestMissing", "ResourceGuard Operation requestid is either null or empty");
}

/**
 * 400 `UserErrorStorageAccountNotFound`: registering a storage account that does not exist. Code and
 * message: Azure Backup's "Troubleshoot Azure file share backup" article.
 */
export function userErrorStorageAccountNotFound(): ArmError {
    return new ArmError(400, "UserErrorStorageAccountNotFound", "Operation failed as the specified storage account does not exist anymore.");
}

/**
 * 400 `UserErrorInvalidRequestParameter`: a parameter the service refuses. The message's form,
 * "Parameter {name} in request is invalid.", is quoted by pulumi/pulumi-azure-native#4117.
 */
export function userErrorInvalidRequestParameter(parameter: string): ArmError {
    return new ArmError(400, "UserErrorInvalidRequestParameter", `Parameter ${parameter} in request is invalid.`);
}

/** 404, no such protection container. Code and message chosen, modelled on the item's. */
export function bmsUserErrorContainerObjectNotFound(): ArmError {
    return new ArmError(404, "BMSUserErrorContainerObjectNotFound", "Container not found.\r\nSelected container might have been deleted. Please check if container is registered to the vault.");
}

/** 404, no such backup policy. Code and message chosen, modelled on the item's. */
export function bmsUserErrorPolicyNotFound(): ArmError {
    return new ArmError(404, "BMSUserErrorPolicyNotFound", "Policy not found.\r\nSelected policy might have been deleted. Please check if policy exists in the vault.");
}

/**
 * 400, deleting a policy that backup items still use. The rule is documented ("Before deleting a
 * Backup protection policy … the policy doesn't have any associated Backup items", Delete a Recovery
 * Services vault); code and message chosen.
 */
export function bmsUserErrorPolicyInUse(): ArmError {
    return new ArmError(400, "BMSUserErrorPolicyInUse", "The policy cannot be deleted as it has associated backup items. Associate the backup items with another policy or stop their protection, and retry.");
}

/** 404, no such job. Code and message chosen. */
export function bmsUserErrorJobNotFound(): ArmError {
    return new ArmError(404, "BMSUserErrorJobNotFound", "Job not found.\r\nSelected job might have been deleted.");
}

/** 404, no such recovery point. Code and message chosen. */
export function bmsUserErrorRecoveryPointNotFound(): ArmError {
    return new ArmError(404, "BMSUserErrorRecoveryPointNotFound", "Recovery point not found.\r\nSelected recovery point might have expired or been deleted.");
}

/** 404, a poll URL naming an operation the vault does not know. Code and message chosen. */
export function bmsUserErrorOperationNotFound(operationId: string): ArmError {
    return new ArmError(404, "BMSUserErrorOperationNotFound", `Operation '${operationId}' was not found.`);
}

/** 404, no such protection intent. Code and message chosen, modelled on the item's. */
export function bmsUserErrorProtectionIntentNotFound(): ArmError {
    return new ArmError(404, "BMSUserErrorProtectionIntentNotFound", "Protection intent not found.\r\nSelected intent might have been deleted.");
}

/**
 * 400, turning soft delete off (or to plain Enabled) in a vault where it is always on, which is
 * irreversible (Soft delete for Azure Backup). Code and message chosen.
 */
export function userErrorSoftDeleteStateAlwaysOn(): ArmError {
    return new ArmError(400, "UserErrorSoftDeleteStateAlwaysOn", "Soft delete is always on for this vault and cannot be disabled. The always-on state is irreversible.");
}

/** The error a failed operation ends with: a forced failure's given code and message (400). */
export function operationFailed(code: string, message: string): ArmError {
    return new ArmError(400, code, message);
}

/**
 * `UserErrorSQLPODoesNotExist`: a backup of a SQL database that was dropped (or renamed) since it was
 * protected; the Backup job fails with it. Code and message: "Troubleshoot SQL Server database backup
 * by using Azure Backup".
 */
export function userErrorSqlPoDoesNotExist(): ArmError {
    return new ArmError(400, "UserErrorSQLPODoesNotExist", "SQL database does not exist.");
}

/**
 * 400, registering a VM for its SQL workloads that no AzureWorkload refresh found (it does not exist,
 * runs no SQL Server, or is in another region or subscription). No public report quotes the live answer,
 * so code and message are chosen.
 */
export function userErrorWorkloadVmNotDiscovered(): ArmError {
    return new ArmError(
        400,
        "UserErrorWorkloadVmNotDiscovered",
        "The virtual machine is not among the SQL Server VMs the vault discovered. Make sure it runs SQL Server in the vault's subscription and region, discover it (refresh containers with backupManagementType AzureWorkload), and retry.",
    );
}

/**
 * 400, an on-demand backup (or file recovery) of an item that is not protected now: protection stopped,
 * suspended or the item soft-deleted. The service refuses it; no public report quotes its answer, so
 * code and message are chosen.
 */
export function bmsUserErrorItemNotProtected(): ArmError {
    return new ArmError(400, "BMSUserErrorItemNotProtected", "The backup item is not protected. Resume protection with a backup policy and retry the backup.");
}

/**
 * 400, a SQL differential or log backup of a database no full backup has been taken of (each needs a
 * full backup as its base). Code and message chosen.
 */
export function userErrorFullBackupRequired(backupType: string): ArmError {
    return new ArmError(400, "UserErrorFullBackupRequired", `A ${backupType} backup needs a full backup of the database first. Trigger a full backup and retry.`);
}

/**
 * 400, a point-in-time restore whose `pointInTime` lies outside every log time range of the database.
 * Code and message chosen (the service's are not public).
 */
export function userErrorPointInTimeOutsideLogRanges(): ArmError {
    return new ArmError(400, "UserErrorPointInTimeOutsideLogRanges", "The point in time is outside the log backup time ranges of the database. Choose a point in time within a range the recovery point lists and retry.");
}

/** 400, on the Restore job: the target database exists and the request does not overwrite it. Code and message chosen. */
export function userErrorTargetDatabaseExists(databaseName: string): ArmError {
    return new ArmError(400, "UserErrorTargetDatabaseExists", `The target database '${databaseName}' already exists. Restore with overwriteOption Overwrite or to another name.`);
}

/** 400, on the Restore job: a file-share restore with copyOptions FailOnConflict met a file that exists. Code and message chosen. */
export function userErrorRestoreFileConflict(path: string): ArmError {
    return new ArmError(400, "UserErrorRestoreFileConflict", `The file '${path}' already exists in the target share and copyOptions is FailOnConflict.`);
}

/** 400, on the Restore job: an alternate-location VM restore whose target VM exists already. Code and message chosen. */
export function userErrorTargetVmExists(vmName: string): ArmError {
    return new ArmError(400, "UserErrorTargetVmExists", `A virtual machine named '${vmName}' already exists in the target resource group. Choose another name and retry.`);
}

/** 400, a restore target (share, SQL instance, resource group) that does not exist. Code and message chosen. */
export function userErrorRestoreTargetNotFound(what: string): ArmError {
    return new ArmError(400, "UserErrorRestoreTargetNotFound", `The restore target ${what} was not found.`);
}

/** 400, cancelling a job that is not running, or of an operation that cannot be cancelled. Code and message chosen. */
export function userErrorJobNotCancellable(): ArmError {
    return new ArmError(400, "UserErrorJobNotCancellable", "The job cannot be cancelled: only running backup and restore jobs can be cancelled.");
}

/** 404, the mount scripts of a recovery point without an active file-recovery session. Code and message chosen. */
export function userErrorIlrSessionNotFound(): ArmError {
    return new ArmError(404, "UserErrorIlrSessionNotFound", "No active file recovery session was found for the recovery point. Provision one and retry.");
}
