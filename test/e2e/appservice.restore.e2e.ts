import * as assert from "node:assert/strict";
import { Backup } from "../../provider/appservice/backup";
import { Restore, type RestoreArgs } from "../../provider/appservice/restore";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, readBackendFiles, type LocalStack } from "../../harness/localStack";
import { EngineOutput, assertNoSecrets, errorText } from "./support/engineOutput";
import { killUpOnceRunning, removeStaleLock } from "./support/processes";

const sub = "00000000-0000-0000-0000-00000000e5e2";
const rg = "restore-e2e-rg";
const app = "shop-app";
const staging = "shop-staging";
const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${app}`;
const stagingId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${staging}`;
const container = "restore-backups";
const days = 86_400_000;
const original = { files: { "index.html": "<h1>shop v1</h1>", "api/config.json": '{"version":1}' }, appSettings: { THEME: "light" } };
const env = (emulator: RunningEmulator) => ({ ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20", DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100" });

async function seed(emulator: RunningEmulator): Promise<void> {
    await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: app });
    await emulator.control.putSite(sub, rg, staging, "westeurope");
    await emulator.control.putSiteContent(siteId, original);
    await emulator.control.putSiteContent(stagingId, { files: { "index.html": "<h1>staging</h1>" }, appSettings: { THEME: "dark" } });
    await emulator.control.createContainer(container);
}

function sasFor(emulator: RunningEmulator, permissions = "rwdl", expiresInMs = 30 * days): string {
    return emulator.control.containerSasUrl({ container, permissions, expiresOn: new Date(Date.now() + expiresInMs) });
}

/** What the program declares at each run. */
interface Plan {
    sas: string;
    rollback?: { triggers?: unknown[] };
    stagingCopy?: boolean;
    slotCopy?: boolean;
}

describe("Restore through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let plan: Plan;
    const output = new EngineOutput();

    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
        plan = { sas: sasFor(emulator) };
        local = await createLocalStack({
            projectName: "restore-e2e",
            program: async () => {
                const backup = new Backup("before-release", { siteId, storageAccountUrl: plan.sas });
                const outputs: Record<string, unknown> = { backupId: backup.backupId };
                if (plan.rollback) {
                    const rollback = new Restore("rollback", { backupId: backup.backupId, storageAccountUrl: plan.sas, overwrite: true, triggers: plan.rollback.triggers });
                    outputs.rollbackFinishedAt = rollback.finishedAt;
                    outputs.rollbackTarget = rollback.targetSiteId;
                }
                if (plan.stagingCopy) {
                    const copy = new Restore("staging-copy", {
                        backupId: backup.backupId,
                        storageAccountUrl: plan.sas,
                        targetSite: { subscriptionId: sub, resourceGroupName: rg, name: staging },
                        overwrite: false,
                    });
                    outputs.copyTarget = copy.targetSiteId;
                }
                if (plan.slotCopy) {
                    const slot = new Restore("slot-copy", {
                        backupId: backup.backupId,
                        storageAccountUrl: plan.sas,
                        targetSite: { subscriptionId: sub, resourceGroupName: rg, name: app, slot: "preprod" },
                        overwrite: false,
                    });
                    outputs.slotTarget = slot.targetSiteId;
                }
                return outputs;
            },
            env: env(emulator),
        });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("a restore brings back the content the app had at the backup", async () => {
        await local.stack.up({ onOutput: output.onOutput });
        // Someone ships a broken release after the backup.
        await emulator.control.putSiteContent(siteId, { files: { "index.html": "<h1>broken v2</h1>" }, appSettings: { THEME: "neon" } });
        plan = { ...plan, rollback: {} };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.create, 1);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), original);
        assert.equal(result.outputs.rollbackTarget.value, siteId);
        assert.match(output.text(), /\[Restore rollback\] info: restoring backup before-release-[0-9a-f]{10}_\d{12} \(#\d+\) of .* into the same app \(overwrite\)/);
    });

    it("a second preview shows no change, with or without a refresh", async () => {
        const preview = await local.stack.preview({ onOutput: output.onOutput });
        assert.deepEqual(preview.changeSummary, { same: 3 });
        const refreshed = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        assert.deepEqual(refreshed.changeSummary, { same: 3 });
    });

    it("never restores again on refresh or on an up without changes", async () => {
        const later = { files: { "index.html": "<h1>shop v3</h1>" }, appSettings: { THEME: "light" } };
        await emulator.control.putSiteContent(siteId, later);
        await emulator.control.clearRequests();
        await local.stack.refresh({ onOutput: output.onOutput });
        const result = await local.stack.up({ refresh: true, onOutput: output.onOutput });
        assert.deepEqual(result.summary.resourceChanges, { same: 3 });
        assert.deepEqual(await emulator.control.getSiteContent(siteId), later);
        const restores = Object.keys((await emulator.control.getRequests()).byRoute).filter((route) => /^POST .*\/restore$/i.test(route));
        assert.deepEqual(restores, [], "no restore request was sent");
    });

    it("a new SAS token is only recorded: the restore does not run again", async () => {
        const later = await emulator.control.getSiteContent(siteId);
        plan = { ...plan, sas: sasFor(emulator, "rwdl", 60 * days) };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.deepEqual(result.summary.resourceChanges, { same: 1, update: 2 });
        assert.deepEqual(await emulator.control.getSiteContent(siteId), later);
        assert.match(output.text(), /\[Restore rollback\] info: changed: storageAccountUrl \(recorded only: the restore does not run again\)/);
    });

    it("a change of triggers restores again", async () => {
        plan = { ...plan, rollback: { triggers: ["incident-42"] } };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.replace, 1);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), original);
    });

    it("restores into another app, leaving the backed-up app alone", async () => {
        await emulator.control.putSiteContent(siteId, { files: { "index.html": "<h1>shop v4</h1>" }, appSettings: {} });
        plan = { ...plan, stagingCopy: true };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.create, 1);
        assert.deepEqual(await emulator.control.getSiteContent(stagingId), original);
        assert.deepEqual((await emulator.control.getSiteContent(siteId)).files["index.html"], "<h1>shop v4</h1>");
        assert.equal(result.outputs.copyTarget.value, stagingId);
    });

    it("restores into a slot of the backed-up app, leaving production alone", async () => {
        const slotId = `${siteId}/slots/preprod`;
        await emulator.control.putSlot(sub, rg, app, "preprod");
        await emulator.control.putSiteContent(slotId, { files: { "index.html": "<h1>preprod</h1>" }, appSettings: { THEME: "grey" } });
        plan = { ...plan, slotCopy: true };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.create, 1);
        assert.deepEqual(await emulator.control.getSiteContent(slotId), original);
        assert.equal((await emulator.control.getSiteContent(siteId)).files["index.html"], "<h1>shop v4</h1>");
        assert.equal(result.outputs.slotTarget.value, slotId);
        assert.deepEqual((await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput })).changeSummary, { same: 5 });
    });

    it("keeps the SAS signature and the storage key out of every file and of engine output", async () => {
        const files = readBackendFiles(local.workDir);
        const signatures = [plan.sas, ...(await emulator.control.listStoredBackups(siteId)).value.map((b) => b.properties.storageAccountUrl)].map((url) => new URL(url).searchParams.get("sig")!);
        assertNoSecrets({ ...files, "engine output": output.text() }, [...signatures, emulator.storage!.accountKey]);
        const restore = (await local.stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("appservice:Restore"));
        assert.ok(restore.outputs.storageAccountUrlFingerprint.startsWith("sha256:"));
        const shell = String(restore.inputs.__provider);
        assert.ok(shell.length < 1024, `__provider is ${shell.length} bytes`);
    });

    it("a backup deleted out of band does not remove the restore records", async () => {
        const [backup] = (await emulator.control.listStoredBackups(siteId)).value.filter((b) => b.properties.status === "Succeeded");
        await emulator.control.deleteStoredBackup(siteId, backup.properties.id);
        await local.stack.refresh({ onOutput: output.onOutput });
        const types = (await local.stack.exportStack()).deployment.resources.map((r: { type: string }) => r.type.replace(/^.*:/, ""));
        assert.deepEqual(types.filter((t: string) => t === "Backup" || t === "Restore").sort(), ["Restore", "Restore", "Restore"], "the Backup is dropped, the restores stay");
    });

    it("destroy only forgets the restores: the apps keep their content", async () => {
        const destroyOutput = new EngineOutput();
        await local.stack.destroy({ onOutput: destroyOutput.onOutput });
        assert.deepEqual(await emulator.control.getSiteContent(stagingId), original);
        assert.match(destroyOutput.text(), /\[Restore rollback\] info: a restore cannot be undone: forgetting the record/);
    });
});

describe("Restore interrupted: the engine killed while the restore runs", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());

    it("a rerun waits for the running restore, then restores: the app ends with the backup's content", async () => {
        const sas = sasFor(emulator);
        let withRollback = false;
        const local = await createLocalStack({
            projectName: "restore-e2e-kill",
            program: async () => {
                const backup = new Backup("before-release", { siteId, storageAccountUrl: sas });
                if (withRollback) new Restore("rollback", { backupId: backup.backupId, storageAccountUrl: sas, overwrite: true });
            },
            env: env(emulator),
        });
        const output = new EngineOutput();
        const restoreAnswers = async (status: string) => (await emulator.control.getRequests()).byOperation["WebApps.Restore"]?.statuses[status] ?? 0;
        try {
            await local.stack.up();
            await emulator.control.putSiteContent(siteId, { files: { "index.html": "<h1>shop v2, broken</h1>" }, appSettings: { THEME: "neon" } });
            // A long restore, so the kill lands while it runs and the rerun meets it still running.
            await emulator.control.setAppServiceBehaviour({ restoreMs: 12_000 });
            withRollback = true;
            await killUpOnceRunning(local, async () => (await restoreAnswers("202")) > 0);
            assert.equal(await restoreAnswers("202"), 1, "the restore started");
            assert.equal((await emulator.control.getSiteContent(siteId)).appSettings.THEME, "neon", "the restore has not ended yet");

            // The killed run's pending create is cleared by refresh.
            removeStaleLock(local);
            await local.stack.refresh({ clearPendingCreates: true });
            const rerun = await local.stack.up({ onOutput: output.onOutput });
            assert.equal(rerun.summary.resourceChanges?.create, 1);
            assert.match(output.text(), /another restore into .*shop-app is running .*: waiting for it to end first/);
            assert.ok((await restoreAnswers("409")) >= 1, "the service refused a second restore while the first ran");
            assert.equal(await restoreAnswers("202"), 2, "the rerun restored once more, after the first ended");
            assert.deepEqual(await emulator.control.getSiteContent(siteId), original);
            assert.deepEqual((await local.stack.preview({ refresh: true, expectNoChanges: true })).changeSummary, { same: 3 });
            await local.stack.destroy();
        } finally {
            await emulator.control.setAppServiceBehaviour({ restoreMs: 1500 });
            await local.remove();
        }
    });
});

describe("Restore failures and bad input", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());

    async function restoreStack(projectName: string, args: () => RestoreArgs): Promise<LocalStack> {
        return createLocalStack({
            projectName,
            program: async () => {
                new Restore("rollback", args());
            },
            env: env(emulator),
        });
    }

    /** The number of a Succeeded backup of the app, made by a Backup stack that keeps it (retainOnDelete) when destroyed. */
    async function backupNumber(): Promise<number> {
        const sas = sasFor(emulator);
        const local = await createLocalStack({
            projectName: "restore-e2e-source",
            program: async () => ({ number: new Backup("source", { siteId, storageAccountUrl: sas, retainOnDelete: true }).backupNumber }),
            env: env(emulator),
        });
        try {
            const result = await local.stack.up();
            await local.stack.destroy();
            return result.outputs.number.value;
        } finally {
            await local.remove();
        }
    }

    it("a failed restore fails up with the service's message", async () => {
        const number = await backupNumber();
        await emulator.control.forceOutcome({ kind: "restore", outcome: "Failed", siteId, log: "The restore operation failed: the app's file system is read-only." });
        const local = await restoreStack("restore-e2e-failed", () => ({ site: { subscriptionId: sub, resourceGroupName: rg, name: app }, backupNumber: number, storageAccountUrl: sasFor(emulator, "rl"), overwrite: true }));
        try {
            await assert.rejects(local.stack.up(), (error: unknown) => {
                assert.match(errorText(error), /WebApps\.Restore failed: RestoreFailed: The restore operation failed: the app's file system is read-only\./);
                return true;
            });
            assert.equal((await local.stack.exportStack()).deployment.resources?.filter((r: { type: string }) => r.type.endsWith("Restore")).length ?? 0, 0);
        } finally {
            await emulator.control.clearForcedOutcomes();
            await local.remove();
        }
    });

    it("a backup that does not exist fails up, naming it", async () => {
        const local = await restoreStack("restore-e2e-missing", () => ({ backupId: `${siteId}/backups/999999`, storageAccountUrl: sasFor(emulator, "rl"), overwrite: true }));
        try {
            await assert.rejects(local.stack.up(), (error: unknown) => {
                assert.match(errorText(error), /backup #999999 of .*shop-app does not exist/);
                return true;
            });
        } finally {
            await local.remove();
        }
    });

    const cases: Array<[string, (e: RunningEmulator) => RestoreArgs, RegExp]> = [
        ["overwrite false into the backup's own app", (e) => ({ backupId: `${siteId}/backups/1`, storageAccountUrl: sasFor(e, "rl"), overwrite: false }), /overwrite must be true to restore into the backup's own app/],
        ["overwrite true into another app", (e) => ({ backupId: `${siteId}/backups/1`, targetSiteId: stagingId, storageAccountUrl: sasFor(e, "rl"), overwrite: true }), /overwrite must be false to restore into another app/],
        ["a SAS that cannot read", (e) => ({ backupId: `${siteId}/backups/1`, storageAccountUrl: sasFor(e, "w"), overwrite: true }), /storageAccountUrl must grant the permissions "r" \(sp\); got sp=w/],
        ["a backup id that is an app id", (e) => ({ backupId: siteId, storageAccountUrl: sasFor(e, "rl"), overwrite: true }), /backupId must be the ARM id of a backup/],
        ["no backup at all", (e) => ({ storageAccountUrl: sasFor(e, "rl"), overwrite: true }), /the backup is required: set backupId/],
    ];
    for (const [what, args, expected] of cases) {
        it(`rejects ${what} at preview, before any API call`, async () => {
            const given = args(emulator);
            const local = await restoreStack("restore-e2e-bad-input", () => given);
            try {
                await emulator.control.clearRequests();
                await assert.rejects(local.stack.preview(), (error: unknown) => {
                    assert.match(errorText(error), expected);
                    assert.ok(!errorText(error).includes(new URL(String(given.storageAccountUrl)).searchParams.get("sig")!));
                    return true;
                });
                assert.equal((await emulator.control.getRequests()).armRequests, 0);
            } finally {
                await local.remove();
            }
        });
    }
});
