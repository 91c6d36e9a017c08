import * as assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoRoot } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput } from "./support/engineOutput";

/** Runs a compiled example (a function export) as the stack's program, as the demo does. */
function exampleProgram(name: string) {
    return async () => require(path.join(repoRoot, "dist", "examples", name))();
}

const world = backupWorld("e4ab1");

describe("Azure Backup examples through the Pulumi engine", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
    });
    after(async () => emulator?.close());

    it("azure-backup-vm: protected, no second-run changes, paused by config keeping the data, destroy keeps it", async () => {
        const local = await createLocalStack({ projectName: "azure-backup-vm", program: exampleProgram("azure-backup-vm"), env: backupEnv(emulator) });
        const output = new EngineOutput();
        try {
            await local.stack.setAllConfig({ vaultId: { value: world.vaultId }, vmId: { value: world.vmId }, policyName: { value: "VmNightly" } });
            const up = await local.stack.up({ onOutput: output.onOutput });
            assert.equal(up.outputs.disks.value, "OS disk and data disks at LUNs 0");
            const item = await emulator.control.findProtectedItem(world.vault, up.outputs.protectedItemName.value);
            assert.match(String(item?.properties.protectionState), /^(IRPending|Protected)$/);
            const again = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
            assert.deepEqual(again.changeSummary, { same: 2 });

            await local.stack.setConfig("paused", { value: "true" });
            const pause = await local.stack.up({ onOutput: output.onOutput });
            assert.equal(pause.summary.resourceChanges?.update, 1);
            assert.equal((await emulator.control.findProtectedItem(world.vault, up.outputs.protectedItemName.value))?.properties.protectionState, "ProtectionStopped");

            await local.stack.destroy({ onOutput: output.onOutput });
            const kept = await emulator.control.findProtectedItem(world.vault, up.outputs.protectedItemName.value);
            assert.ok(kept && kept.recoveryPointCount > 0, "the item and its recovery points stay in the vault");
        } finally {
            await local.remove();
        }
    });

    it("azure-backup-file-share: the account registered once, two shares protected, no second-run changes", async () => {
        await emulator.control.putFileShare(world.subscriptionId, "Backup-RG", "shopfiles", "invoices", { files: { "2026/01.pdf": "%PDF" } });
        const local = await createLocalStack({ projectName: "azure-backup-file-share", program: exampleProgram("azure-backup-file-share"), env: backupEnv(emulator) });
        try {
            await local.stack.setAllConfig({
                vaultId: { value: world.vaultId },
                storageAccountId: { value: world.accountId },
                shareNames: { value: JSON.stringify([world.shareName, "invoices"]) },
            });
            const up = await local.stack.up();
            assert.equal(up.summary.resourceChanges?.create, 4);
            for (const share of [world.shareName, "invoices"]) {
                const item = await emulator.control.findProtectedItem(world.vault, share);
                assert.equal(item?.properties.friendlyName, share);
                assert.ok(String(item?.properties.policyId).toLowerCase().endsWith("/backuppolicies/filesdaily"));
            }
            await local.stack.preview({ refresh: true, expectNoChanges: true });
            await local.stack.destroy();
        } finally {
            await local.remove();
        }
    });

    it("azure-backup-sql: the VM registered, two databases protected, then the whole instance through an intent", async () => {
        const sqlVm = { subscriptionId: world.subscriptionId, resourceGroupName: "App-RG", vmName: "Web1" };
        await emulator.control.putSqlInstance(sqlVm, "MSSQLSERVER", { databases: ["orders", "inventory", "audit"] });
        const local = await createLocalStack({ projectName: "azure-backup-sql", program: exampleProgram("azure-backup-sql"), env: backupEnv(emulator) });
        try {
            await local.stack.setAllConfig({ vaultId: { value: world.vaultId }, vmId: { value: world.vmId }, databaseNames: { value: JSON.stringify(["orders", "inventory"]) } });
            const up = await local.stack.up();
            assert.equal(up.summary.resourceChanges?.create, 4);
            for (const db of ["orders", "inventory"]) assert.ok(await emulator.control.findProtectedItem(world.vault, `SQLDataBase;MSSQLSERVER;${db}`), `${db} protected`);
            assert.equal(await emulator.control.findProtectedItem(world.vault, "SQLDataBase;MSSQLSERVER;audit"), undefined, "audit was not asked for");
            await local.stack.preview({ refresh: true, expectNoChanges: true });

            // Auto-protection instead: the intent protects the rest of the instance; the databases' resources go, their data stays.
            await local.stack.setConfig("autoProtect", { value: "true" });
            await local.stack.up();
            await emulator.control.waitForItem(world.vault, "SQLDataBase;MSSQLSERVER;audit", (i) => i !== undefined && /^(IRPending|Protected)$/.test(String(i.properties.protectionState)));
            await local.stack.destroy();
        } finally {
            await local.remove();
        }
    });
});
