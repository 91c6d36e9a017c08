import * as assert from "node:assert/strict";
import {
    checkFileRecoverySessionInputs,
    defaultInitiatorName,
    diffFileRecoverySession,
    parseRecoveryPointId,
    splitScriptNameSuffix,
    type FileRecoverySessionOutputs,
} from "../../../provider/azurebackup/fileRecoverySession";
import { unknownValue } from "../../../provider/core/dynamic/checks";

const vaultId = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/backup-rg/providers/Microsoft.RecoveryServices/vaults/vault1";
const itemId = `${vaultId}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;app-rg;web1/protectedItems/VM;iaasvmcontainerv2;app-rg;web1`;
const pointId = `${itemId}/recoveryPoints/38823086363464`;
const shareItemId = `${vaultId}/backupFabrics/Azure/protectionContainers/StorageContainer;Storage;backup-rg;shopfiles/protectedItems/AzureFileShare;reports`;

/** The C# of seed 001 (RemovePasswordFromSuffixAndReturn), transcribed: the reference the rule is checked against. */
function seedRule(suffix: string): { password: string; fileName: string } {
    const passwordOffset = suffix.lastIndexOf("_") + 33;
    return { password: suffix.substr(passwordOffset, 15), fileName: suffix.slice(0, passwordOffset) + suffix.slice(passwordOffset + 15) };
}

function reasons(news: Record<string, unknown>): string[] {
    return checkFileRecoverySessionInputs(news).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("FileRecoverySession: the password in scriptNameSuffix (seed 001)", () => {
    it("takes the 15 characters 33 after the last '_' and leaves the rest as the file name", () => {
        const hex = "0123456789abcdef0123456789abcdef";
        const suffix = `web1_westeurope_${hex}Pa55wordXYZabcd20261205101500`;
        assert.deepEqual(splitScriptNameSuffix(suffix), { password: "Pa55wordXYZabcd", fileName: `web1_westeurope_${hex}20261205101500` });
        assert.deepEqual(splitScriptNameSuffix(suffix), seedRule(suffix));
    });

    it("counts from the last '_' only, and agrees with the seed's code on suffixes of any shape", () => {
        const suffixes = [
            `my_vm_name_eastus2_${"f".repeat(32)}ABCDEFGHJKLMNPQ`,
            `_${"0".repeat(32)}zzzzzzzzzzzzzzz${"9".repeat(40)}`,
            `vm-1_region_${"a1".repeat(16)}q2w3e4r5t6y7u8i`,
        ];
        for (const suffix of suffixes) {
            const split = splitScriptNameSuffix(suffix);
            assert.deepEqual(split, seedRule(suffix));
            assert.equal(split.password.length, 15);
            assert.equal(split.fileName.length, suffix.length - 15);
            assert.ok(!split.fileName.includes(split.password));
        }
    });

    it("refuses a suffix with no room for a password, without quoting it", () => {
        const secretish = "no-underscore-here-SECRETSECRETSECRET";
        assert.throws(() => splitScriptNameSuffix(secretish), (e: Error) => /has no '_'/.test(e.message) && !e.message.includes("SECRET"));
        const short = `vm_${"a".repeat(32)}SHORTSECRET`;
        assert.throws(() => splitScriptNameSuffix(short), (e: Error) => /too short to hold the password \(46 characters; it needs 50\)/.test(e.message) && !e.message.includes("SHORTSECRET"));
    });
});

describe("FileRecoverySession check", () => {
    it("parses a VM recovery point's id, percent-encoded or not", () => {
        assert.deepEqual(parseRecoveryPointId(pointId), {
            vault: { subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroupName: "backup-rg", name: "vault1" },
            containerName: "IaasVMContainer;iaasvmcontainerv2;app-rg;web1",
            itemName: "VM;iaasvmcontainerv2;app-rg;web1",
            recoveryPointName: "38823086363464",
        });
        assert.equal(parseRecoveryPointId(pointId.replace(/;/g, "%3B"))?.itemName, "VM;iaasvmcontainerv2;app-rg;web1");
        assert.equal(parseRecoveryPointId(itemId), undefined);
        assert.equal(parseRecoveryPointId(`${vaultId}/recoveryPoints/1`), undefined);
    });

    it("defaults the initiator, triggers and deadline, wants an active session, and lets unknown values through", () => {
        const { inputs, failures } = checkFileRecoverySessionInputs({ recoveryPointId: pointId });
        assert.deepEqual(failures, []);
        assert.deepEqual(inputs, { recoveryPointId: pointId, initiatorName: defaultInitiatorName, triggers: [], deadlineMinutes: 60, sessionState: "Active" });
        const unknown = checkFileRecoverySessionInputs({ recoveryPointId: unknownValue, initiatorName: unknownValue, triggers: unknownValue });
        assert.deepEqual(unknown.failures, []);
        assert.equal(unknown.inputs.recoveryPointId, unknownValue);
        assert.equal(unknown.inputs.initiatorName, unknownValue);
        assert.equal(checkFileRecoverySessionInputs({ recoveryPointId: pointId, initiatorName: "iqn.1991-05.com.microsoft:restore-host" }).inputs.initiatorName, "iqn.1991-05.com.microsoft:restore-host");
    });

    it("names the field and what it accepts", () => {
        assert.match(reasons({ recoveryPointId: itemId })[0], /^recoveryPointId: recoveryPointId must be the ARM id of a VM recovery point \(<protectedItemId>\/recoveryPoints\/<name>/);
        assert.match(reasons({})[0], /^recoveryPointId: recoveryPointId must be the ARM id of a VM recovery point.*; got null$/);
        assert.match(reasons({ recoveryPointId: `${shareItemId}/recoveryPoints/1` })[0], /^recoveryPointId: recoveryPointId must be a recovery point of a VM .*"AzureFileShare;reports" is not a VM item/);
        assert.match(reasons({ recoveryPointId: pointId, initiatorName: "  " })[0], /^initiatorName: initiatorName is required and must be a non-empty string/);
        assert.match(reasons({ recoveryPointId: pointId, initiatorName: "x".repeat(224) })[0], /^initiatorName: initiatorName must be at most 223 bytes/);
        assert.match(reasons({ recoveryPointId: pointId, triggers: "x" })[0], /^triggers: triggers must be a list/);
        assert.match(reasons({ recoveryPointId: pointId, deadlineMinutes: 0 })[0], /^deadlineMinutes: deadlineMinutes must be an integer from 1 to 1440/);
    });
});

describe("FileRecoverySession diff", () => {
    const now = new Date("2026-12-05T12:00:00Z");
    const stored: FileRecoverySessionOutputs = {
        schemaVersion: 1,
        recoveryPointId: pointId,
        initiatorName: defaultInitiatorName,
        triggers: [],
        deadlineMinutes: 60,
        fileName: "web1_westeurope_x",
        scriptExtension: ".ps1",
        osType: "Windows",
        expiresAt: "2026-12-05T20:00:00.000Z",
        sessionState: "Active",
        scriptContent: "script",
        password: "password",
    };
    const news = checkFileRecoverySessionInputs({ recoveryPointId: pointId }).inputs;

    it("shows no change while the session runs, whatever the id's casing", () => {
        assert.deepEqual(diffFileRecoverySession(stored, news, now), { changes: false, diffs: [], replaces: [] });
        assert.equal(diffFileRecoverySession(stored, { ...news, recoveryPointId: pointId.toLowerCase() }, now).changes, false);
    });

    it("provisions a new session in place for an ended session, a new initiator or new triggers; another point replaces", () => {
        assert.deepEqual(diffFileRecoverySession({ ...stored, sessionState: "Expired" }, news, now), { changes: true, diffs: ["sessionState"], replaces: [] });
        assert.deepEqual(diffFileRecoverySession({ ...stored, expiresAt: "2026-12-05T11:59:59.000Z" }, news, now).diffs, ["sessionState"]);
        assert.deepEqual(diffFileRecoverySession(stored, { ...news, initiatorName: "iqn.x" }, now).diffs, ["initiatorName"]);
        assert.deepEqual(diffFileRecoverySession(stored, { ...news, triggers: [2] }, now).diffs, ["triggers"]);
        assert.deepEqual(diffFileRecoverySession(stored, { ...news, recoveryPointId: `${itemId}/recoveryPoints/2` }, now).replaces, ["recoveryPointId"]);
    });
});
