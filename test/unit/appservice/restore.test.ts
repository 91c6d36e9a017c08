import * as assert from "node:assert/strict";
import { checkRestoreInputs, diffRestore, restoreProvider, type RestoreOutputs } from "../../../provider/appservice/restore";
import { unknownValue } from "../../../provider/core/dynamic/checks";
import { fingerprint } from "../../../provider/core/redact/sanitizer";
import { fakeContainerSasUrl } from "../../../harness/fakeSas";

const siteId = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app1";
const otherSiteId = siteId.replace("app1", "app2");
const backupId = `${siteId}/backups/7`;
const sas = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 30, permissions: "rl" });

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { resourceName: "rollback", backupId, storageAccountUrl: sas, overwrite: true, ...overrides };
}

function reasons(news: Record<string, unknown>, olds: Record<string, unknown> = {}): string[] {
    return checkRestoreInputs(olds, news).failures.map((f) => `${f.property}: ${f.reason}`);
}

function checked(overrides: Record<string, unknown> = {}): Record<string, any> {
    const { inputs, failures } = checkRestoreInputs({}, valid(overrides));
    assert.deepEqual(failures, []);
    return inputs;
}

describe("Restore check", () => {
    it("accepts a backup id, or a site and a backup number, and applies defaults", () => {
        const inputs = checked();
        assert.equal(inputs.backupId, backupId);
        assert.equal(inputs.targetSiteId, undefined);
        assert.equal(inputs.deadlineMinutes, 60);
        assert.equal(inputs.ignoreDatabases, false);
        assert.equal(inputs.ignoreConflictingHostNames, false);
        const bySite = checked({ backupId: undefined, site: { subscriptionId: "s1", resourceGroupName: "rg", name: "app1" }, backupNumber: 7 });
        assert.equal(bySite.backupId, backupId);
        assert.equal(bySite.site, undefined);
        assert.equal(checked({ backupId: undefined, siteId, backupNumber: 7 }).backupId, backupId);
    });

    it("names the field and what it accepts", () => {
        assert.match(reasons(valid({ backupId: undefined }))[0], /^backupId: the backup is required/);
        assert.match(reasons(valid({ backupId: siteId }))[0], /^backupId: backupId must be the ARM id of a backup/);
        assert.match(reasons(valid({ siteId }))[0], /^backupId: give the backup either as backupId or as site/);
        assert.match(reasons(valid({ backupId: undefined, siteId, backupNumber: -1 }))[0], /^backupNumber: backupNumber must be an integer from 0/);
        assert.match(reasons(valid({ backupId: undefined, siteId }))[0], /^backupNumber: backupNumber is required/);
        assert.match(reasons(valid({ overwrite: undefined }))[0], /^overwrite: overwrite is required: true to replace/);
        assert.match(reasons(valid({ targetSiteId: "app2" }))[0], /^targetSiteId: targetSiteId must be the ARM id of an app or slot/);
        assert.match(reasons(valid({ targetSite: { subscriptionId: "s1", resourceGroupName: "rg" } }))[0], /^targetSite\.name: targetSite\.name is required/);
        assert.match(reasons(valid({ deadlineMinutes: 2000 }))[0], /^deadlineMinutes: .*1 to 1440/);
    });

    it("asks for overwrite: true into the backup's own app and false into another", () => {
        assert.match(reasons(valid({ overwrite: false }))[0], /^overwrite: overwrite must be true to restore into the backup's own app/);
        assert.match(reasons(valid({ targetSiteId: otherSiteId }))[0], /^overwrite: overwrite must be false to restore into another app/);
        assert.deepEqual(reasons(valid({ targetSiteId: otherSiteId, overwrite: false })), []);
        assert.deepEqual(reasons(valid({ targetSiteId: siteId.toUpperCase() })), [], "the same app in another case");
        assert.deepEqual(reasons(valid({ backupId: unknownValue, overwrite: false })), [], "not judged while the backup is unknown");
    });

    it("needs a SAS that can read, checked for expiry only when it is new", () => {
        const writeOnly = fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 3, permissions: "w" });
        assert.match(reasons(valid({ storageAccountUrl: writeOnly }))[0], /^: storageAccountUrl must grant the permissions "r"/);
        const expired = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: -3 });
        assert.match(reasons(valid({ storageAccountUrl: expired }))[0], /expired at/);
        assert.deepEqual(reasons(valid({ storageAccountUrl: expired }), { storageAccountUrl: expired }), [], "a restore done long ago keeps its old SAS without failing previews");
    });
});

describe("Restore diff", () => {
    const inputs = checked({ databases: [{ databaseType: "MySql", name: "shop", connectionString: "Server=fake;Pwd=FAKEpwd" }] });
    const outputs: RestoreOutputs = {
        schemaVersion: 1,
        resourceName: "rollback",
        backupId,
        sourceSiteId: siteId,
        backupNumber: 7,
        backupName: "nightly-abc",
        blobName: "nightly-abc.zip",
        targetSiteId: siteId,
        overwrite: true,
        storageContainerUrl: "https://acct.blob.core.windows.net/backups",
        storageAccountUrlFingerprint: fingerprint(sas),
        databases: [{ databaseType: "MySql", name: "shop", connectionStringFingerprint: fingerprint("Server=fake;Pwd=FAKEpwd") }],
        ignoreConflictingHostNames: false,
        ignoreDatabases: false,
        deadlineMinutes: 60,
        triggers: [],
        status: "Succeeded",
        startedAt: "2026-01-01T00:00:00.000Z",
        finishedAt: "2026-01-01T00:01:00.000Z",
    };

    it("reports no change for the same inputs", () => {
        assert.deepEqual(diffRestore(outputs, inputs), { changes: false, diffs: [], replaces: [] });
        assert.equal(diffRestore(outputs, { ...inputs, backupId: backupId.toUpperCase() }).changes, false);
        assert.equal(diffRestore(outputs, { ...inputs, targetSiteId: siteId }).changes, false, "the default target, given explicitly");
    });

    it("restores again when what is restored where, or triggers, change", () => {
        const again = (change: Record<string, unknown>) => diffRestore(outputs, { ...inputs, ...change }).replaces;
        assert.deepEqual(again({ triggers: ["rollback-2"] }), ["triggers"]);
        assert.deepEqual(again({ backupId: `${siteId}/backups/8` }), ["backupId"]);
        assert.deepEqual(again({ targetSiteId: otherSiteId, overwrite: false }), ["targetSiteId", "overwrite"]);
        assert.deepEqual(again({ blobName: "other.zip" }), ["blobName"]);
        assert.deepEqual(again({ ignoreDatabases: true }), ["ignoreDatabases"]);
        assert.deepEqual(again({ backupId: unknownValue }), ["backupId", "targetSiteId"]);
    });

    it("only records new credentials and deadlines: a rotated SAS never restores old content again", () => {
        const rotated = { ...inputs, storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 90, permissions: "r" }) };
        assert.deepEqual(diffRestore(outputs, rotated), { changes: true, diffs: ["storageAccountUrl"], replaces: [] });
        assert.deepEqual(diffRestore(outputs, { ...inputs, deadlineMinutes: 10 }).replaces, []);
        assert.deepEqual(diffRestore(outputs, { ...rotated, storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "elsewhere", expiresInDays: 9, permissions: "r" }) }).replaces, ["storageAccountUrl"]);
    });

    it("update records the new fingerprints, and read and delete call nothing", async () => {
        const rotated = { ...inputs, storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 90, permissions: "r" }) };
        const { outs } = await restoreProvider.update!("id", outputs, rotated);
        assert.equal(outs.storageAccountUrlFingerprint, fingerprint(rotated.storageAccountUrl));
        assert.equal(outs.finishedAt, outputs.finishedAt);
        assert.deepEqual(await restoreProvider.read!("id", outputs), { id: "id", props: outputs });
        // No ARM endpoint is configured in this process: any call would fail.
        await restoreProvider.delete!("id", outputs);
    });
});
