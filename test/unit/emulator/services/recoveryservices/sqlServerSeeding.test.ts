import * as assert from "node:assert/strict";
import { isEmulatorControlError } from "../../../../../emulator/control/controlClient";
import { names, sql, useBackupWorld } from "./support/backupFixture";

// The SQL Server inside VMs that Azure Backup's SQL workloads back up (Microsoft.Compute's control part).
describe("emulator Azure Backup: SQL Server instances and databases seeded inside VMs", function () {
    this.timeout(30_000);
    const world = useBackupWorld({ sql: "seeded" });

    async function statusOf(call: Promise<unknown>): Promise<number | undefined> {
        const thrown = await call.then(
            () => undefined,
            (error: unknown) => error,
        );
        return isEmulatorControlError(thrown) ? thrown.status : undefined;
    }

    it("seeds an instance with databases and their content; the server name defaults to the VM's computer name", async () => {
        const instance = await world.emulator.control.getSqlInstance(sql.vm, "mssqlserver");
        assert.equal(instance.name, "MSSQLSERVER");
        assert.equal(instance.vmId, sql.vmId);
        assert.equal(instance.serverName, "sqlvm1");
        assert.deepEqual(
            instance.databases.map((database) => [database.name, database.content]),
            [
                ["customers", "customers v1"],
                ["orders", "orders v1"],
            ],
        );
        const named = await world.emulator.control.putSqlInstance(sql.vm, "REPORTING", { serverName: "sqlvm1.contoso.com", databases: ["reports"] });
        assert.equal(named.serverName, "sqlvm1.contoso.com");
        assert.deepEqual(named.databases, [{ id: `${sql.vmId}/sqlInstances/REPORTING/databases/reports`, name: "reports", content: "" }]);
        assert.deepEqual((await world.emulator.control.listSqlInstances(sql.vm)).map((entry) => entry.name), ["MSSQLSERVER", "REPORTING"]);
    });

    it("adds, changes and drops databases later; a PUT of the instance with a list keeps the content of the databases it names", async () => {
        await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "inventory", { content: "inventory v1" });
        await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "orders", { content: "orders v2" });
        assert.equal((await world.emulator.control.getSqlDatabase(sql.vm, sql.instance, "ORDERS")).content, "orders v2");
        assert.equal((await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "orders")).content, "orders v2", "a PUT without content keeps it");
        await world.emulator.control.deleteSqlDatabase(sql.vm, sql.instance, "customers");
        assert.deepEqual((await world.emulator.control.getSqlInstance(sql.vm, sql.instance)).databases.map((database) => database.name), ["inventory", "orders"]);
        const replaced = await world.emulator.control.putSqlInstance(sql.vm, sql.instance, { databases: ["orders", { name: "audit", content: "a" }] });
        assert.deepEqual(
            replaced.databases.map((database) => [database.name, database.content]),
            [
                ["audit", "a"],
                ["orders", "orders v2"],
            ],
        );
        assert.equal(await statusOf(world.emulator.control.getSqlDatabase(sql.vm, sql.instance, "inventory")), 404);
    });

    it("refuses a VM that does not exist, invalid names and bodies, and a missing instance", async () => {
        assert.equal(await statusOf(world.emulator.control.putSqlInstance({ ...sql.vm, vmName: "Nope" }, sql.instance)), 404);
        assert.equal(await statusOf(world.emulator.control.putSqlInstance(sql.vm, "1bad-name")), 400);
        assert.equal(await statusOf(world.emulator.control.putSqlInstance(sql.vm, "OTHER", { databases: ["a", "A"] })), 400);
        assert.equal(await statusOf(world.emulator.control.putSqlInstance(sql.vm, "OTHER", { databases: "orders" } as never)), 400);
        assert.equal(await statusOf(world.emulator.control.putSqlInstance(sql.vm, sql.instance, { databases: ["orders", "bad;name"] })), 400);
        assert.equal((await world.emulator.control.getSqlInstance(sql.vm, sql.instance)).databases.length, 2, "a refused list changes nothing");
        assert.equal(await statusOf(world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "x", { content: 5 } as never)), 400);
        assert.equal(await statusOf(world.emulator.control.putSqlDatabase(sql.vm, "NOSUCH", "x")), 404);
        assert.equal(await statusOf(world.emulator.control.deleteSqlDatabase(sql.vm, sql.instance, "nosuch")), 404);
    });

    it("goes with its VM, and with a reset", async () => {
        await world.emulator.control.deleteVirtualMachine(names.subscriptionId, names.vmResourceGroup, sql.vmName);
        await world.emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, sql.vmName);
        assert.deepEqual(await world.emulator.control.listSqlInstances(sql.vm), []);
        await world.emulator.control.putSqlInstance(sql.vm, sql.instance, { databases: ["orders"] });
        await world.emulator.control.reset();
        assert.equal((await world.emulator.control.getState()).resources.length, 0);
    });
});
