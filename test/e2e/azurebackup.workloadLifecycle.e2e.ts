import * as assert from "node:assert/strict";
import { FileShareProtection } from "../../provider/azurebackup/fileShareProtection";
import { ProtectionContainer } from "../../provider/azurebackup/protectionContainer";
import { SqlDatabaseProtection } from "../../provider/azurebackup/sqlDatabaseProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld, type BackupWorld } from "./support/backupWorld";
import { EngineOutput, errorText } from "./support/engineOutput";
import { killUpOnceRunning, removeStaleLock } from "./support/processes";

// The protected item's life for the file share and SQL workloads (the VM's is in
// azurebackup.vmProtection.e2e.ts): drift by soft delete and deletion, undelete, an immutable vault,
// the engine killed during a protect, and faults.

interface Workload {
    name: string;
    tag: string;
    /** The item as the emulator's control API finds it (name or friendly name). */
    item: string;
    policyName: string;
    seed(emulator: RunningEmulator, world: BackupWorld): Promise<void>;
    /** The program: the registered container and the protected item, with `onDelete`. */
    program(world: BackupWorld, onDelete: "retainData" | "deleteData"): () => Promise<Record<string, unknown>>;
}

const workloads: Workload[] = [
    {
        name: "file share",
        tag: "11fe1",
        item: "reports",
        policyName: "FilesDaily",
        seed: async () => undefined,
        program: (world, onDelete) => async () => {
            const account = new ProtectionContainer("account", { vaultId: world.vaultId, sourceResourceId: world.accountId });
            const share = new FileShareProtection("reports", { vaultId: world.vaultId, storageAccountId: account.sourceResourceId, shareName: world.shareName, policyName: "FilesDaily", onDelete });
            return { state: share.protectionState };
        },
    },
    {
        name: "SQL database",
        tag: "115d1",
        item: "SQLDataBase;MSSQLSERVER;orders",
        policyName: "HourlyLogBackup",
        seed: async (emulator, world) => {
            await emulator.control.putSqlInstance({ subscriptionId: world.subscriptionId, resourceGroupName: "App-RG", vmName: "Web1" }, "MSSQLSERVER", { databases: ["orders"] });
        },
        program: (world, onDelete) => async () => {
            const vm = new ProtectionContainer("sql-vm", { vaultId: world.vaultId, sourceResourceId: world.vmId });
            const db = new SqlDatabaseProtection("orders", { vaultId: world.vaultId, vmId: vm.sourceResourceId, instanceName: "MSSQLSERVER", databaseName: "orders", policyName: "HourlyLogBackup", onDelete });
            return { state: db.protectionState };
        },
    },
];

const isProtected = (state: unknown) => /^(IRPending|Protected)$/.test(String(state));

for (const workload of workloads) {
    describe(`${workload.name} protection life cycle through the Pulumi engine`, function () {
        const world = backupWorld(workload.tag);
        let emulator: RunningEmulator;
        const stack = (project: string, onDelete: "retainData" | "deleteData" = "retainData"): Promise<LocalStack> =>
            createLocalStack({ projectName: project, program: workload.program(world, onDelete), env: backupEnv(emulator) });
        const live = () => emulator.control.findProtectedItem(world.vault, workload.item);

        before(async () => {
            emulator = await startEmulator({ storage: false });
            await seedBackupWorld(emulator, world);
            await workload.seed(emulator, world);
        });
        after(async () => emulator?.close());

        it("soft-deleted and deleted out of band: drift on refresh, then up undeletes or protects again", async () => {
            const local = await stack(`lifecycle-drift`);
            try {
                await local.stack.up();
                await emulator.control.softDeleteItem(world.vault, workload.item);
                const output = new EngineOutput();
                await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput }), (error: unknown) => {
                    assert.match(`${errorText(error)}\n${output.text()}`, /\[diff: [^\]]*protectionState/);
                    return true;
                });
                await local.stack.up({ refresh: true });
                const undeleted = await live();
                assert.notEqual(undeleted!.properties.isScheduledForDeferredDelete, true);
                assert.ok(isProtected(undeleted!.properties.protectionState));

                await emulator.control.deleteItem(world.vault, workload.item);
                await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true }));
                await local.stack.up({ refresh: true });
                assert.ok(isProtected((await live())!.properties.protectionState));
                await local.stack.preview({ refresh: true, expectNoChanges: true });
                await local.stack.destroy();
            } finally {
                await local.remove();
            }
        });

        it("an immutable vault refuses deleteData at once, with what to do; the item stays protected", async () => {
            const local = await stack(`lifecycle-immutable`, "deleteData");
            try {
                await local.stack.up();
                await emulator.control.patchVault(world.vault, { immutabilityState: "Locked" });
                const output = new EngineOutput();
                await assert.rejects(local.stack.destroy({ onOutput: output.onOutput }), (error: unknown) => {
                    assert.match(`${errorText(error)}\n${output.text()}`, /could not delete the backup data: .*Nothing was changed: the vault is immutable/);
                    return true;
                });
                assert.ok(isProtected((await live())!.properties.protectionState));
            } finally {
                await emulator.control.patchVault(world.vault, { immutabilityState: "Disabled" });
                await local.stack.destroy().catch(() => undefined);
                await local.remove();
            }
        });

        it("deleteData with soft delete on, then a new up undeletes and protects it again", async () => {
            const local = await stack(`lifecycle-soft-delete`, "deleteData");
            try {
                await local.stack.up();
                await local.stack.destroy();
                assert.equal((await live())!.properties.isScheduledForDeferredDelete, true);
                await local.stack.up();
                assert.ok(isProtected((await live())!.properties.protectionState));
                await local.stack.destroy();
            } finally {
                await local.remove();
            }
        });

        it("the engine killed during the asynchronous protect; the rerun converges with one ConfigureBackup job", async () => {
            await emulator.control.setRecoveryServicesBehaviour({ configureMs: 4000 });
            const local = await stack(`lifecycle-kill`);
            try {
                // The item of the earlier tests is soft-deleted: start from a purged one.
                await emulator.control.deleteItem(world.vault, workload.item).catch(() => undefined);
                const before = (await emulator.control.listJobs(world.vault)).filter((j) => j.properties.operation === "ConfigureBackup").length;
                await killUpOnceRunning(local, async () => (await emulator.control.listJobs(world.vault)).some((j) => j.properties.operation === "ConfigureBackup" && j.properties.status === "InProgress"));
                removeStaleLock(local);
                await local.stack.refresh({ clearPendingCreates: true });
                await emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
                await local.stack.up();
                const after = (await emulator.control.listJobs(world.vault)).filter((j) => j.properties.operation === "ConfigureBackup").length;
                assert.equal(after - before, 1, "one ConfigureBackup job in all");
                await local.stack.preview({ refresh: true, expectNoChanges: true });
                await local.stack.destroy();
            } finally {
                await emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
                await local.remove();
            }
        });

        it("converges when 30% of ARM requests fail", async () => {
            const local = await stack(`lifecycle-faults`);
            try {
                for (const kind of ["429", "503", "reset"] as const) {
                    await emulator.control.addFault({ pathPattern: "^/subscriptions/", kind, rate: 0.1, retryAfterSeconds: 0, seed: 23 });
                }
                await local.stack.up();
                await local.stack.preview({ refresh: true, expectNoChanges: true });
                assert.ok((await emulator.control.getRequests()).faultsInjected > 0);
                await emulator.control.clearFaults();
                assert.ok(isProtected((await live())!.properties.protectionState));
                await local.stack.destroy();
            } finally {
                await emulator.control.clearFaults();
                await local.remove();
            }
        });
    });
}
