import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as recoveryservices from "@pulumi/azure-native/recoveryservices";
import * as resources from "@pulumi/azure-native/resources";
import { ProtectionContainer, ProtectionIntent, SqlDatabaseProtection } from "declarative-backups";

// How an infra repo would write it: the vault and its SQL policy come from @pulumi/azure-native; the
// VM's registration, the databases' protection and the instance's auto-protection come from this
// package and reference the VM, the vault and the policy by id.
const config = new pulumi.Config();
// The VM running SQL Server (with the SQL IaaS extension), from another stack or made by hand, e.g.
// /subscriptions/<id>/resourceGroups/data/providers/Microsoft.Compute/virtualMachines/sql1
const sqlVm = compute.VirtualMachine.get("sql1", config.require("sqlVmId"));

// A vault protects workloads of its own region only: put it where the VM is.
const group = new resources.ResourceGroup("backup", { location: sqlVm.location });
const vault = new recoveryservices.Vault("backup-vault", {
    resourceGroupName: group.name,
    location: sqlVm.location,
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

// A full backup every day at 01:00 UTC (kept 30 days, Sunday's kept 12 weeks) and a log backup every
// hour (kept 15 days): any point in time of the last 15 days can be restored.
const fullBackupTime = "2026-01-01T01:00:00Z";
const policy = new recoveryservices.ProtectionPolicy("sql-daily-full-hourly-log", {
    resourceGroupName: group.name,
    vaultName: vault.name,
    policyName: "sql-daily-full-hourly-log",
    properties: {
        backupManagementType: "AzureWorkload",
        workLoadType: recoveryservices.WorkloadType.SQLDataBase,
        settings: { timeZone: "UTC", issqlcompression: true },
        subProtectionPolicy: [
            {
                policyType: recoveryservices.PolicyType.Full,
                schedulePolicy: {
                    schedulePolicyType: "SimpleSchedulePolicy",
                    scheduleRunFrequency: recoveryservices.ScheduleRunType.Daily,
                    scheduleRunTimes: [fullBackupTime],
                },
                retentionPolicy: {
                    retentionPolicyType: "LongTermRetentionPolicy",
                    dailySchedule: {
                        retentionTimes: [fullBackupTime],
                        retentionDuration: { count: 30, durationType: recoveryservices.RetentionDurationType.Days },
                    },
                    weeklySchedule: {
                        daysOfTheWeek: [recoveryservices.DayOfWeek.Sunday],
                        retentionTimes: [fullBackupTime],
                        retentionDuration: { count: 12, durationType: recoveryservices.RetentionDurationType.Weeks },
                    },
                },
            },
            {
                policyType: recoveryservices.PolicyType.Log,
                schedulePolicy: { schedulePolicyType: "LogSchedulePolicy", scheduleFrequencyInMins: 60 },
                retentionPolicy: {
                    retentionPolicyType: "SimpleRetentionPolicy",
                    retentionDuration: { count: 15, durationType: recoveryservices.RetentionDurationType.Days },
                },
            },
        ],
    },
});

// Registers the VM with the vault for SQL workloads and asks it what databases it runs. The
// databases below take the VM's id from here, so they wait for the registration.
const container = new ProtectionContainer("sql1", {
    vaultId: vault.id,
    sourceResourceId: sqlVm.id,
});

// The databases that matter, each with its own resource: its state, its onDelete, its last backup.
const databases = ["orders", "inventory"].map(
    (databaseName) =>
        new SqlDatabaseProtection(`sql1-${databaseName}`, {
            vaultId: vault.id,
            vmId: container.sourceResourceId,
            instanceName: "MSSQLSERVER",
            databaseName,
            // Another policy's id is an in-place update of the protected item (recovery points kept).
            policyId: policy.id,
            // onDelete is left at its default, "retainData": `pulumi destroy` (or removing this
            // resource) stops protection and keeps the recovery points in the vault.
        }),
);

// Every other database of the instance, now and later (one created next month included), gets
// protected with the same policy by the service itself. Destroying the intent stops that; databases
// it protected stay protected.
const autoProtection = new ProtectionIntent("sql1-mssqlserver", {
    vaultId: vault.id,
    vmId: container.sourceResourceId,
    instanceName: "MSSQLSERVER",
    policyId: policy.id,
});

export const vaultName = vault.name;
export const containerName = container.containerName;
export const protectedDatabases = databases.map((db) => ({
    database: db.databaseName,
    item: db.protectedItemName,
    state: db.protectionState,
    lastBackupStatus: db.lastBackupStatus,
}));
export const autoProtectionState = autoProtection.protectionState;
