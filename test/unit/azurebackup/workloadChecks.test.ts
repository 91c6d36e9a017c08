import * as assert from "node:assert/strict";
import { checkFileShareProtectionInputs } from "../../../provider/azurebackup/fileShareProtection";
import { checkProtectionContainerInputs, containerKindOf } from "../../../provider/azurebackup/protectionContainer";
import { checkProtectionIntentInputs, intentNameOf } from "../../../provider/azurebackup/protectionIntent";
import { checkSqlDatabaseProtectionInputs, sqlPolicyProblem } from "../../../provider/azurebackup/sqlDatabaseProtection";

const sub = "11111111-2222-4333-8444-555555555555";
const vaultId = `/subscriptions/${sub}/resourceGroups/backup-rg/providers/Microsoft.RecoveryServices/vaults/vault1`;
const vmId = `/subscriptions/${sub}/resourceGroups/sql-rg/providers/Microsoft.Compute/virtualMachines/sql1`;
const accountId = `/subscriptions/${sub}/resourceGroups/files-rg/providers/Microsoft.Storage/storageAccounts/shopfiles`;

function reasons(result: { failures: Array<{ property: string; reason: string }> }): string[] {
    return result.failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("Azure Backup workload checks", () => {
    it("ProtectionContainer tells a SQL VM from a storage account, and names anything else", () => {
        assert.equal(containerKindOf(vmId)?.knownName, "VMAppContainer;Compute;sql-rg;sql1");
        assert.equal(containerKindOf(accountId)?.knownName, "StorageContainer;Storage;files-rg;shopfiles");
        assert.deepEqual(reasons(checkProtectionContainerInputs({ vaultId, sourceResourceId: vmId })), []);
        assert.equal(checkProtectionContainerInputs({ vaultId, sourceResourceId: vmId }).inputs.onDelete, "unregisterWhenEmpty");
        assert.match(reasons(checkProtectionContainerInputs({ vaultId, sourceResourceId: `${vaultId}/x` }))[0], /^sourceResourceId: sourceResourceId must be the ARM id of a VM .* or of a storage account/);
        assert.match(reasons(checkProtectionContainerInputs({ vaultId, sourceResourceId: vmId, onDelete: "delete" }))[0], /^onDelete: onDelete must be one of unregisterWhenEmpty, unregister, retain/);
    });

    it("FileShareProtection takes a storage account and a share name by the storage rules", () => {
        const ok = checkFileShareProtectionInputs({ vaultId, storageAccountId: accountId, shareName: "reports", policyName: "Daily" });
        assert.deepEqual(reasons(ok), []);
        assert.equal(ok.inputs.policyId, `${vaultId}/backupPolicies/Daily`);
        assert.match(reasons(checkFileShareProtectionInputs({ vaultId, storageAccountId: accountId, shareName: "Reports_2026", policyName: "Daily" }))[0], /^shareName: shareName must be 3 to 63 lowercase letters/);
        assert.match(reasons(checkFileShareProtectionInputs({ vaultId, storageAccountId: vmId, shareName: "reports", policyName: "Daily" }))[0], /^storageAccountId: storageAccountId must be the ARM id of a storage account/);
    });

    it("SqlDatabaseProtection takes the VM, the instance and the database", () => {
        assert.deepEqual(reasons(checkSqlDatabaseProtectionInputs({ vaultId, vmId, instanceName: "MSSQLSERVER", databaseName: "orders", policyName: "SqlDaily" })), []);
        assert.match(reasons(checkSqlDatabaseProtectionInputs({ vaultId, vmId, instanceName: "MS SQL", databaseName: "orders", policyName: "SqlDaily" }))[0], /^instanceName: instanceName must be a SQL Server instance name/);
        assert.match(reasons(checkSqlDatabaseProtectionInputs({ vaultId, vmId, instanceName: "MSSQLSERVER", policyName: "SqlDaily" }))[0], /^databaseName: databaseName is required/);
        assert.equal(sqlPolicyProblem({ id: "p", name: "p", properties: { backupManagementType: "AzureIaasVM" } }), "is for AzureIaasVM items; a SQL database needs an AzureWorkload policy for SQLDataBase");
        assert.equal(sqlPolicyProblem({ id: "p", name: "p", properties: { backupManagementType: "AzureWorkload", workLoadType: "SAPHanaDatabase" } }), "is for SAPHanaDatabase workloads; a SQL database needs one for SQLDataBase");
        assert.equal(sqlPolicyProblem({ id: "p", name: "p", properties: { backupManagementType: "AzureWorkload", workLoadType: "SQLDataBase" } }), undefined);
    });

    it("ProtectionIntent names a VM's intent as the service does, and a SQL instance's by a stable GUID", () => {
        assert.deepEqual(reasons(checkProtectionIntentInputs({ vaultId, vmId, policyName: "Daily" })), []);
        assert.equal(intentNameOf({ vaultId, vmId }), "vm;iaasvmcontainerv2;sql-rg;sql1");
        const sqlIntent = intentNameOf({ vaultId, vmId, instanceName: "MSSQLSERVER" });
        assert.match(sqlIntent, /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-8[0-9A-F]{3}-[0-9A-F]{12}$/);
        assert.equal(intentNameOf({ vaultId: vaultId.toUpperCase(), vmId, instanceName: "mssqlserver" }), sqlIntent, "the same intent whatever the casing");
        assert.match(reasons(checkProtectionIntentInputs({ vaultId, vmId }))[0], /^policyId: a policy is required/);
        assert.match(reasons(checkProtectionIntentInputs({ vaultId, vmId: accountId, policyName: "Daily" }))[0], /^vmId: vmId must be the ARM id of a VM/);
    });
});
