import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ProtectionContainer } from "../../provider/azurebackup/protectionContainer";
import { SqlDatabaseProtection } from "../../provider/azurebackup/sqlDatabaseProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoRoot, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";

const world = backupWorld("d7111");
const sqlVm = { subscriptionId: world.subscriptionId, resourceGroupName: "App-RG", vmName: "Web1" };
const month = (offset: number) => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};

describe("examples/restore-drill against the emulator", function () {
    let emulator: RunningEmulator;
    let production: LocalStack;
    let drill: LocalStack;
    let protectedItemId: string;
    const jobs = async (operation: string) => (await emulator.control.listJobs(world.vault)).filter((j) => String(j.properties.operation).startsWith(operation));
    const scratch = async () => (await emulator.control.getSqlDatabase(sqlVm, "MSSQLSERVER", "drill_restore")).content;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        await emulator.control.putSqlInstance(sqlVm, "MSSQLSERVER", { databases: [{ name: "orders", content: "orders v1" }] });
        // The production stack, where the database is protected.
        production = await createLocalStack({
            projectName: "drill-production",
            program: async () => {
                const vm = new ProtectionContainer("sql-vm", { vaultId: world.vaultId, sourceResourceId: world.vmId });
                const db = new SqlDatabaseProtection("orders", { vaultId: world.vaultId, vmId: vm.sourceResourceId, instanceName: "MSSQLSERVER", databaseName: "orders", policyName: "HourlyLogBackup" });
                return { protectedItemId: db.protectedItemId };
            },
            env: backupEnv(emulator),
        });
        protectedItemId = (await production.stack.up()).outputs.protectedItemId.value;
        drill = await createLocalStack({ projectName: "restore-drill", program: async () => require(path.join(repoRoot, "dist", "examples", "restore-drill"))(), env: backupEnv(emulator) });
        await drill.stack.setAllConfig({ protectedItemId: { value: protectedItemId }, drillId: { value: month(0) } });
    });

    after(async () => {
        await drill?.stack.destroy().catch(() => undefined);
        await drill?.remove();
        await production?.stack.destroy().catch(() => undefined);
        await production?.remove();
        await emulator?.close();
    });

    it("this month's drill: a copy-only backup restored as the scratch database, holding production's content", async () => {
        const up = await drill.stack.up();
        assert.equal(up.outputs.restoreStatus.value, "Completed");
        assert.equal(await scratch(), "orders v1");
        assert.equal((await jobs("Backup")).filter((j) => j.properties.isUserTriggered).length, 1);
        const points = await emulator.control.listRecoveryPoints(world.vault, "SQLDataBase;MSSQLSERVER;orders");
        const point = points.find((p) => p.id.toLowerCase() === String(up.outputs.recoveryPointId.value).toLowerCase());
        assert.equal(point?.content, "orders v1", "the drill's point holds production's content");
        assert.equal((await jobs("Restore")).length, 1);
    });

    it("a rerun within the month changes nothing, with or without a refresh", async () => {
        await emulator.control.putSqlDatabase(sqlVm, "MSSQLSERVER", "orders", { content: "orders v2" });
        await drill.stack.preview({ expectNoChanges: true });
        await drill.stack.preview({ refresh: true, expectNoChanges: true });
        const up = await drill.stack.up();
        assert.equal(up.summary.resourceChanges?.same, 3);
        assert.equal((await jobs("Restore")).length, 1);
        assert.equal(await scratch(), "orders v1");
    });

    it("next month's drill backs up and restores again, over last month's scratch copy", async () => {
        await drill.stack.setConfig("drillId", { value: month(1) });
        const up = await drill.stack.up();
        assert.equal(up.outputs.drillId.value, month(1));
        assert.equal(await scratch(), "orders v2");
        assert.equal((await jobs("Restore")).length, 2);
    });

    it("tear-down: the CI job drops the scratch database; destroy forgets the drill and keeps production's protection and points", async () => {
        await emulator.control.deleteSqlDatabase(sqlVm, "MSSQLSERVER", "drill_restore");
        await drill.stack.destroy();
        const item = await emulator.control.findProtectedItem(world.vault, "SQLDataBase;MSSQLSERVER;orders");
        assert.match(String(item?.properties.protectionState), /^(IRPending|Protected)$/);
        assert.ok((item?.recoveryPointCount ?? 0) >= 2, "the drill's recovery points stay until they expire");
        assert.equal((await emulator.control.getSqlDatabase(sqlVm, "MSSQLSERVER", "orders")).content, "orders v2");
    });

    it("rejects a drill id that is not a month", async () => {
        await drill.stack.setConfig("drillId", { value: "December" });
        await assert.rejects(drill.stack.preview(), /drillId must be a month, YYYY-MM \(such as 2026-12\); got "December"/);
        await drill.stack.setConfig("drillId", { value: month(1) });
    });
});
