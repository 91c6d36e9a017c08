import * as assert from "node:assert/strict";
import { unknownValue } from "../../../provider/core/dynamic/checks";
import { fileShareRestoreWorkload } from "../../../provider/azurebackup/fileShareRestore";
import { checkRestoreInputs } from "../../../provider/azurebackup/restoreRun";
import { sqlDatabaseRestoreWorkload } from "../../../provider/azurebackup/sqlDatabaseRestore";
import { vmRestoreWorkload } from "../../../provider/azurebackup/vmRestore";

const vaultId = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/backup-rg/providers/Microsoft.RecoveryServices/vaults/vault1";
const vmItem = `${vaultId}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;app-rg;web1/protectedItems/VM;iaasvmcontainerv2;app-rg;web1`;
const sqlItem = `${vaultId}/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;app-rg;web1/protectedItems/SQLDataBase;mssqlserver;orders`;
const account = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/backup-rg/providers/Microsoft.Storage/storageAccounts/stage1";

const reasons = (result: { failures: { property: string; reason: string }[] }) => result.failures.map((f) => `${f.property}: ${f.reason}`);

describe("restore checks", () => {
    it("takes a recovery point of the item, its id percent-encoded or not, and refuses one of another item", () => {
        const ok = checkRestoreInputs(vmRestoreWorkload, { protectedItemId: vmItem, recoveryPointId: `${vmItem.replace(/;/g, "%3B")}/recoveryPoints/42`, restoreType: "RestoreDisks", storageAccountId: account });
        assert.deepEqual(ok.failures, []);
        assert.equal(ok.inputs.deadlineMinutes, 60);
        assert.deepEqual(ok.inputs.triggers, []);
        const other = checkRestoreInputs(vmRestoreWorkload, { protectedItemId: vmItem, recoveryPointId: `${sqlItem}/recoveryPoints/1`, restoreType: "RestoreDisks", storageAccountId: account });
        assert.deepEqual(reasons(other), [`recoveryPointId: recoveryPointId is a recovery point of another protected item (SQLDataBase;mssqlserver;orders); it must be one of ${vmItem}`]);
        const notOne = checkRestoreInputs(vmRestoreWorkload, { protectedItemId: vmItem, recoveryPointId: "42", restoreType: "RestoreDisks", storageAccountId: account });
        assert.match(reasons(notOne)[0], /^recoveryPointId: recoveryPointId must be the ARM id of a recovery point/);
    });

    it("VM: the fields each restore type needs, and no others", () => {
        assert.deepEqual(reasons(checkRestoreInputs(vmRestoreWorkload, { protectedItemId: vmItem, recoveryPointId: `${vmItem}/recoveryPoints/1`, restoreType: "RestoreDisks" })), [
            "storageAccountId: storageAccountId is required: the ARM id of a storage account, /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>",
        ]);
        const inPlace = checkRestoreInputs(vmRestoreWorkload, { protectedItemId: vmItem, recoveryPointId: `${vmItem}/recoveryPoints/1`, restoreType: "originallocation", targetVirtualMachineId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/z" });
        assert.deepEqual(reasons(inPlace), ["targetVirtualMachineId: targetVirtualMachineId applies to restoreType AlternateLocation only; got restoreType OriginalLocation"]);
    });

    it("file share: paths that climb out, a share name storage cannot hold, alternate fields without AlternateLocation", () => {
        const point = `${vmItem}/recoveryPoints/1`.replace(/IaasVMContainer[^/]*\/protectedItems\/[^/]*/, "StorageContainer;Storage;rg;acct/protectedItems/AzureFileShare;abc");
        const item = point.replace(/\/recoveryPoints\/1$/, "");
        const r = checkRestoreInputs(fileShareRestoreWorkload, { protectedItemId: item, recoveryPointId: point, items: [{ path: "a/../../b" }, { path: "ok.txt", isDirectory: "yes" }], targetShareName: "x" });
        assert.deepEqual(reasons(r), [
            'items[0].path: items[0].path must be a path in the share, such as reports/q1.csv, without . or .. parts; got "a/../../b"',
            "items[1].isDirectory: items[1].isDirectory must be true or false",
            'targetShareName: targetShareName must be 3 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit, without two hyphens in a row; got "x"',
            "targetShareName: targetShareName applies to target AlternateLocation only",
        ]);
        assert.equal(checkRestoreInputs(fileShareRestoreWorkload, { protectedItemId: item, recoveryPointId: point }).inputs.copyOptions, "FailOnConflict");
    });

    it("SQL: one of a point or a time; OriginalLocation needs overwrite; unknown values pass at preview", () => {
        assert.deepEqual(reasons(checkRestoreInputs(sqlDatabaseRestoreWorkload, { protectedItemId: sqlItem, targetDatabaseName: "x" })), [
            "recoveryPointId: give one of recoveryPointId (a full or differential recovery point) or pointInTime (a moment within the log backups)",
        ]);
        assert.deepEqual(reasons(checkRestoreInputs(sqlDatabaseRestoreWorkload, { protectedItemId: sqlItem, pointInTime: "2026-12-01T10:00:00Z", target: "OriginalLocation" })), [
            "overwrite: overwrite must be true with target OriginalLocation: the restore replaces the database",
        ]);
        const unknown = checkRestoreInputs(sqlDatabaseRestoreWorkload, { protectedItemId: unknownValue, recoveryPointId: unknownValue, targetDatabaseName: unknownValue });
        assert.deepEqual(unknown.failures, []);
        assert.equal(unknown.inputs.recoveryPointId, unknownValue);
    });
});
