import * as assert from "node:assert/strict";
import { checkOnDemandBackupInputs, parseProtectedItemId } from "../../../provider/azurebackup/onDemandBackup";
import { unknownValue } from "../../../provider/core/dynamic/checks";

const vaultId = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/backup-rg/providers/Microsoft.RecoveryServices/vaults/vault1";
const itemId = `${vaultId}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;app-rg;web1/protectedItems/VM;iaasvmcontainerv2;app-rg;web1`;
const now = new Date("2026-12-05T00:00:00Z");

function reasons(news: Record<string, unknown>): string[] {
    return checkOnDemandBackupInputs(news, now).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("OnDemandBackup check", () => {
    it("parses the protected item's id, percent-encoded or not", () => {
        assert.deepEqual(parseProtectedItemId(itemId), {
            vault: { subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroupName: "backup-rg", name: "vault1" },
            containerName: "IaasVMContainer;iaasvmcontainerv2;app-rg;web1",
            itemName: "VM;iaasvmcontainerv2;app-rg;web1",
        });
        assert.equal(parseProtectedItemId(itemId.replace(/;/g, "%3B"))?.itemName, "VM;iaasvmcontainerv2;app-rg;web1");
        assert.equal(parseProtectedItemId(vaultId), undefined);
    });

    it("takes a future retainUntil, a SQL backup type and triggers, with defaults", () => {
        const { inputs, failures } = checkOnDemandBackupInputs({ protectedItemId: itemId, retainUntil: "2027-01-01T00:00:00Z", backupType: "copyonlyfull" }, now);
        assert.deepEqual(failures, []);
        assert.equal(inputs.backupType, "CopyOnlyFull");
        assert.deepEqual(inputs.triggers, []);
        assert.equal(inputs.deadlineMinutes, 60);
        assert.deepEqual(checkOnDemandBackupInputs({ protectedItemId: unknownValue }, now).failures, []);
    });

    it("names the field and what it accepts", () => {
        assert.deepEqual(reasons({ protectedItemId: itemId, retainUntil: "2026-12-01T00:00:00Z" }), ["retainUntil: retainUntil must be in the future; got 2026-12-01T00:00:00.000Z"]);
        assert.match(reasons({ protectedItemId: itemId, retainUntil: "2027-02-30T00:00:00Z" })[0], /^retainUntil: retainUntil is not a date/);
        assert.match(reasons({ protectedItemId: itemId, backupType: "Weekly" })[0], /^backupType: backupType must be one of Full, Differential, Log, CopyOnlyFull/);
        assert.match(reasons({ protectedItemId: vaultId })[0], /^protectedItemId: protectedItemId must be the ARM id of a protected item/);
        assert.match(reasons({ protectedItemId: itemId, triggers: "x" })[0], /^triggers: triggers must be a list/);
    });
});
