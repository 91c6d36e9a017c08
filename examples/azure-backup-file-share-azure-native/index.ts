import * as recoveryservices from "@pulumi/azure-native/recoveryservices";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import { FileShareProtection, ProtectionContainer } from "declarative-backups";

// How an infra repo would write it: the storage account, its share, the vault and its policy come
// from @pulumi/azure-native; the account's registration and the share's protection come from this
// package and reference the account, the share, the vault and the policy.
const group = new resources.ResourceGroup("files");

const account = new storage.StorageAccount("teamfiles", {
    resourceGroupName: group.name,
    kind: storage.Kind.StorageV2,
    sku: { name: storage.SkuName.Standard_LRS },
    minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
    allowBlobPublicAccess: false,
});
const share = new storage.FileShare("team", {
    resourceGroupName: group.name,
    accountName: account.name,
    shareName: "team",
    shareQuota: 100, // GiB
});

// Like the storage account, in the stack's azure-native:location: a vault protects shares of its own
// region (and subscription) only.
const vault = new recoveryservices.Vault("backup-vault", {
    resourceGroupName: group.name,
    sku: { name: recoveryservices.SkuName.RS0, tier: "Standard" },
    properties: {
        publicNetworkAccess: recoveryservices.PublicNetworkAccess.Enabled,
        securitySettings: {
            // Deleted backup data stays recoverable for 14 days (an undelete away).
            softDeleteSettings: {
                softDeleteState: recoveryservices.SoftDeleteState.Enabled,
                softDeleteRetentionPeriodInDays: 14,
                enhancedSecurityState: recoveryservices.EnhancedSecurityState.Enabled,
            },
        },
    },
});

// A snapshot every day at 03:00 UTC, kept 30 days; Sunday's kept 12 weeks.
const snapshotTime = "2026-01-01T03:00:00Z";
const policy = new recoveryservices.ProtectionPolicy("daily-share", {
    resourceGroupName: group.name,
    vaultName: vault.name,
    policyName: "daily-share",
    properties: {
        backupManagementType: "AzureStorage",
        workLoadType: recoveryservices.WorkloadType.AzureFileShare,
        timeZone: "UTC",
        schedulePolicy: {
            schedulePolicyType: "SimpleSchedulePolicy",
            scheduleRunFrequency: recoveryservices.ScheduleRunType.Daily,
            scheduleRunTimes: [snapshotTime],
        },
        retentionPolicy: {
            retentionPolicyType: "LongTermRetentionPolicy",
            dailySchedule: {
                retentionTimes: [snapshotTime],
                retentionDuration: { count: 30, durationType: recoveryservices.RetentionDurationType.Days },
            },
            weeklySchedule: {
                daysOfTheWeek: [recoveryservices.DayOfWeek.Sunday],
                retentionTimes: [snapshotTime],
                retentionDuration: { count: 12, durationType: recoveryservices.RetentionDurationType.Weeks },
            },
        },
    },
});

// Registers the storage account with the vault (the service puts a delete lock on the account) and
// asks it what shares the account holds.
const container = new ProtectionContainer("teamfiles", {
    vaultId: vault.id,
    sourceResourceId: account.id,
});

const protection = new FileShareProtection("team", {
    vaultId: vault.id,
    // From the container, so the share is protected only once the account is registered.
    storageAccountId: container.sourceResourceId,
    // From the share, so a new share exists before the vault is asked to find it.
    shareName: share.name,
    // Another policy's id is an in-place update of the protected item (recovery points kept).
    policyId: policy.id,
    // onDelete is left at its default, "retainData": `pulumi destroy` (or removing this resource)
    // stops protection and keeps the recovery points. "deleteData" deletes them.
});

export const storageAccountName = account.name;
export const vaultName = vault.name;
export const containerName = container.containerName;
// The service's own name for the share (AzureFileShare;<system name>), found by the share's name.
export const protectedItemName = protection.protectedItemName;
export const protectionState = protection.protectionState;
export const lastBackupStatus = protection.lastBackupStatus;
