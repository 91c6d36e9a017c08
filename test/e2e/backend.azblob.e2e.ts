import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BackupSchedule, type BackupScheduleArgs } from "../../provider/appservice/backupSchedule";
import { VmProtection } from "../../provider/azurebackup/vmProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoRoot, type AzureBlobBackendOptions, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, assertNoSecrets, errorText } from "./support/engineOutput";
import { killUpOnceRunning, waitFor } from "./support/processes";
import { stackLocks, storedCheckpoint } from "./support/stateBlobs";

// Issue 12: the state where teams keep it, Pulumi's self-managed backend on Azure Blob Storage
// (`azblob://<container>`), here the emulator's Azurite over HTTPS. Every stack of this file is a
// project of one state container, as a team's are; the last suite reads every blob the backend wrote.

const world = backupWorld("b10b5");
const appRg = "App-RG";
const siteIdOf = (name: string) => `/subscriptions/${world.subscriptionId}/resourceGroups/${appRg}/providers/Microsoft.Web/sites/${name}`;
const vmIdOf = (name: string) => `/subscriptions/${world.subscriptionId}/resourceGroups/${appRg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const stateContainer = "team-pulumi-state";
const lockRefusal = /the stack is currently locked by 1 lock\(s\)\. Either wait for the other process\(es\) to end or delete the lock file with `pulumi cancel`\./;

/** Types of the resources a checkpoint holds, but the default providers the engine records beside them, sorted. */
const declaredTypes = (resources: Array<{ type: string }>) => resources.map((r) => r.type).filter((type) => !type.startsWith("pulumi:providers:")).sort();

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

describe("Pulumi state in Azure Blob Storage (azblob://, the emulator's Azurite)", function () {
    let emulator: RunningEmulator;
    let backend: AzureBlobBackendOptions;
    /** Every stack made here: removed at the end, after the blobs were read. */
    const stacks: LocalStack[] = [];
    /** Every secret a stack was given, and the credentials around it: none may reach a blob. */
    const secrets: string[] = [];

    /** A stack of the shared state container. */
    const blobStack = async (projectName: string, program: () => Promise<unknown>, more: { stackName?: string; workDir?: string } = {}): Promise<LocalStack> => {
        const local = await createLocalStack({ projectName, program: async () => void (await program()), env: backupEnv(emulator), backend, ...more });
        stacks.push(local);
        return local;
    };

    /** A container SAS signed with the account key, its signature remembered as a secret. */
    const sasUrl = (): string => {
        const url = emulator.control.containerSasUrl({ container: "app-backups", permissions: "rwdl", expiresOn: new Date(Date.now() + 60 * 86_400_000) });
        secrets.push(new URL(url).searchParams.get("sig")!);
        return url;
    };

    /** A schedule's arguments with a SAS and a connection string (both secrets). */
    const scheduleArgs = (site: string, retentionPeriodInDays = 30): BackupScheduleArgs => {
        const password = `FAKEpassword-${site}`;
        secrets.push(password);
        return {
            siteId: siteIdOf(site),
            frequencyInterval: 1,
            frequencyUnit: "Day",
            retentionPeriodInDays,
            storageAccountUrl: sasUrl(),
            databases: [{ databaseType: "SqlAzure", name: "orders", connectionString: `Server=tcp:fake.database.windows.net;Database=orders;User ID=app;Password=${password}` }],
        };
    };

    before(async () => {
        emulator = await startEmulator();
        await seedBackupWorld(emulator, world);
        for (const site of ["Shop-App", "Shop-Lock", "Shop-Prod", "Shop-Staging", "Shop-Dev"]) await emulator.control.putSite(world.subscriptionId, appRg, site, "westeurope");
        await emulator.control.putVirtualMachine(world.subscriptionId, appRg, "Web2", { dataDiskLuns: [0] });
        backend = { kind: "azblob", storage: emulator.storage!, caFile: emulator.caFile, container: stateContainer };
        secrets.push(emulator.storage!.accountKey, emulator.clientSecret, "local-test-passphrase");
    });

    after(async () => {
        for (const local of stacks.reverse()) await local.remove();
        await emulator?.close();
    });

    describe("a stack's life: up, no changes, drift found, repair, destroy", function () {
        const project = "azblob-schedule";
        let local: LocalStack;
        let args: BackupScheduleArgs;
        const siteId = siteIdOf("Shop-App");

        before(async () => {
            args = scheduleArgs("Shop-App");
            local = await blobStack(project, async () => new BackupSchedule("schedule", args));
        });

        it("up creates the schedule, and its state is a blob of the container, not a local file", async () => {
            const result = await local.stack.up();
            assert.equal(result.summary.resourceChanges?.create, 2);
            assert.equal((await emulator.control.getBackupConfiguration(siteId)).properties.backupSchedule?.retentionPeriodInDays, 30);
            assert.equal(local.backendDir, undefined);
            assert.match(local.backendEnv.PULUMI_BACKEND_URL, new RegExp(`^azblob://${stateContainer}\\?localemu=true&domain=127\\.0\\.0\\.1:\\d+&protocol=https$`));
            const blobs = (await emulator.control.listBlobs(stateContainer)).map((b) => b.name);
            assert.ok(blobs.includes(`.pulumi/stacks/${project}/dev.json`), `the checkpoint is a blob: ${blobs.join(", ")}`);
            assert.ok(blobs.some((name) => name.startsWith(`.pulumi/history/${project}/dev/`)), "the update's history is kept beside it");
            const checkpoint = await storedCheckpoint(local, project);
            assert.deepEqual(declaredTypes(checkpoint.resources), ["pulumi-nodejs:dynamic/appservice:BackupSchedule", "pulumi:pulumi:Stack"]);
            assert.equal(fs.existsSync(path.join(local.workDir, ".pulumi-local", "backend")), false, "no local state folder");
        });

        it("preview --refresh --expect-no-changes passes: the state read back from the blob matches live", async () => {
            const preview = await local.stack.preview({ refresh: true, expectNoChanges: true });
            assert.deepEqual(preview.changeSummary, { same: 2 });
        });

        it("a retention change out of band is drift naming the field; the preview writes no state", async () => {
            const before = await local.backend.readObject(`.pulumi/stacks/${project}/dev.json`);
            await emulator.control.patchBackupConfiguration(siteId, { backupSchedule: { retentionPeriodInDays: 5 } });
            const output = new EngineOutput();
            await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput }), (error: unknown) => {
                const text = `${errorText(error)}\n${output.text()}`;
                assert.match(text, /no changes were expected/i);
                assert.match(text, /retentionPeriodInDays/);
                return true;
            });
            assert.equal(await local.backend.readObject(`.pulumi/stacks/${project}/dev.json`), before, "the checkpoint blob is unchanged");
        });

        it("up --refresh repairs it", async () => {
            const result = await local.stack.up({ refresh: true });
            assert.equal(result.summary.resourceChanges?.update, 1);
            assert.equal((await emulator.control.getBackupConfiguration(siteId)).properties.backupSchedule?.retentionPeriodInDays, 30);
        });

        it("destroy removes the schedule and empties the stack's checkpoint", async () => {
            await local.stack.destroy();
            assert.equal(await emulator.control.findBackupConfiguration(siteId), undefined);
            assert.equal((await storedCheckpoint(local, project)).resources.length, 0);
            assert.deepEqual(await stackLocks(local, project), [], "no lock left behind");
        });
    });

    describe("two ups of one stack at once, from two checkouts", function () {
        const project = "azblob-lock";
        const siteId = siteIdOf("Shop-Lock");

        it("the second is refused by the backend's lock, naming it; the first lands whole and the other checkout sees it", async () => {
            const args = scheduleArgs("Shop-Lock", 21);
            // The first run holds inside its program (which runs in this process) until told to go on:
            // by then the CLI has taken the stack's lock, and it keeps it until the update ends.
            let release!: () => void;
            const gate = new Promise<void>((resolve) => (release = resolve));
            let inProgram = false;
            const first = await blobStack(project, async () => {
                inProgram = true;
                await gate;
                return new BackupSchedule("schedule", args);
            });
            // A teammate's checkout: its own folder and PULUMI_HOME, the project's committed files, the same backend.
            const secondDir = path.join(repoRoot, ".test-work", `${project}-teammate-${process.pid}-${Date.now()}`);
            fs.mkdirSync(secondDir, { recursive: true });
            for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml"]) fs.copyFileSync(path.join(first.workDir, file), path.join(secondDir, file));
            const second = await blobStack(project, async () => new BackupSchedule("schedule", args), { workDir: secondDir });

            const firstUp = first.stack.up();
            let firstEnded: string | undefined;
            const firstOutcome = firstUp.then(() => "done", (error: unknown) => errorText(error));
            void firstOutcome.then((outcome) => (firstEnded = outcome));
            await waitFor("the first up reaches its program", () => inProgram || firstEnded !== undefined);
            assert.ok(inProgram, `the first up ended before its program ran: ${firstEnded}`);
            const locks = await stackLocks(first, project);
            assert.equal(locks.length, 1, `the first up holds one lock: ${locks.join(", ")}`);
            const lock = JSON.parse((await first.backend.readObject(locks[0]))!);
            const historyBefore = await first.backend.listObjects(`.pulumi/history/${project}/dev/`);

            await assert.rejects(second.stack.up(), (error: unknown) => {
                const text = errorText(error);
                assert.match(text, lockRefusal);
                assert.ok(text.includes(`azblob://${stateContainer}/${locks[0]}`), `the refusal names the lock blob: ${text}`);
                assert.match(text, new RegExp(`created by \\S+@\\S+ \\(pid ${lock.pid}\\)`));
                return true;
            });
            assert.deepEqual(await stackLocks(first, project), locks, "the refused run took no lock and left the first one alone");

            release();
            assert.equal(await firstOutcome, "done");
            assert.equal((await firstUp).summary.resourceChanges?.create, 2);
            assert.equal((await emulator.control.getBackupConfiguration(siteId)).properties.backupSchedule?.retentionPeriodInDays, 21);
            assert.deepEqual(await stackLocks(first, project), [], "the lock is gone with the update");
            const historyAfter = await first.backend.listObjects(`.pulumi/history/${project}/dev/`);
            const added = historyAfter.filter((name) => !historyBefore.includes(name) && name.endsWith(".history.json"));
            assert.equal(added.length, 1, `one update recorded (the first's), none for the refused one: ${added.join(", ")}`);
            assert.deepEqual(declaredTypes((await storedCheckpoint(first, project)).resources), ["pulumi-nodejs:dynamic/appservice:BackupSchedule", "pulumi:pulumi:Stack"], "nothing lost");
            // The teammate reads the same state from the container: nothing to do.
            const preview = await second.stack.preview({ expectNoChanges: true });
            assert.deepEqual(preview.changeSummary, { same: 2 });
        });
    });

    describe("an up killed with SIGKILL, then `pulumi cancel`, then a rerun", function () {
        const project = "azblob-kill";
        const itemName = "VM;iaasvmcontainerv2;app-rg;web2";
        let local: LocalStack;

        before(async () => {
            local = await blobStack(project, async () => new VmProtection("web2", { vaultId: world.vaultId, vmId: vmIdOf("Web2"), policyName: "VmNightly" }));
        });

        after(async () => {
            await emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
        });

        it("the kill leaves the lock and a pending create in the blobs; the next up is refused naming the dead CLI", async () => {
            // The protect job runs for a day of the vault's backup clock: it is still running at the
            // kill, whatever the machine's load, and ends only when the test moves that clock.
            await emulator.control.setRecoveryServicesBehaviour({ configureMs: 86_400_000 });
            const configureRunning = async () => (await emulator.control.listJobs(world.vault)).some((j) => j.properties.operation === "ConfigureBackup" && j.properties.status === "InProgress");
            const killed = await killUpOnceRunning(local, configureRunning, 180_000);
            assert.ok(killed.length >= 2, `the CLI and its dynamic-provider host were killed (${killed.join(", ")})`);

            const locks = await stackLocks(local, project);
            assert.equal(locks.length, 1, "the killed update's lock stays in the container");
            const lock = JSON.parse((await local.backend.readObject(locks[0]))!);
            assert.ok(killed.includes(lock.pid), `the lock names the killed CLI (pid ${lock.pid})`);
            assert.deepEqual((await storedCheckpoint(local, project)).pendingOperations.map((op) => op.type), ["creating"], "the engine recorded the create it started");

            await assert.rejects(local.stack.up(), (error: unknown) => {
                assert.match(errorText(error), lockRefusal);
                assert.match(errorText(error), new RegExp(`\\(pid ${lock.pid}\\)`));
                return true;
            });
        });

        it("`pulumi cancel` deletes the stale lock; the rerun adopts what the killed run started: one item, one protect job", async () => {
            await local.stack.cancel();
            assert.deepEqual(await stackLocks(local, project), []);
            // The protect job the killed run started ends.
            await emulator.control.advanceBackupClock({ days: 2 });
            assert.equal((await emulator.control.findProtectedItem(world.vault, itemName))?.properties.protectionState, "Protected");

            await local.stack.refresh({ clearPendingCreates: true });
            assert.deepEqual((await storedCheckpoint(local, project)).pendingOperations, []);
            await emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
            const rerun = await local.stack.up();
            assert.equal(rerun.summary.resourceChanges?.create, 1, "the item is recorded");
            const items = (await emulator.control.listProtectedItems(world.vault)).filter((i) => i.name.toLowerCase() === itemName.toLowerCase());
            assert.equal(items.length, 1, "one protected item");
            const jobs = (await emulator.control.listJobs(world.vault)).filter((j) => j.properties.operation === "ConfigureBackup" && j.properties.entityFriendlyName?.toLowerCase() === "web2");
            assert.equal(jobs.length, 1, "the rerun started no second protect job");
            assert.deepEqual((await local.stack.preview({ refresh: true, expectNoChanges: true })).changeSummary, { same: 2 });
            await local.stack.destroy();
            assert.deepEqual(await stackLocks(local, project), []);
        });
    });

    describe("declarative-backups drift across three stacks of one project", function () {
        const project = "azblob-shop";
        let prod: LocalStack;

        /** The compiled command in the project's folder, with the stacks' backend environment (URL, storage account, key, CA). */
        const drift = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
            new Promise((resolve) => {
                execFile(
                    process.execPath,
                    [path.join(repoRoot, "dist", "report", "cli.js"), "drift", "--no-progress", ...args],
                    { cwd: prod.workDir, env: { ...process.env, ...backupEnv(emulator), ...prod.backendEnv, ...env }, maxBuffer: 16 * 1024 * 1024 },
                    (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
                );
            });
        const json = async (args: string[] = []) => {
            const run = await drift(["--format", "json", ...args]);
            assert.doesNotThrow(() => JSON.parse(run.stdout), `JSON on stdout (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
            return { run, report: JSON.parse(run.stdout) };
        };
        /** Every blob but the lock files, to show a report writes nothing. */
        const stateBlobs = async () => Object.fromEntries(Object.entries(await prod.backend.readObjects()).filter(([name]) => !name.startsWith(".pulumi/locks/")));

        before(async () => {
            const prodSchedule = scheduleArgs("Shop-Prod");
            prod = await blobStack(project, async () => {
                new VmProtection("web1", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" });
                return new BackupSchedule("nightly", prodSchedule);
            }, { stackName: "prod" });
            const stagingSchedule = scheduleArgs("Shop-Staging", 14);
            const staging = await blobStack(project, async () => new BackupSchedule("nightly", stagingSchedule), { stackName: "staging", workDir: prod.workDir });
            const devSchedule = scheduleArgs("Shop-Dev", 7);
            const dev = await blobStack(project, async () => new BackupSchedule("nightly", devSchedule), { stackName: "dev", workDir: prod.workDir });
            for (const local of [prod, staging, dev]) await local.stack.up();
        });

        it("a clean project exits 0: every resource of the three stacks read from the blob backend, ok", async () => {
            const { run, report } = await json();
            assert.equal(run.code, 0, run.stderr);
            assert.deepEqual([...report.stacks].sort(), ["dev", "prod", "staging"]);
            assert.deepEqual(
                report.resources.map((r: { stack: string; type: string; drift: string; health: unknown[] }) => `${r.stack} ${r.type} ${r.drift} ${r.health.length}`).sort(),
                ["dev appservice:BackupSchedule ok 0", "prod appservice:BackupSchedule ok 0", "prod azurebackup:VmProtection ok 0", "staging appservice:BackupSchedule ok 0"],
            );
        });

        it("drift in one stack: exit 2 naming the stack and the field; no blob written", async () => {
            const before = await stateBlobs();
            await emulator.control.patchBackupConfiguration(siteIdOf("Shop-Staging"), { backupSchedule: { retentionPeriodInDays: 3 } });
            const { run, report } = await json();
            assert.equal(run.code, 2, run.stderr);
            const drifted = report.resources.filter((r: { drift: string }) => r.drift !== "ok");
            assert.deepEqual(drifted.map((r: { stack: string; type: string }) => `${r.stack} ${r.type}`), ["staging appservice:BackupSchedule"]);
            assert.deepEqual(drifted[0].changes.map((c: { field: string; desired: unknown; live: unknown }) => [c.field, String(c.desired), String(c.live)]), [["retentionPeriodInDays", "14", "3"]]);
            assert.equal((await drift(["--stack", "prod"])).code, 0, "the other stacks stay clean");
            assert.deepEqual(await stateBlobs(), before, "the report reads the backend and writes nothing to it");
            for (const secret of secrets) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), "the report prints no secret");
        });

        it("a wrong storage key: exit 1 with the backend's refusal, and the key is not printed", async () => {
            const wrongKey = Buffer.alloc(64, 7).toString("base64");
            const run = await drift(["--stack", "prod"], { AZURE_STORAGE_KEY: wrongKey });
            assert.equal(run.code, 1);
            // The CLI could not read the backend's first blob; the report shows the first line of its error.
            assert.match(run.stdout, new RegExp(`error in stack prod: error: read "\\.pulumi/meta\\.yaml": .*/${stateContainer}/`));
            assert.ok(!`${run.stdout}${run.stderr}`.includes(emulator.storage!.accountKey));
        });
    });

    describe("what the backend wrote", function () {
        it("no secret in plaintext in any blob of the container: checkpoints, their .bak, history, backups", async () => {
            const blobs = await stacks[0].backend.readObjects();
            const names = Object.keys(blobs);
            for (const prefix of [".pulumi/meta.yaml", ".pulumi/stacks/", ".pulumi/history/"]) {
                assert.ok(names.some((name) => name.startsWith(prefix)), `the container holds ${prefix}: ${names.join(", ")}`);
            }
            assert.ok(Object.values(blobs).some((text) => text.includes('"ciphertext"')), "secrets are there, encrypted");
            assert.ok(secrets.length >= 8, "the SAS signatures, passwords, storage key, client secret and passphrase are checked");
            assertNoSecrets(blobs, secrets);
        });
    });
});
