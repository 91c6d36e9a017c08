import * as assert from "node:assert/strict";
import { OnDemandBackup, type OnDemandBackupArgs } from "../../provider/azurebackup/onDemandBackup";
import { getBackupJob, listBackupJobs, listRecoveryPointsOf } from "../../provider/azurebackup/queries";
import { VmProtection } from "../../provider/azurebackup/vmProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, errorText } from "./support/engineOutput";
import { killUpOnceRunning, removeStaleLock } from "./support/processes";

const world = backupWorld("0db01");
const itemName = "VM;iaasvmcontainerv2;app-rg;web1";
const days = 86_400_000;

/** A protected VM and an on-demand backup of it, with whatever `args()` returns at each run. */
async function backupStack(emulator: RunningEmulator, projectName: string, args: () => Omit<OnDemandBackupArgs, "protectedItemId">): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const vm = new VmProtection("web1", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" });
            const backup = new OnDemandBackup("before-upgrade", { protectedItemId: vm.protectedItemId, ...args() });
            return { jobId: backup.jobId, recoveryPointId: backup.recoveryPointId, expiresOn: backup.expiresOn, state: backup.recoveryPointState };
        },
        env: backupEnv(emulator),
    });
}

const backupJobs = async (emulator: RunningEmulator) => (await emulator.control.listJobs(world.vault)).filter((j) => j.properties.operation === "Backup" && j.properties.isUserTriggered);

describe("OnDemandBackup through the Pulumi engine (issue 8, first increment)", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let args: Omit<OnDemandBackupArgs, "protectedItemId">;
    const retainUntil = new Date(Date.now() + 10 * days).toISOString();

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        args = { retainUntil };
        local = await backupStack(emulator, "on-demand-e2e", () => args);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up takes the backup, waits for its job, and records the recovery point and its expiry", async () => {
        const up = await local.stack.up();
        const jobs = await backupJobs(emulator);
        assert.equal(jobs.length, 1, "one on-demand backup job");
        assert.equal(up.outputs.jobId.value, jobs[0].name);
        assert.equal(jobs[0].properties.status, "Completed");
        const points = await emulator.control.listRecoveryPoints(world.vault, itemName);
        const point = points.find((p) => p.id.toLowerCase() === String(up.outputs.recoveryPointId.value).toLowerCase());
        assert.ok(point, "the recovery point the backup made");
        assert.equal(Date.parse(up.outputs.expiresOn.value), Date.parse(retainUntil));
        assert.equal(up.outputs.state.value, "Available");
    });

    it("a second preview, and one with a refresh, show no change and take no backup", async () => {
        await local.stack.preview({ expectNoChanges: true });
        await local.stack.preview({ refresh: true, expectNoChanges: true });
        assert.equal((await backupJobs(emulator)).length, 1);
    });

    it("new triggers take a new backup", async () => {
        args = { ...args, triggers: ["release-2"] };
        await local.stack.up();
        assert.equal((await backupJobs(emulator)).length, 2);
    });

    it("the engine killed during a running backup; the rerun adopts its job and takes no second backup", async () => {
        await emulator.control.setRecoveryServicesBehaviour({ backupMs: 4000 });
        args = { ...args, triggers: ["killed"] };
        const before = (await backupJobs(emulator)).length;
        try {
            await killUpOnceRunning(local, async () => (await backupJobs(emulator)).some((j) => j.properties.status === "InProgress"));
            removeStaleLock(local);
            await local.stack.refresh({ clearPendingCreates: true });
            const killedRunsJob = (await backupJobs(emulator))[0].name;
            const up = await local.stack.up();
            assert.equal(up.outputs.jobId.value, killedRunsJob, "the job the killed run started is adopted");
        } finally {
            await emulator.control.setRecoveryServicesBehaviour({ backupMs: 50 });
        }
        assert.equal((await backupJobs(emulator)).length - before, 1, "one backup job in all");
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a failed backup job fails the resource with the job's error details", async () => {
        await emulator.control.forceFailure({ operation: "Backup", code: "UserErrorVmNotReachable", message: "The VM agent did not answer" });
        args = { ...args, triggers: ["release-3"] };
        const output = new EngineOutput();
        await assert.rejects(local.stack.up({ onOutput: output.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${output.text()}`, /backup job [0-9a-f-]+ (of \S+ failed|ended Failed): UserErrorVmNotReachable: The VM agent did not answer/);
            return true;
        });
        await emulator.control.clearForcedFailures();
    });

    it("functions list the item's recovery points newest first and the vault's jobs, as a program picks a point to restore", async () => {
        // The functions run in the program's process: point this one at the emulator.
        Object.assign(process.env, backupEnv(emulator), { DECLARATIVE_BACKUPS_CA_FILE: emulator.caFile });
        const state = await local.stack.exportStack();
        const backup = state.deployment.resources.find((r: { type: string }) => r.type.endsWith("azurebackup:OnDemandBackup")).outputs;
        const points = await listRecoveryPointsOf({ protectedItemId: backup.protectedItemId });
        assert.ok(points.length >= 2, "the scheduled point and the on-demand ones");
        assert.ok(points.every((p, i) => i === 0 || Date.parse(p.time!) <= Date.parse(points[i - 1].time!)), "newest first");
        assert.ok(points.some((p) => p.id.toLowerCase() === String(backup.recoveryPointId).toLowerCase()));
        const recent = await listRecoveryPointsOf({ protectedItemId: backup.protectedItemId, from: backup.recoveryPointTime });
        assert.ok(recent.length >= 1 && recent.every((p) => Date.parse(p.time!) >= Date.parse(backup.recoveryPointTime)));
        const failed = await listBackupJobs({ vaultId: world.vaultId, operation: "Backup", status: "Failed" });
        assert.equal(failed.length, 1);
        assert.match(failed[0].errors[0], /The VM agent did not answer/);
        assert.equal((await getBackupJob({ vaultId: world.vaultId, jobId: backup.jobId }))?.status, "Completed");
    });

    it("rejects a past retainUntil and a backupType for a VM at preview, naming the field", async () => {
        const bad = async (project: string, badArgs: Omit<OnDemandBackupArgs, "protectedItemId">, expected: RegExp) => {
            const stack = await backupStack(emulator, project, () => badArgs);
            try {
                const output = new EngineOutput();
                await assert.rejects(stack.stack.preview({ onOutput: output.onOutput }), (error: unknown) => {
                    assert.match(`${errorText(error)}\n${output.text()}`, expected);
                    return true;
                });
            } finally {
                await stack.remove();
            }
        };
        await bad("on-demand-past", { retainUntil: "2020-01-01T00:00:00Z" }, /retainUntil must be in the future; got 2020-01-01T00:00:00.000Z/);
        await bad("on-demand-type", { backupType: "Weekly" as never }, /backupType must be one of Full, Differential, Log, CopyOnlyFull; got "Weekly"/);
    });
});
