import * as assert from "node:assert/strict";
import { ProtectionContainer } from "../../provider/azurebackup/protectionContainer";
import { ProtectionIntent } from "../../provider/azurebackup/protectionIntent";
import { SqlDatabaseProtection, type SqlDatabaseProtectionArgs } from "../../provider/azurebackup/sqlDatabaseProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, errorText } from "./support/engineOutput";

const world = backupWorld("5e1db");
const sqlVm = { subscriptionId: world.subscriptionId, resourceGroupName: "App-RG", vmName: "Web1" };
const ordersItem = "SQLDataBase;MSSQLSERVER;orders";

interface Plan {
    databases: Array<Omit<SqlDatabaseProtectionArgs, "vaultId" | "vmId" | "instanceName">>;
    /** Protect every database of the instance through a protection intent. */
    autoProtect?: { policyName: string };
}

/** The SQL VM registered with the vault, and the databases or the instance protected. */
async function sqlStack(emulator: RunningEmulator, projectName: string, plan: () => Plan): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const { databases, autoProtect } = plan();
            const vm = new ProtectionContainer("sql-vm", { vaultId: world.vaultId, sourceResourceId: world.vmId });
            const items = databases.map((db) => new SqlDatabaseProtection(db.databaseName as string, { vaultId: world.vaultId, vmId: vm.sourceResourceId, instanceName: "MSSQLSERVER", ...db }));
            const intent = autoProtect ? new ProtectionIntent("instance", { vaultId: world.vaultId, vmId: vm.sourceResourceId, instanceName: "MSSQLSERVER", ...autoProtect }) : undefined;
            return { containerName: vm.containerName, items: items.map((i) => i.protectedItemName), intent: intent?.intentName };
        },
        env: backupEnv(emulator),
    });
}

async function liveDb(emulator: RunningEmulator, name = ordersItem) {
    return emulator.control.findProtectedItem(world.vault, name);
}

describe("SqlDatabaseProtection through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let plan: Plan;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        await emulator.control.putSqlInstance(sqlVm, "MSSQLSERVER", { databases: [{ name: "orders", content: "order 1" }, "inventory"] });
        plan = { databases: [{ databaseName: "orders", policyName: "HourlyLogBackup" }] };
        local = await sqlStack(emulator, "sql-e2e", () => plan);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up registers the VM, inquires it, and protects the database found by instance and name", async () => {
        const up = await local.stack.up();
        assert.match(up.outputs.containerName.value, /^VMAppContainer;Compute;App-RG;Web1$/i);
        assert.match(up.outputs.items.value[0], /^SQLDataBase;MSSQLSERVER;orders$/i);
        const item = await liveDb(emulator);
        assert.match(String(item?.properties.protectionState), /^(IRPending|Protected)$/);
        assert.ok(String(item!.properties.policyId).toLowerCase().endsWith("/backuppolicies/hourlylogbackup"));
        const jobs = await emulator.control.listJobs(world.vault);
        assert.equal(jobs.filter((j) => j.properties.operation === "Register").length, 1, "registered once");
        await local.stack.preview({ expectNoChanges: true });
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a database created later is found by a new inquiry; policy change and stop are in place", async () => {
        await emulator.control.putSqlDatabase(sqlVm, "MSSQLSERVER", "reports", { content: "r" });
        plan = { databases: [...plan.databases, { databaseName: "reports", policyName: "HourlyLogBackup" }] };
        await local.stack.up();
        assert.ok(await liveDb(emulator, "SQLDataBase;MSSQLSERVER;reports"), "the new database is protected");

        await emulator.control.putPolicy(world.vault, "SqlNightly", (await import("../unit/emulator/services/recoveryservices/support/backupFixture")).sqlPolicyBody(3));
        plan = { databases: [{ databaseName: "orders", policyName: "SqlNightly" }, { databaseName: "reports", policyName: "HourlyLogBackup", protectionState: "ProtectionStopped" }] };
        const preview = await local.stack.preview();
        assert.equal(preview.changeSummary.update, 2);
        assert.equal(preview.changeSummary.replace ?? 0, 0);
        await local.stack.up();
        assert.ok(String((await liveDb(emulator))!.properties.policyId).toLowerCase().endsWith("/backuppolicies/sqlnightly"));
        assert.equal((await liveDb(emulator, "SQLDataBase;MSSQLSERVER;reports"))!.properties.protectionState, "ProtectionStopped");
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a policy changed out of band is drift named policyId, repaired by up", async () => {
        await emulator.control.setItemPolicy(world.vault, ordersItem, "HourlyLogBackup");
        const output = new EngineOutput();
        await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${output.text()}`, /\[diff: [^\]]*policyId/);
            return true;
        });
        await local.stack.up({ refresh: true });
        assert.ok(String((await liveDb(emulator))!.properties.policyId).toLowerCase().endsWith("/backuppolicies/sqlnightly"));
    });

    it("destroy keeps the databases' data and leaves the VM registered, naming them", async () => {
        const output = new EngineOutput();
        await local.stack.destroy({ onOutput: output.onOutput });
        assert.equal((await liveDb(emulator))?.properties.protectionState, "ProtectionStopped");
        assert.match(output.text(), /stays registered: it still holds protected items \(.*orders.*\)/);
    });
});

describe("SQL instance auto-protection through a ProtectionIntent", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        await emulator.control.putSqlInstance(sqlVm, "MSSQLSERVER", { databases: ["orders", "inventory"] });
    });
    after(async () => emulator?.close());

    it("protects every database of the instance, now and later; destroy leaves them protected", async () => {
        const local = await sqlStack(emulator, "sql-auto", () => ({ databases: [], autoProtect: { policyName: "HourlyLogBackup" } }));
        try {
            await local.stack.up();
            for (const db of ["orders", "inventory"]) {
                await emulator.control.waitForItem(world.vault, `SQLDataBase;MSSQLSERVER;${db}`, (i) => i !== undefined && /^(IRPending|Protected)$/.test(String(i.properties.protectionState)));
            }
            await local.stack.preview({ refresh: true, expectNoChanges: true });
            // A database created later is protected once the vault inquires the VM again (the service does so periodically).
            await emulator.control.putSqlDatabase(sqlVm, "MSSQLSERVER", "audit", {});
            await local.stack.up({ refresh: true });
            const token = await armToken(emulator);
            const inquire = await fetch(`${emulator.url}${world.vaultId}/backupFabrics/Azure/protectionContainers/${encodeURIComponent("VMAppContainer;Compute;App-RG;Web1")}/inquire?api-version=2025-08-01`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
            assert.equal(inquire.status, 202);
            await emulator.control.waitForItem(world.vault, "SQLDataBase;MSSQLSERVER;audit", (i) => i !== undefined, { timeoutMs: 15_000 });
            await local.stack.destroy();
            assert.match(String((await emulator.control.findProtectedItem(world.vault, "SQLDataBase;MSSQLSERVER;orders"))?.properties.protectionState), /^(IRPending|Protected)$/);
        } finally {
            await local.remove();
        }
    });

    const cases: Array<[string, Plan, RegExp]> = [
        ["a policy of another workload", { databases: [{ databaseName: "orders", policyName: "VmNightly" }] }, /policy "VmNightly" is for AzureIaasVM items; a SQL database needs an AzureWorkload policy for SQLDataBase/],
        ["an instance name SQL Server cannot have", { databases: [{ databaseName: "orders", policyName: "HourlyLogBackup", instanceName: "MS SQL" } as never] }, /instanceName must be a SQL Server instance name/],
    ];
    for (const [what, plan, expected] of cases) {
        it(`rejects ${what} at preview`, async () => {
            const local = await sqlStack(emulator, "sql-bad-input", () => plan);
            try {
                const output = new EngineOutput();
                await assert.rejects(local.stack.preview({ onOutput: output.onOutput }), (error: unknown) => {
                    assert.match(`${errorText(error)}\n${output.text()}`, expected);
                    return true;
                });
            } finally {
                await local.remove();
            }
        });
    }
});

async function armToken(emulator: RunningEmulator): Promise<string> {
    const body = new URLSearchParams({ client_id: emulator.clientId, client_secret: emulator.clientSecret, grant_type: "client_credentials", scope: "https://management.azure.com/.default" });
    const response = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, { method: "POST", body });
    return ((await response.json()) as { access_token: string }).access_token;
}
