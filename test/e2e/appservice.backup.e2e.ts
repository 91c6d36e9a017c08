import * as assert from "node:assert/strict";
import { Backup, type BackupArgs } from "../../provider/appservice/backup";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, readBackendFiles, type LocalStack } from "../../harness/localStack";
import { EngineOutput, assertNoSecrets, errorText } from "./support/engineOutput";
import { killUpOnceRunning, removeStaleLock } from "./support/processes";

const sub = "00000000-0000-0000-0000-0000000b0e2e";
const rg = "backup-e2e-rg";
const app = "Shop-App";
const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${app}`;
const container = "app-backups";
const connectionString = "Server=tcp:fake.database.windows.net;Database=orders;User ID=app;Password=FAKEpassword-backup-e2e";
const days = 86_400_000;

async function seed(emulator: RunningEmulator): Promise<void> {
    await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: app });
    await emulator.control.putSiteContent(siteId, { files: { "index.html": "<h1>shop v1</h1>" }, appSettings: { THEME: "light" } });
    await emulator.control.createContainer(container);
}

function sasFor(emulator: RunningEmulator, permissions = "rwdl", expiresInMs = 30 * days): string {
    return emulator.control.containerSasUrl({ container, permissions, expiresOn: new Date(Date.now() + expiresInMs) });
}

/** A stack whose single Backup takes whatever `args()` returns at each run. */
async function backupStack(emulator: RunningEmulator, projectName: string, args: () => BackupArgs): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const backup = new Backup("nightly", args());
            return { name: backup.name, backupNumber: backup.backupNumber, status: backup.status, blobName: backup.blobName, container: backup.storageContainerUrl };
        },
        env: { ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20", DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100" },
    });
}

/** Backups of the app the emulator holds, deleted ones included. */
async function storedBackups(emulator: RunningEmulator) {
    return (await emulator.control.listStoredBackups(siteId)).value;
}

/** A value from exportStack, which hands secrets back as `{ plaintext }` envelopes. */
function plain(value: any): any {
    return value && typeof value === "object" && typeof value.plaintext === "string" ? JSON.parse(value.plaintext) : value;
}

function backupResources(state: { deployment: { resources: Array<{ type: string; outputs?: Record<string, any> }> } }) {
    return state.deployment.resources.filter((r) => r.type.endsWith("appservice:Backup"));
}

describe("Backup through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let args: BackupArgs;
    let sas: string;
    const output = new EngineOutput();

    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
        sas = sasFor(emulator);
        args = {
            siteId: siteId.toLowerCase(),
            storageAccountUrl: sas,
            databases: [{ databaseType: "SqlAzure", name: "orders", connectionString }],
        };
        local = await backupStack(emulator, "backup-e2e", () => args);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up takes one backup, waits for it and writes its blob", async () => {
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.create, 2);
        const stored = await storedBackups(emulator);
        assert.equal(stored.length, 1);
        assert.equal(stored[0].properties.status, "Succeeded");
        assert.equal(result.outputs.status.value, "Succeeded");
        assert.equal(result.outputs.backupNumber.value, stored[0].properties.id);
        assert.match(result.outputs.name.value, /^nightly-[0-9a-f]{10}_\d{12}$/);
        const blobs = await emulator.control.listBlobs(container);
        assert.deepEqual(blobs.map((b) => b.name), [stored[0].properties.blobName]);
        assert.ok(blobs[0].size > 0);
        assert.equal(result.outputs.container.value, new URL(sas).origin + new URL(sas).pathname);
        assert.match(output.text(), /\[Backup nightly\] info: backup nightly-[0-9a-f]{10} \(#\d+\): Created; waiting up to 60 min/);
    });

    it("a second preview shows no change, with or without a refresh", async () => {
        const preview = await local.stack.preview({ onOutput: output.onOutput });
        assert.deepEqual(preview.changeSummary, { same: 2 });
        const refreshed = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        assert.deepEqual(refreshed.changeSummary, { same: 2 });
    });

    it("deadlineMinutes and retainOnDelete update in place, without a new backup", async () => {
        args = { ...args, deadlineMinutes: 30, retainOnDelete: false };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.update, 1);
        assert.equal((await storedBackups(emulator)).length, 1);
    });

    it("a new token for the same container is stored with the backup, in place", async () => {
        const rotated = sasFor(emulator, "rwdl", 60 * days);
        args = { ...args, storageAccountUrl: rotated };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.update, 1);
        const stored = await storedBackups(emulator);
        assert.equal(stored.length, 1);
        assert.equal(stored[0].properties.storageAccountUrl, rotated);
        sas = rotated;
    });

    it("a SAS changed out of band is drift, named and repaired", async () => {
        const [backup] = await storedBackups(emulator);
        await emulator.control.patchStoredBackup(siteId, backup.properties.id, { storageAccountUrl: sasFor(emulator, "rwdl", 5 * days) });
        const drift = new EngineOutput();
        await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: drift.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${drift.text()}`, /\[Backup nightly\] info: changed: storageAccountUrl \(in place\)/);
            return true;
        });
        await local.stack.up({ refresh: true, onOutput: output.onOutput });
        assert.equal((await emulator.control.getStoredBackup(siteId, backup.properties.id)).properties.storageAccountUrl, sas);
        await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
    });

    it("a change of triggers takes a new backup, then deletes the old one", async () => {
        const [old] = await storedBackups(emulator);
        args = { ...args, triggers: ["release-2"] };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.replace, 1);
        const stored = await storedBackups(emulator);
        assert.equal(stored.length, 2);
        assert.equal(stored.find((b) => b.properties.id === old.properties.id)?.properties.status, "Deleted");
        assert.equal(stored.find((b) => b.properties.id !== old.properties.id)?.properties.status, "Succeeded");
        assert.equal(result.outputs.backupNumber.value, stored.find((b) => b.properties.id !== old.properties.id)?.properties.id);
    });

    it("a backup deleted out of band is dropped by refresh, and preview shows a create", async () => {
        const live = (await storedBackups(emulator)).find((b) => b.properties.status === "Succeeded")!;
        await emulator.control.deleteStoredBackup(siteId, live.properties.id);
        const preview = await local.stack.preview({ refresh: true, onOutput: output.onOutput });
        assert.equal(preview.changeSummary.create, 1);
        const result = await local.stack.up({ refresh: true, onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.create, 1);
        const succeeded = (await storedBackups(emulator)).filter((b) => b.properties.status === "Succeeded");
        assert.equal(succeeded.length, 1);
        assert.notEqual(succeeded[0].properties.id, live.properties.id);
    });

    it("keeps the SAS signature, the storage key and the connection string out of every file and of engine output", async () => {
        const files = readBackendFiles(local.workDir);
        assert.ok(Object.keys(files).some((f) => f.endsWith(".json")), "the backend holds state files");
        const signatures = (await storedBackups(emulator)).map((b) => new URL(b.properties.storageAccountUrl).searchParams.get("sig")!);
        signatures.push(new URL(sas).searchParams.get("sig")!);
        assertNoSecrets({ ...files, "engine output": output.text() }, [...signatures, emulator.storage!.accountKey, connectionString, "FAKEpassword-backup-e2e"]);
        const [resource] = backupResources(await local.stack.exportStack());
        assert.ok(resource.outputs!.storageAccountUrlFingerprint.startsWith("sha256:"));
        assert.ok(plain(resource.outputs!.databases)[0].connectionStringFingerprint.startsWith("sha256:"));
        // The serialized provider shell stays small: one configure that require()s the implementation.
        const shell = String((resource as { inputs?: Record<string, unknown> }).inputs?.__provider);
        assert.ok(shell.length < 1024, `__provider is ${shell.length} bytes`);
    });

    it("destroy deletes the backup and its blob", async () => {
        const live = (await storedBackups(emulator)).find((b) => b.properties.status === "Succeeded")!;
        await local.stack.destroy({ onOutput: output.onOutput });
        assert.equal((await emulator.control.getStoredBackup(siteId, live.properties.id)).properties.status, "Deleted");
        assert.ok(!(await emulator.control.listBlobs(container)).some((b) => b.name === live.properties.blobName));
    });

    it("with retainOnDelete, destroy keeps the backup and only forgets it", async () => {
        args = { ...args, retainOnDelete: true, triggers: ["kept"] };
        const result = await local.stack.up({ onOutput: output.onOutput });
        const kept = await emulator.control.getStoredBackup(siteId, result.outputs.backupNumber.value);
        const destroyOutput = new EngineOutput();
        await local.stack.destroy({ onOutput: destroyOutput.onOutput });
        assert.equal((await emulator.control.getStoredBackup(siteId, kept.properties.id)).properties.status, "Succeeded");
        assert.ok((await emulator.control.listBlobs(container)).some((b) => b.name === kept.properties.blobName));
        assert.match(destroyOutput.text(), /keeping backup .* \(retainOnDelete\)/);
        await emulator.control.deleteStoredBackup(siteId, kept.properties.id);
    });
});

describe("Backup interrupted: the engine killed while the backup runs", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());

    it("a rerun takes over the running backup: one backup, Succeeded", async () => {
        // Long phases: several seconds Created, several InProgress, so the kill lands mid-backup.
        await emulator.control.setAppServiceBehaviour({ backupPhaseMs: 4_000 });
        const args: BackupArgs = { siteId, storageAccountUrl: sasFor(emulator) };
        const local = await backupStack(emulator, "backup-e2e-kill", () => args);
        try {
            let running: number | undefined;
            const killed = await killUpOnceRunning(local, async () => {
                running = (await storedBackups(emulator)).find((b) => b.properties.status === "InProgress")?.properties.id;
                return running !== undefined;
            });
            assert.ok(killed.length >= 2, `killed the CLI and its dynamic-provider host (${killed.join(", ")})`);
            assert.equal((await emulator.control.getStoredBackup(siteId, running!)).properties.status, "InProgress", "the backup is still running");

            removeStaleLock(local);
            const state = await local.stack.exportStack();
            assert.equal(state.deployment.pending_operations?.[0]?.type, "creating", "the engine recorded a pending create");
            await local.stack.refresh({ clearPendingCreates: true });
            const rerun = await local.stack.up();
            assert.equal(rerun.outputs.backupNumber.value, running, "the rerun adopted the backup the killed run started");
            assert.equal(rerun.outputs.status.value, "Succeeded");
            const stored = await storedBackups(emulator);
            assert.equal(stored.length, 1, "one backup, not two");
            assert.equal(stored[0].properties.status, "Succeeded");
            await local.stack.destroy();
        } finally {
            await emulator.control.setAppServiceBehaviour({ backupPhaseMs: 300 });
            await local.remove();
        }
    });
});

describe("Backup failures", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());
    afterEach(async () => {
        await emulator.control.clearForcedOutcomes();
        for (const backup of await storedBackups(emulator)) await emulator.control.deleteStoredBackup(siteId, backup.properties.id);
    });

    it("a backup the service cannot write (a SAS signed read-only) fails up with the service's log", async () => {
        // Signed for "rl", presented as "rwdl": our check sees write permission, storage refuses the write.
        const readOnly = sasFor(emulator, "rl");
        const claimed = readOnly.replace(/([?&]sp=)[a-z]+/, "$1rwdl");
        const local = await backupStack(emulator, "backup-e2e-failed", () => ({ siteId, storageAccountUrl: claimed }));
        const output = new EngineOutput();
        try {
            await assert.rejects(local.stack.up({ onOutput: output.onOutput }), (error: unknown) => {
                const text = `${errorText(error)}\n${output.text()}`;
                assert.match(text, /WebApps\.Backup nightly-[0-9a-f]{10} failed: BackupFailed: Storage access failed\. The remote server returned an error: \(403\) Forbidden\./);
                assert.ok(!text.includes(new URL(claimed).searchParams.get("sig")!), "the error does not quote the SAS");
                return true;
            });
            assert.deepEqual((await storedBackups(emulator)).map((b) => b.properties.status), ["Failed"]);
            assert.equal(backupResources(await local.stack.exportStack()).length, 0, "a failed create leaves nothing in state");
        } finally {
            await local.remove();
        }
    });

    it("a timed-out backup fails up; the rerun takes a new backup instead of adopting the failed one", async () => {
        await emulator.control.forceOutcome({ kind: "backup", outcome: "TimedOut", siteId });
        const local = await backupStack(emulator, "backup-e2e-timedout", () => ({ siteId, storageAccountUrl: sasFor(emulator) }));
        try {
            await assert.rejects(local.stack.up(), (error: unknown) => {
                assert.match(errorText(error), /BackupTimedOut: The backup operation did not complete within the allowed time/);
                return true;
            });
            const rerun = await local.stack.up();
            assert.equal(rerun.outputs.status.value, "Succeeded");
            assert.deepEqual((await storedBackups(emulator)).map((b) => b.properties.status).sort(), ["Succeeded", "TimedOut"]);
            await local.stack.destroy();
        } finally {
            await local.remove();
        }
    });

    it("a partly successful backup passes with a warning", async () => {
        await emulator.control.forceOutcome({ kind: "backup", outcome: "PartiallySucceeded", siteId });
        const local = await backupStack(emulator, "backup-e2e-partial", () => ({ siteId, storageAccountUrl: sasFor(emulator) }));
        const output = new EngineOutput();
        try {
            const result = await local.stack.up({ onOutput: output.onOutput });
            assert.equal(result.outputs.status.value, "PartiallySucceeded");
            assert.match(output.text(), /\[Backup nightly\] warn: backup .* only partly succeeded: .*app\.lock/);
            await local.stack.destroy();
        } finally {
            await local.remove();
        }
    });

    it("a deletion that fails names the service's log and the SAS to rotate", async () => {
        const local = await backupStack(emulator, "backup-e2e-delete-failed", () => ({ siteId, storageAccountUrl: sasFor(emulator) }));
        try {
            await local.stack.up();
            await emulator.control.forceOutcome({ kind: "delete", outcome: "DeleteFailed", siteId });
            await assert.rejects(local.stack.destroy(), (error: unknown) => {
                assert.match(errorText(error), /BackupDeleteFailed: Storage access failed\. The remote server returned an error: \(403\) Forbidden\.\. The SAS stored with the backup has probably expired/);
                return true;
            });
            await local.stack.destroy();
            assert.deepEqual((await storedBackups(emulator)).map((b) => b.properties.status), ["Deleted"]);
        } finally {
            await local.remove();
        }
    });
});

describe("Backup input errors at preview", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());

    const cases: Array<[string, (emulator: RunningEmulator) => BackupArgs, RegExp]> = [
        ["a backup name the service cannot take", (e) => ({ siteId, storageAccountUrl: sasFor(e), backupName: "nightly backup" }), /backupName must be 1 to 80 letters, digits/],
        ["a deadline out of range", (e) => ({ siteId, storageAccountUrl: sasFor(e), deadlineMinutes: 0 }), /deadlineMinutes must be an integer from 1 to 1440; got 0/],
        ["a read-only SAS", (e) => ({ siteId, storageAccountUrl: sasFor(e, "rl") }), /storageAccountUrl must grant the permissions "w" \(sp\); got sp=rl/],
        ["an expired SAS", (e) => ({ siteId, storageAccountUrl: sasFor(e, "rwdl", -days) }), /storageAccountUrl expired at/],
        ["the app given twice", (e) => ({ siteId, site: { subscriptionId: sub, resourceGroupName: rg, name: app }, storageAccountUrl: sasFor(e) }), /give the app either as siteId or as site, not both/],
    ];
    for (const [what, args, expected] of cases) {
        it(`rejects ${what} before any API call`, async () => {
            const given = args(emulator);
            const local = await backupStack(emulator, "backup-e2e-bad-input", () => given);
            try {
                await emulator.control.clearRequests();
                await assert.rejects(local.stack.preview(), (error: unknown) => {
                    assert.match(errorText(error), expected);
                    assert.ok(!errorText(error).includes(new URL(String(given.storageAccountUrl)).searchParams.get("sig")!), "the error must not quote the SAS");
                    return true;
                });
                assert.equal((await emulator.control.getRequests()).armRequests, 0, "no ARM call may happen before inputs are valid");
            } finally {
                await local.remove();
            }
        });
    }
});

describe("Backup under throttling, server errors and resets", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());

    it("converges with exactly one backup when a share of ARM requests fail", async () => {
        const args: BackupArgs = { siteId, storageAccountUrl: sasFor(emulator), triggers: ["faults"] };
        const local = await backupStack(emulator, "backup-e2e-faults", () => args);
        try {
            // The request that starts the backup is acted on, then its answer is lost: a POST the retry
            // policy must not resend, and a backup that runs although the provider was never told.
            const startReset = await emulator.control.addFault({ method: "POST", pathPattern: "/backup$", kind: "resetAfter", count: 1 });
            for (const kind of ["429", "503", "reset"] as const) {
                await emulator.control.addFault({ pathPattern: "^/subscriptions/", kind, rate: 0.1, retryAfterSeconds: 1, seed: 11 });
            }
            const output = new EngineOutput();
            const result = await local.stack.up({ onOutput: output.onOutput });
            assert.equal((await emulator.control.listFaults()).find((f) => f.id === startReset.id)?.injected ?? 1, 1);
            assert.match(output.text(), /no clear answer to the request that starts backup nightly-[0-9a-f]{10}; looking for it before asking again/);
            assert.equal(result.outputs.status.value, "Succeeded");
            await local.stack.preview({ refresh: true, expectNoChanges: true });
            const requests = await emulator.control.getRequests();
            assert.ok(requests.faultsInjected > 0, "faults were injected");
            const stored = await storedBackups(emulator);
            assert.equal(stored.length, 1, "one backup, however many requests failed");
            assert.equal(stored[0].properties.status, "Succeeded");
            await local.stack.destroy();
            await emulator.control.clearFaults();
            assert.equal((await emulator.control.getStoredBackup(siteId, stored[0].properties.id)).properties.status, "Deleted");
        } finally {
            await emulator.control.clearFaults();
            await local.remove();
        }
    });
});
