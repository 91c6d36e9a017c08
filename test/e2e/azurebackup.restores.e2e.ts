import * as assert from "node:assert/strict";
import { FileShareProtection } from "../../provider/azurebackup/fileShareProtection";
import { FileShareRestore, type FileShareRestoreArgs } from "../../provider/azurebackup/fileShareRestore";
import { OnDemandBackup } from "../../provider/azurebackup/onDemandBackup";
import { ProtectionContainer } from "../../provider/azurebackup/protectionContainer";
import { SqlDatabaseProtection } from "../../provider/azurebackup/sqlDatabaseProtection";
import { SqlDatabaseRestore, type SqlDatabaseRestoreArgs } from "../../provider/azurebackup/sqlDatabaseRestore";
import { VmProtection } from "../../provider/azurebackup/vmProtection";
import { VmRestore, type VmRestoreArgs } from "../../provider/azurebackup/vmRestore";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, errorText } from "./support/engineOutput";
import { killUpOnceRunning, removeStaleLock } from "./support/processes";

// Restores of each workload through the engine: a backup, then a restore whose result the emulator
// shows; no change on the second preview and on a refresh; a new restore only on new inputs or
// triggers; the engine killed during a restore; a failed restore job; bad input at preview.

const world = backupWorld("e5701");
const stagingId = `/subscriptions/${world.subscriptionId}/resourceGroups/Backup-RG/providers/Microsoft.Storage/storageAccounts/restorestage`;
const sqlVm = { subscriptionId: world.subscriptionId, resourceGroupName: "App-RG", vmName: "Web1" };
const shareId = `${world.accountId}/fileServices/default/shares/${world.shareName}`;
const scratchShareId = `${world.accountId}/fileServices/default/shares/scratch`;

/** What a program declares beside the protected item and its backup: the restore, when there is one. */
type Restore<T> = Omit<T, "protectedItemId" | "recoveryPointId"> & { recoveryPointId?: string };

describe("Azure Backup restores through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    const stacks: LocalStack[] = [];
    const stack = async (projectName: string, program: () => Promise<Record<string, unknown>>) => {
        const local = await createLocalStack({ projectName, program, env: backupEnv(emulator) });
        stacks.push(local);
        return local;
    };
    const restoreJobs = async () => (await emulator.control.listJobs(world.vault)).filter((j) => j.properties.operation === "Restore");
    const expectPreviewFailure = async (local: LocalStack, expected: RegExp) => {
        const output = new EngineOutput();
        await assert.rejects(local.stack.preview({ onOutput: output.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${output.text()}`, expected);
            return true;
        });
    };

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        await emulator.control.putStorageAccount(world.subscriptionId, "Backup-RG", "restorestage");
        await emulator.control.putFileShare(world.subscriptionId, "Backup-RG", "shopfiles", "scratch", { files: {} });
        await emulator.control.putSqlInstance(sqlVm, "MSSQLSERVER", { databases: [{ name: "orders", content: "orders v1" }] });
        await emulator.control.setRecoveryServicesBehaviour({ restoreMs: 300 });
    });

    after(async () => {
        for (const local of stacks.reverse()) {
            await local.stack.destroy().catch(() => undefined);
            await local.remove();
        }
        await emulator?.close();
    });

    describe("VM", () => {
        let restore: Restore<VmRestoreArgs> | undefined;
        let local: LocalStack;

        before(async () => {
            local = await stack("restore-vm", async () => {
                const vm = new VmProtection("web1", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" });
                const backup = new OnDemandBackup("before-drill", { protectedItemId: vm.protectedItemId });
                if (!restore) return { recoveryPointId: backup.recoveryPointId };
                const restored = new VmRestore("disks", { protectedItemId: vm.protectedItemId, recoveryPointId: restore.recoveryPointId ?? backup.recoveryPointId, ...restore });
                return { recoveryPointId: backup.recoveryPointId, jobId: restored.jobId, configBlobName: restored.configBlobName, templateBlobUri: restored.templateBlobUri };
            });
        });

        it("restores the disks into the staging account, with the configuration the job names", async () => {
            restore = { restoreType: "RestoreDisks", storageAccountId: stagingId };
            const output = new EngineOutput();
            const up = await local.stack.up({ onOutput: output.onOutput });
            assert.match(output.text(), /restoring the disks into \S+restorestage from recovery point \d+/);
            assert.match(output.text(), /restore job [0-9a-f-]+: 100%/, "progress lines with the job id and percentage");
            const jobs = await restoreJobs();
            assert.equal(jobs.length, 1);
            assert.equal(up.outputs.jobId.value, jobs[0].name);
            const [record] = (await emulator.control.listRestores(world.vault)).filter((r) => r.jobId === jobs[0].name);
            assert.equal(record.recoveryType, "RestoreDisks");
            assert.equal(record.recoveryPointId.toLowerCase(), String(up.outputs.recoveryPointId.value).split("/").pop()!.toLowerCase());
            const blobs = Object.keys((await emulator.control.getStorageAccountBlobs(stagingId)).blobs ?? {});
            assert.ok(blobs.some((b) => /web1-osdisk\.vhd$/.test(b)), `the OS disk among ${blobs.join(", ")}`);
            assert.ok(blobs.some((b) => b.endsWith(`/${up.outputs.configBlobName.value}`)), "the configuration blob the output names");
            assert.match(String(up.outputs.templateBlobUri.value), /^https:\/\/restorestage\.blob\.core\.windows\.net\//);
        });

        it("a second preview, and one with a refresh, show no change and restore nothing", async () => {
            await local.stack.preview({ expectNoChanges: true });
            await local.stack.preview({ refresh: true, expectNoChanges: true });
            await local.stack.refresh();
            assert.equal((await restoreJobs()).length, 1);
        });

        it("new triggers restore again, once", async () => {
            restore = { ...restore!, triggers: ["drill-2"] };
            await local.stack.up();
            assert.equal((await restoreJobs()).length, 2);
            await local.stack.preview({ expectNoChanges: true });
        });

        it("to an alternate location: a new VM from the point", async () => {
            const target = `/subscriptions/${world.subscriptionId}/resourceGroups/App-RG/providers/Microsoft.Compute/virtualMachines/web1-drill`;
            restore = { restoreType: "AlternateLocation", storageAccountId: stagingId, targetVirtualMachineId: target };
            const up = await local.stack.up();
            const record = (await emulator.control.listRestores(world.vault)).find((r) => r.jobId === up.outputs.jobId.value);
            assert.equal(record?.recoveryType, "AlternateLocation");
            assert.equal(String(record?.target.virtualMachineId).toLowerCase(), target.toLowerCase());
        });

        it("the engine killed during a restore; the rerun adopts its job and restores nothing twice", async () => {
            await emulator.control.setRecoveryServicesBehaviour({ restoreMs: 4000 });
            restore = { restoreType: "RestoreDisks", storageAccountId: stagingId, triggers: ["killed"] };
            const before = (await restoreJobs()).length;
            try {
                await killUpOnceRunning(local, async () => (await restoreJobs()).some((j) => j.properties.status === "InProgress"));
                removeStaleLock(local);
                await local.stack.refresh({ clearPendingCreates: true });
                const killedRunsJob = (await restoreJobs())[0].name;
                const up = await local.stack.up();
                assert.equal((await restoreJobs()).length - before, 1, "one restore job in all");
                assert.equal(up.outputs.jobId.value, killedRunsJob, "the job the killed run started is adopted");
            } finally {
                await emulator.control.setRecoveryServicesBehaviour({ restoreMs: 300 });
            }
            await local.stack.preview({ refresh: true, expectNoChanges: true });
        });

        it("a failed restore job fails the resource with the job's error; the rerun restores", async () => {
            await emulator.control.forceFailure({ operation: "Restore", code: "UserErrorStorageAccountIsNotReachable", message: "The staging account refused the disks" });
            restore = { ...restore!, triggers: ["after-failure"] };
            const output = new EngineOutput();
            try {
                await assert.rejects(local.stack.up({ onOutput: output.onOutput }), (error: unknown) => {
                    assert.match(`${errorText(error)}\n${output.text()}`, /restore job [0-9a-f-]+ (of \S+ failed|ended Failed): UserErrorStorageAccountIsNotReachable: The staging account refused the disks/);
                    return true;
                });
            } finally {
                await emulator.control.clearForcedFailures();
            }
            const failedJobs = (await restoreJobs()).length;
            await local.stack.up();
            assert.equal((await restoreJobs()).length, failedJobs + 1, "the failed job is not adopted: a new restore runs");
        });

        it("rejects at preview, naming the field: a restore type outside the list, and AlternateLocation without its VM", async () => {
            const saved = restore;
            try {
                restore = { restoreType: "Everything" as never };
                await expectPreviewFailure(local, /restoreType must be one of RestoreDisks, AlternateLocation, OriginalLocation; got "Everything"/);
                restore = { restoreType: "AlternateLocation", storageAccountId: stagingId };
                await expectPreviewFailure(local, /targetVirtualMachineId is required: the ARM id of a VM/);
            } finally {
                restore = saved;
            }
        });
    });

    describe("file share", () => {
        let restore: Restore<FileShareRestoreArgs> | undefined;
        let local: LocalStack;

        before(async () => {
            local = await stack("restore-share", async () => {
                const account = new ProtectionContainer("account", { vaultId: world.vaultId, sourceResourceId: world.accountId });
                const share = new FileShareProtection("reports", { vaultId: world.vaultId, storageAccountId: account.sourceResourceId, shareName: world.shareName, policyName: "FilesDaily" });
                const backup = new OnDemandBackup("before-cleanup", { protectedItemId: share.protectedItemId });
                if (!restore) return { recoveryPointId: backup.recoveryPointId };
                const restored = new FileShareRestore("reports", { protectedItemId: share.protectedItemId, recoveryPointId: restore.recoveryPointId ?? backup.recoveryPointId, ...restore });
                return { recoveryPointId: backup.recoveryPointId, jobId: restored.jobId };
            });
            await local.stack.up();
        });

        it("the whole share over itself: what was lost comes back", async () => {
            await emulator.control.putFileShareFiles(shareId, { "q1.csv": "revenue,0 (broken)" });
            restore = { copyOptions: "Overwrite" };
            await local.stack.up();
            assert.equal((await emulator.control.getFileShareFiles(shareId)).files["q1.csv"], "revenue,1");
            await local.stack.preview({ expectNoChanges: true });
            await local.stack.preview({ refresh: true, expectNoChanges: true });
        });

        it("listed files into another share's folder", async () => {
            restore = { target: "AlternateLocation", targetStorageAccountId: world.accountId, targetShareName: "scratch", targetFolderPath: "restored", copyOptions: "FailOnConflict", items: [{ path: "q1.csv" }] };
            await local.stack.up();
            assert.deepEqual((await emulator.control.getFileShareFiles(scratchShareId)).files, { "restored/q1.csv": "revenue,1" });
        });

        it("FailOnConflict: a file that exists fails the restore with the service's reason, and nothing is overwritten", async () => {
            await emulator.control.putFileShareFiles(scratchShareId, { "restored/q1.csv": "kept" });
            restore = { ...restore!, triggers: ["again"] };
            const output = new EngineOutput();
            await assert.rejects(local.stack.up({ onOutput: output.onOutput }), (error: unknown) => {
                assert.match(`${errorText(error)}\n${output.text()}`, /restore job [0-9a-f-]+ (of \S+ failed|ended Failed): \S+: .*restored\/q1\.csv/);
                return true;
            });
            assert.equal((await emulator.control.getFileShareFiles(scratchShareId)).files["restored/q1.csv"], "kept");
        });

        it("rejects at preview, naming the field: a path that climbs out, and a recovery point of another item", async () => {
            const saved = restore;
            try {
                restore = { items: [{ path: "../etc/passwd" }] };
                await expectPreviewFailure(local, /items\[0\]\.path must be a path in the share/);
                const vmPoint = `${world.vaultId}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;app-rg;web1/protectedItems/VM;iaasvmcontainerv2;app-rg;web1/recoveryPoints/123`;
                restore = { recoveryPointId: vmPoint, copyOptions: "Overwrite" };
                await expectPreviewFailure(local, /recoveryPointId is a recovery point of another protected item \(VM;iaasvmcontainerv2;app-rg;web1\)/);
            } finally {
                restore = saved;
            }
        });
    });

    describe("SQL database", () => {
        let restore: Restore<SqlDatabaseRestoreArgs> | undefined;
        let backupType: "Full" | "Log" = "Full";
        let local: LocalStack;

        before(async () => {
            local = await stack("restore-sql", async () => {
                const vm = new ProtectionContainer("sql-vm", { vaultId: world.vaultId, sourceResourceId: world.vmId });
                const db = new SqlDatabaseProtection("orders", { vaultId: world.vaultId, vmId: vm.sourceResourceId, instanceName: "MSSQLSERVER", databaseName: "orders", policyName: "HourlyLogBackup" });
                const full = new OnDemandBackup("full", { protectedItemId: db.protectedItemId, backupType: "Full" });
                const log = backupType === "Log" ? new OnDemandBackup("log", { protectedItemId: db.protectedItemId, backupType: "Log" }) : undefined;
                if (!restore) return { recoveryPointId: full.recoveryPointId };
                const restored = new SqlDatabaseRestore("orders", {
                    protectedItemId: db.protectedItemId,
                    ...(restore.pointInTime ? {} : { recoveryPointId: restore.recoveryPointId ?? full.recoveryPointId }),
                    ...restore,
                }, { dependsOn: log ? [log] : [] });
                return { recoveryPointId: full.recoveryPointId, jobId: restored.jobId };
            });
            await local.stack.up();
        });

        it("under a new name from a full point: the database holds the point's content", async () => {
            await emulator.control.putSqlDatabase(sqlVm, "MSSQLSERVER", "orders", { content: "orders v2" });
            restore = { targetDatabaseName: "orders_restored" };
            await local.stack.up();
            assert.equal((await emulator.control.getSqlDatabase(sqlVm, "MSSQLSERVER", "orders_restored")).content, "orders v1");
            await local.stack.preview({ expectNoChanges: true });
            await local.stack.preview({ refresh: true, expectNoChanges: true });
        });

        it("over itself needs overwrite: true, said at preview", async () => {
            restore = { target: "OriginalLocation" };
            await expectPreviewFailure(local, /overwrite must be true with target OriginalLocation/);
            restore = { target: "OriginalLocation", overwrite: true };
            await local.stack.up();
            assert.equal((await emulator.control.getSqlDatabase(sqlVm, "MSSQLSERVER", "orders")).content, "orders v1");
        });

        it("to a point in time within the log backups: the content then; one outside is refused at preview", async () => {
            await emulator.control.putSqlDatabase(sqlVm, "MSSQLSERVER", "orders", { content: "orders v3" });
            await emulator.control.advanceBackupClock({ minutes: 10 });
            backupType = "Log";
            restore = undefined;
            await local.stack.up();
            const chain = await emulator.control.getLogChain(world.vault, "orders");
            const then = chain.entries.filter((e) => Date.parse(e.time) <= Date.parse(chain.endTime)).pop()!;
            assert.equal(then.content, "orders v3");
            await emulator.control.putSqlDatabase(sqlVm, "MSSQLSERVER", "orders", { content: "orders v4" });
            const outside = new Date(Date.parse(chain.endTime) + 3_600_000).toISOString();
            restore = { pointInTime: outside, targetDatabaseName: "orders_pit" };
            await expectPreviewFailure(local, new RegExp(`pointInTime ${outside.replace(/[.]/g, "\\.")} is outside the log backups of orders; restorable ranges: \\S+ to \\S+`));
            restore = { pointInTime: chain.endTime, targetDatabaseName: "orders_pit" };
            await local.stack.up();
            assert.equal((await emulator.control.getSqlDatabase(sqlVm, "MSSQLSERVER", "orders_pit")).content, "orders v3");
            await local.stack.preview({ refresh: true, expectNoChanges: true });
        });

        it("rejects at preview: both a point and a time, and a database name SQL cannot hold", async () => {
            const saved = restore;
            try {
                restore = { pointInTime: "2026-01-01T00:00:00Z", recoveryPointId: `${world.vaultId}/backupFabrics/Azure/protectionContainers/x/protectedItems/y/recoveryPoints/1`, targetDatabaseName: "x" };
                await expectPreviewFailure(local, /give one of recoveryPointId \(a full or differential recovery point\) or pointInTime/);
                restore = { targetDatabaseName: "bad name;drop" };
                await expectPreviewFailure(local, /targetDatabaseName must be 1 to 128 letters, digits/);
            } finally {
                restore = saved;
            }
        });
    });
});
