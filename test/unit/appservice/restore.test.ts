import * as assert from "node:assert/strict";
import { checkRestoreInputs, diffRestore, isRestoreInProgress, restoreProvider, startRestoreWhenAppIsFree, type RestoreOutputs } from "../../../provider/appservice/restore";
import { ArmError } from "../../../provider/core/arm/armError";
import { unknownValue } from "../../../provider/core/dynamic/checks";
import { fingerprint } from "../../../provider/core/redact/sanitizer";
import { fakeContainerSasUrl } from "../../../harness/fakeSas";

const siteId = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Web/sites/app1";
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
        const bySite = checked({ backupId: undefined, site: { subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroupName: "rg", name: "app1" }, backupNumber: 7 });
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
        assert.match(reasons(valid({ targetSite: { subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroupName: "rg" } }))[0], /^targetSite\.name: targetSite\.name is required/);
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

describe("Restore start while another restore runs", () => {
    const inProgress = () => new ArmError({ operation: "WebApps.Restore", statusCode: 409, code: "Conflict", message: "Another restore operation is in progress for the app 'shop'." });
    const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

    it("tells a running restore from other conflicts", () => {
        assert.equal(isRestoreInProgress(inProgress()), true);
        assert.equal(isRestoreInProgress(new ArmError({ operation: "WebApps.Restore", statusCode: 409, code: "Conflict", message: "The backup has status 'Failed'." })), false);
        assert.equal(isRestoreInProgress(new Error("in progress")), false);
    });

    it("waits until the app is free, then starts", async () => {
        let calls = 0;
        const started = await startRestoreWhenAppIsFree(async () => (++calls < 3 ? Promise.reject(inProgress()) : "started"), Date.now() + 60_000, "/x", quiet, 5);
        assert.equal(started, "started");
        assert.equal(calls, 3);
    });

    it("gives up with the service's answer at the deadline, and never waits out other errors", async () => {
        await assert.rejects(startRestoreWhenAppIsFree(() => Promise.reject(inProgress()), Date.now() + 30, "/x", quiet, 10), /in progress/);
        let calls = 0;
        await assert.rejects(startRestoreWhenAppIsFree(() => (calls++, Promise.reject(new Error("boom"))), Date.now() + 60_000, "/x", quiet, 5), /boom/);
        assert.equal(calls, 1);
    });
});
