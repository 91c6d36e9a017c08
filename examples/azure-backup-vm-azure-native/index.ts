import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as recoveryservices from "@pulumi/azure-native/recoveryservices";
import * as resources from "@pulumi/azure-native/resources";
import { VmProtection } from "declarative-backups";

// How an infra repo would write it: the vault and its policy come from @pulumi/azure-native; the
// VM's protection comes from this package and references the VM, the vault and the policy by id.
const config = new pulumi.Config();
// The VM lives in another stack (or was made by hand): its ARM id, e.g.
// /subscriptions/<id>/resourceGroups/web/providers/Microsoft.Compute/virtualMachines/web1
const vm = compute.VirtualMachine.get("web1", config.require("vmId"));

// A vault protects VMs of its own region only: put it where the VM is.
const group = new resources.ResourceGroup("backup", { location: vm.location });
const vault = new recoveryservices.Vault("backup-vault", {
    resourceGroupName: group.name,
    location: vm.location,
    sku: { name: recoveryservices.SkuName.RS0, tier: "Standard" },
    properties: {
        publicNetworkAccess: recoveryservices.PublicNetworkAccess.Enabled,
        // Set before the first item is protected: the vault's redundancy cannot change afterwards.
        redundancySettings: { standardTierStorageRedundancy: recoveryservices.StandardTierStorageRedundancy.GeoRedundant },
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

// Every day at 02:00 UTC; daily recovery points kept 30 days, Sunday's kept 12 weeks.
const backupTime = "2026-01-01T02:00:00Z";
const policy = new recoveryservices.ProtectionPolicy("daily-vm", {
    resourceGroupName: group.name,
    vaultName: vault.name,
    policyName: "daily-vm",
    properties: {
        backupManagementType: "AzureIaasVM",
        timeZone: "UTC",
        instantRpRetentionRangeInDays: 2,
        schedulePolicy: {
            schedulePolicyType: "SimpleSchedulePolicy",
            scheduleRunFrequency: recoveryservices.ScheduleRunType.Daily,
            scheduleRunTimes: [backupTime],
        },
        retentionPolicy: {
            retentionPolicyType: "LongTermRetentionPolicy",
            dailySchedule: {
                retentionTimes: [backupTime],
                retentionDuration: { count: 30, durationType: recoveryservices.RetentionDurationType.Days },
            },
            weeklySchedule: {
                daysOfTheWeek: [recoveryservices.DayOfWeek.Sunday],
                retentionTimes: [backupTime],
                retentionDuration: { count: 12, durationType: recoveryservices.RetentionDurationType.Weeks },
            },
        },
    },
});

const protection = new VmProtection("web1", {
    vaultId: vault.id,
    vmId: vm.id,
    // Another policy's id is an in-place update of the protected item (recovery points kept).
    policyId: policy.id,
    // The OS disk and the data disk at LUN 0 (the scratch disk at LUN 1 is left out); preview fails
    // if the VM has no data disk at a LUN listed. [] would mean the OS disk only.
    includedDiskLuns: [0],
    // onDelete is left at its default, "retainData": `pulumi destroy` (or removing this resource)
    // stops protection and keeps the recovery points in the vault. "deleteData" deletes them.
});

export const vaultName = vault.name;
export const protectedItemName = protection.protectedItemName;
export const disksBackedUp = protection.diskSelection;
export const protectionState = protection.protectionState;
export const lastBackupStatus = protection.lastBackupStatus;
