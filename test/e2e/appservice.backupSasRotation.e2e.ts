import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Backup } from "../../provider/appservice/backup";
import { BackupSasRotation, type BackupSasRotationArgs } from "../../provider/appservice/backupSasRotation";
import { BackupSchedule } from "../../provider/appservice/backupSchedule";
import { fingerprint } from "../../provider/core/redact/sanitizer";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, readBackendFiles, type LocalStack } from "../../harness/localStack";
import { EngineOutput, assertNoSecrets, errorText } from "./support/engineOutput";

const sub = "00000000-0000-0000-0000-0000000a5a5a";
const rg = "rotation-e2e-rg";
const app = "Shop-App";
const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${app}`;
const site = { subscriptionId: sub, resourceGroupName: rg, name: app };
const container = "app-backups";
const days = 86_400_000;

/** What the program declares; tests change it between runs. */
interface Plan {
    /** The SAS the schedule and backups are created with (rotated afterwards). */
    initialSas: string;
    backups: string[];
    rotation: Omit<BackupSasRotationArgs, "site" | "siteId">;
}

/** The schedule, one Backup per name, and the rotation that keeps all their SAS current. */
async function rotationStack(emulator: RunningEmulator, projectName: string, plan: () => Plan): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const { initialSas, backups, rotation } = plan();
            const schedule = new BackupSchedule("schedule", {
                site,
                frequencyInterval: 1,
                frequencyUnit: "Day",
                storageAccountUrl: initialSas,
                storageAccountUrlManagement: "rotated",
            });
            const taken = backups.map((name) => new Backup(name, { site, storageAccountUrl: initialSas, storageAccountUrlManagement: "rotated" }));
            const sas = new BackupSasRotation("sas", { site, ...rotation }, { dependsOn: [schedule, ...taken] });
            return {
                scheduleSiteId: schedule.siteId,
                rotationSiteId: sas.siteId,
                mode: sas.mode,
                sasFingerprint: sas.sasFingerprint,
                sasExpiresOn: sas.sasExpiresOn,
                backupsUpdated: sas.backupsUpdated,
                staleBackupIds: sas.staleBackupIds,
            };
        },
        env: { ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20", DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100" },
    });
}

/** The SAS the emulator holds for the schedule and for each backup that still exists. */
async function liveSasUrls(emulator: RunningEmulator): Promise<{ schedule?: string; backups: Map<number, string> }> {
    const schedule = (await emulator.control.findBackupConfiguration(siteId))?.properties.storageAccountUrl;
    const backups = new Map<number, string>();
    for (const b of (await emulator.control.listStoredBackups(siteId)).value) {
        if (b.properties.status !== "Deleted") backups.set(b.properties.id, b.properties.storageAccountUrl);
    }
    return { schedule, backups };
}

/** The rotation's outputs in state (refresh updates them; the stack's outputs wait for the next up). */
async function rotationOutputs(local: LocalStack): Promise<Record<string, any>> {
    const state = await local.stack.exportStack();
    return state.deployment.resources.find((r: { type: string }) => r.type.endsWith("appservice:BackupSasRotation")).outputs;
}

/** Rewrites one output of the rotation in the file backend's checkpoint, as time passing would. */
function editRotationOutput(local: LocalStack, projectName: string, key: string, value: unknown): void {
    const file = path.join(local.backendDir!, ".pulumi", "stacks", projectName, "dev.json");
    const checkpoint = JSON.parse(fs.readFileSync(file, "utf8"));
    const resource = checkpoint.checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith("appservice:BackupSasRotation"));
    resource.outputs[key] = value;
    fs.writeFileSync(file, JSON.stringify(checkpoint, null, 4));
}

describe("BackupSasRotation through the Pulumi engine", function () {
    const projectName = "sas-rotation-e2e";
    let emulator: RunningEmulator;
    let local: LocalStack;
    let plan: Plan;
    const output = new EngineOutput();
    const seen = new Set<string>();
    let lastFingerprint = "";

    before(async () => {
        emulator = await startEmulator();
        await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: app });
        await emulator.control.putSiteContent(siteId, { files: { "index.html": "<h1>shop</h1>" } });
        await emulator.control.createContainer(container);
        const storage = emulator.storage!;
        plan = {
            initialSas: emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 20 * days) }),
            backups: ["monday", "tuesday"],
            rotation: {
                mint: { accountName: storage.accountName, accountKey: storage.accountKey, container, blobEndpoint: storage.blobEndpoint, validityDays: 30 },
                rotateBeforeDays: 7,
            },
        };
        seen.add(plan.initialSas);
        local = await rotationStack(emulator, projectName, () => plan);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up mints a SAS and puts it in the schedule and in every backup", async () => {
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.create, 5);
        const live = await liveSasUrls(emulator);
        assert.equal(live.backups.size, 2);
        const minted = live.schedule!;
        assert.notEqual(minted, plan.initialSas);
        for (const sas of live.backups.values()) assert.equal(sas, minted);
        seen.add(minted);
        // The minted SAS is for the container, valid for validityDays, and state knows it by fingerprint only.
        const url = new URL(minted);
        assert.equal(url.origin + url.pathname, `${emulator.storage!.blobEndpoint}/${container}`);
        assert.ok(Math.abs(Date.parse(url.searchParams.get("se")!) - (Date.now() + 30 * days)) < 10 * 60_000);
        assert.equal(result.outputs.sasFingerprint.value, fingerprint(minted));
        assert.equal(Date.parse(result.outputs.sasExpiresOn.value), Date.parse(url.searchParams.get("se")!));
        assert.equal(result.outputs.mode.value, "minted");
        assert.equal(result.outputs.backupsUpdated.value, 2);
        // The app given by its parts still yields its ARM id.
        assert.equal(result.outputs.scheduleSiteId.value, siteId);
        assert.equal(result.outputs.rotationSiteId.value, siteId);
        lastFingerprint = result.outputs.sasFingerprint.value;
    });

    it("a second preview shows no change, with or without a refresh", async () => {
        const preview = await local.stack.preview({ onOutput: output.onOutput });
        assert.deepEqual(preview.changeSummary, { same: 5 });
        const refreshOutput = new EngineOutput();
        const refreshed = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: refreshOutput.onOutput });
        assert.deepEqual(refreshed.changeSummary, { same: 5 });
        // The schedule's start time was left to the service: a refresh does not report it as drift.
        assert.doesNotMatch(refreshOutput.text(), /\[diff:/);
        output.onOutput(refreshOutput.text());
    });

    it("a backup taken after the rotation is rotated by the next up, the earlier ones left as they are", async () => {
        plan = { ...plan, backups: [...plan.backups, "wednesday"] };
        // The new Backup changes the rotation's dependencies only: the rotation itself has nothing to do yet.
        await local.stack.up({ onOutput: output.onOutput });
        await local.stack.refresh({ onOutput: output.onOutput });
        assert.equal((await rotationOutputs(local)).staleBackupIds.length, 1, "refresh finds the new backup holding the initial SAS");
        const preview = await local.stack.preview({ onOutput: output.onOutput });
        assert.deepEqual(preview.changeSummary, { same: 5, update: 1 });
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.outputs.backupsUpdated.value, 3);
        const live = await liveSasUrls(emulator);
        assert.equal(live.backups.size, 3);
        for (const sas of [live.schedule!, ...live.backups.values()]) assert.equal(fingerprint(sas), result.outputs.sasFingerprint.value);
        for (const sas of live.backups.values()) seen.add(sas);
        lastFingerprint = result.outputs.sasFingerprint.value;
    });

    it("a SAS changed out of band fails the drift check, and up puts the current one back", async () => {
        const [first] = (await liveSasUrls(emulator)).backups.keys();
        await emulator.control.patchStoredBackup(siteId, first, { storageAccountUrl: plan.initialSas });
        await emulator.control.patchBackupConfiguration(siteId, { storageAccountUrl: plan.initialSas });
        await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput }), (error: unknown) => {
            assert.match(errorText(error), /no changes were expected/i);
            assert.match(errorText(error), /BackupSasRotation\s+sas\s+update/);
            return true;
        });
        await local.stack.refresh({ onOutput: output.onOutput });
        const refreshed = await rotationOutputs(local);
        assert.deepEqual(refreshed.staleBackupIds, [first]);
        assert.equal(refreshed.scheduleSasCurrent, false);
        assert.match(output.text(), /still holding another SAS: the schedule, 1 backup\(s\)/);
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.update, 1);
        assert.deepEqual(result.outputs.staleBackupIds.value, []);
        const live = await liveSasUrls(emulator);
        for (const sas of [live.schedule!, ...live.backups.values()]) assert.equal(fingerprint(sas), result.outputs.sasFingerprint.value);
        seen.add(live.schedule!);
        lastFingerprint = result.outputs.sasFingerprint.value;
        const after = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        assert.deepEqual(after.changeSummary, { same: 6 });
    });

    it("rotates once the SAS expires within rotateBeforeDays, and not before", async () => {
        editRotationOutput(local, projectName, "sasExpiresOn", new Date(Date.now() + 8 * days).toISOString());
        assert.deepEqual((await local.stack.preview({ onOutput: output.onOutput })).changeSummary, { same: 6 }, "8 days left is outside the 7-day window");
        editRotationOutput(local, projectName, "sasExpiresOn", new Date(Date.now() + 3 * days).toISOString());
        const preview = new EngineOutput();
        assert.deepEqual((await local.stack.preview({ onOutput: preview.onOutput })).changeSummary, { same: 5, update: 1 });
        assert.match(preview.text(), /~\s+.*BackupSasRotation\s+sas\s+update/);
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.notEqual(result.outputs.sasFingerprint.value, lastFingerprint);
        assert.ok(Date.parse(result.outputs.sasExpiresOn.value) > Date.now() + 29 * days);
        const live = await liveSasUrls(emulator);
        assert.equal(fingerprint(live.schedule!), result.outputs.sasFingerprint.value);
        for (const sas of live.backups.values()) assert.equal(fingerprint(sas), result.outputs.sasFingerprint.value);
        seen.add(live.schedule!);
        assert.deepEqual((await local.stack.preview({ onOutput: output.onOutput })).changeSummary, { same: 6 });
    });

    it("a given SAS replaces the minted one everywhere; one expiring within the window fails at preview", async () => {
        const given = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 60 * days) });
        seen.add(given);
        plan = { ...plan, rotation: { storageAccountUrl: given, rotateBeforeDays: 7 } };
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.outputs.mode.value, "given");
        const live = await liveSasUrls(emulator);
        for (const sas of [live.schedule!, ...live.backups.values()]) assert.equal(sas, given);
        assert.deepEqual((await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput })).changeSummary, { same: 6 });

        const expiring = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 2 * days) });
        seen.add(expiring);
        plan = { ...plan, rotation: { storageAccountUrl: expiring, rotateBeforeDays: 7 } };
        const requestsBefore = (await emulator.control.getRequests()).total;
        const failed = new EngineOutput();
        await assert.rejects(local.stack.preview({ onOutput: failed.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${failed.text()}`, /storageAccountUrl expires on .*, within rotateBeforeDays \(7\): set a newer SAS/);
            return true;
        });
        assert.equal((await emulator.control.getRequests()).total, requestsBefore, "no API call was made");
        output.onOutput(failed.text());
        plan = { ...plan, rotation: { storageAccountUrl: given, rotateBeforeDays: 7 } };
    });

    it("a backup that could not be deleted with its expired SAS is deleted once the rotation has given it the current one", async () => {
        const state = await local.stack.exportStack();
        const wednesday = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("appservice:Backup::wednesday")).outputs;
        const id: number = wednesday.backupNumber;
        const expired = emulator.control.containerSasUrl({ container, permissions: "rwdl", startsOn: new Date(Date.now() - 3 * days), expiresOn: new Date(Date.now() - days) });
        seen.add(expired);
        await emulator.control.patchStoredBackup(siteId, id, { storageAccountUrl: expired });

        plan = { ...plan, backups: ["monday", "tuesday"] };
        const failed = new EngineOutput();
        await assert.rejects(local.stack.up({ onOutput: failed.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${failed.text()}`, /BackupDeleteFailed.*rotate it with BackupSasRotation/s);
            return true;
        });
        output.onOutput(failed.text());
        assert.equal((await emulator.control.getStoredBackup(siteId, id)).properties.status, "DeleteFailed");

        await local.stack.refresh({ onOutput: output.onOutput });
        assert.deepEqual((await rotationOutputs(local)).staleBackupIds, [id], "refresh finds the DeleteFailed backup holding the expired SAS");
        // One up: the rotation gives the backup the current SAS, then the deletion is retried and succeeds.
        await local.stack.up({ onOutput: output.onOutput });
        const deleted = await emulator.control.getStoredBackup(siteId, id);
        assert.equal(deleted.properties.status, "Deleted");
        assert.ok(!(await emulator.control.listBlobs(container)).some((b) => b.name === deleted.properties.blobName), "its blob is gone");
        assert.deepEqual((await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput })).changeSummary, { same: 5 });
    });

    it("keeps every SAS signature and the account key out of the project's files and engine output", async () => {
        const signatures = [...seen].map((sas) => new URL(sas).searchParams.get("sig")!);
        assertNoSecrets({ ...readBackendFiles(local.workDir), "engine output": output.text() }, [...signatures, emulator.storage!.accountKey]);
    });

    it("destroy deletes the schedule, and the backups and their blobs through the rotated SAS", async () => {
        await local.stack.destroy({ onOutput: output.onOutput });
        assert.equal(await emulator.control.findBackupConfiguration(siteId), undefined);
        const statuses = (await emulator.control.listStoredBackups(siteId)).value.map((b) => b.properties.status);
        assert.deepEqual(statuses, ["Deleted", "Deleted", "Deleted"]);
        assert.deepEqual(await emulator.control.listBlobs(container), []);
    });
});

describe("BackupSasRotation input errors at preview", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: app });
    });

    after(async () => {
        await emulator?.close();
    });

    async function expectCheckFailure(projectName: string, args: BackupSasRotationArgs, pattern: RegExp): Promise<void> {
        const local = await createLocalStack({
            projectName,
            program: async () => {
                new BackupSasRotation("sas", args);
            },
            env: emulator.env,
        });
        try {
            await emulator.control.clearRequests();
            const output = new EngineOutput();
            await assert.rejects(local.stack.preview({ onOutput: output.onOutput }), (error: unknown) => {
                assert.match(`${errorText(error)}\n${output.text()}`, pattern);
                return true;
            });
            const requests = await emulator.control.getRequests();
            assert.equal(requests.total, 0, "no API call was made");
        } finally {
            await local.remove();
        }
    }

    const key = Buffer.alloc(64, 7).toString("base64");
    const mint = { accountName: "shopbackups", accountKey: key, container };

    it("rejects rotateBeforeDays not below mint.validityDays", async () => {
        await expectCheckFailure("rotation-window", { site, mint: { ...mint, validityDays: 10 }, rotateBeforeDays: 10 }, /rotateBeforeDays \(10\) must be less than mint\.validityDays \(10\)/);
    });

    it("rejects a mint without write permission", async () => {
        await expectCheckFailure("rotation-permissions", { site, mint: { ...mint, permissions: "rl" } }, /mint\.permissions must include w/);
    });

    it("rejects a blob endpoint that is not an https URL (issue 6)", async () => {
        await expectCheckFailure("rotation-endpoint", { site, mint: { ...mint, blobEndpoint: "not a url" } }, /mint\.blobEndpoint must be an https URL/);
        await expectCheckFailure("rotation-endpoint-http", { site, mint: { ...mint, blobEndpoint: "http://shopbackups.blob.core.windows.net" } }, /mint\.blobEndpoint must be an https URL/);
    });

    it("rejects a container name storage cannot hold, and triggers that are not a list (issue 6)", async () => {
        await expectCheckFailure("rotation-container", { site, mint: { ...mint, container: "App_Backups" } }, /mint\.container must be 3 to 63 lowercase letters/);
        await expectCheckFailure("rotation-triggers", { site, mint, triggers: "v2" as never }, /triggers must be a list \(of any values\); got string/);
    });

    it("rejects both a SAS and a mint, naming both ways", async () => {
        const sas = `https://shopbackups.blob.core.windows.net/${container}?sv=2022-11-02&sr=c&sp=rwdl&se=2099-01-01T00:00:00Z&sig=FAKEsig`;
        await expectCheckFailure("rotation-both", { site, storageAccountUrl: sas, mint }, /give exactly one of storageAccountUrl .* or mint/);
    });
});

describe("BackupSasRotation beside a BackupSchedule that pins its SAS (issue 6)", function () {
    const projectName = "sas-rotation-pinned";
    let emulator: RunningEmulator;
    let local: LocalStack;

    before(async () => {
        emulator = await startEmulator();
        await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: app });
        await emulator.control.createContainer(container);
        const storage = emulator.storage!;
        const pinnedSas = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 60 * days) });
        local = await createLocalStack({
            projectName,
            program: async () => {
                // The mistake: the schedule keeps storageAccountUrlManagement at its default, "pinned".
                const schedule = new BackupSchedule("schedule", { site, frequencyInterval: 1, frequencyUnit: "Day", storageAccountUrl: pinnedSas });
                new BackupSasRotation(
                    "sas",
                    { site, includeBackups: false, mint: { accountName: storage.accountName, accountKey: storage.accountKey, container, blobEndpoint: storage.blobEndpoint } },
                    { dependsOn: [schedule] },
                );
            },
            env: { ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20" },
        });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("stops the two overwriting each other on every up, and says which resource to set to rotated", async () => {
        await local.stack.up();
        // The schedule's refresh finds the rotated SAS and puts its pinned one back ...
        await local.stack.up({ refresh: true });
        // ... the rotation's refresh finds it and would rotate again: it refuses, naming the fix.
        const output = new EngineOutput();
        await assert.rejects(local.stack.up({ refresh: true, onOutput: output.onOutput }), (error: unknown) => {
            const text = `${errorText(error)}\n${output.text()}`;
            assert.match(text, /the backup schedule \(set storageAccountUrlManagement: "rotated" on the BackupSchedule of \/subscriptions\/.*\/sites\/Shop-App\) went back to the SAS this rotation replaced/);
            assert.match(text, /Nothing was changed/);
            return true;
        });
    });
});
