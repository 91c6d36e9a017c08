import * as assert from "node:assert/strict";
import { names, policyId, sql, useBackupWorld, vault, vaultPath } from "./support/backupFixture";

const INTENT = "249D9B07-D2EF-4202-AA64-65F35418564E";
const INTENT_PATH = vaultPath(`/backupFabrics/Azure/backupProtectionIntent/${INTENT}`);
const INSTANCE_ID = `${vaultPath()}/backupFabrics/Azure/protectionContainers/${sql.container}/protectableItems/SQLInstance;${sql.instance}`;

function intentBody(properties: Record<string, unknown> = {}) {
    return {
        properties: {
            protectionIntentItemType: "AzureWorkloadSQLAutoProtectionIntent",
            backupManagementType: "AzureWorkload",
            workloadItemType: "SQLInstance",
            itemId: INSTANCE_ID,
            sourceResourceId: sql.vmId,
            policyId: policyId("SqlDaily"),
            ...properties,
        },
    };
}

describe("emulator Azure Backup: SQL auto-protection (AzureWorkloadSQLAutoProtectionIntent): every database of an instance, now and later", function () {
    this.timeout(30_000);
    const world = useBackupWorld({ sql: "discovered" });

    async function protectedNames(): Promise<string[]> {
        return (await world.emulator.control.listProtectedItems(vault)).map((item) => item.name).sort();
    }

    async function waitForIntent(state: string): Promise<any> {
        const deadline = Date.now() + 10_000;
        for (;;) {
            const read = await world.arm.send("GET", INTENT_PATH);
            assert.equal(read.status, 200, read.text);
            if (read.json.properties.protectionState === state) return read.json;
            if (Date.now() > deadline) throw new Error(`intent still ${read.json.properties.protectionState}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    }

    it("answers the PUT 200 at once, protecting every database the vault knows (a ConfigureBackup job each); Protecting, then Protected", async () => {
        await world.emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
        const put = await world.arm.send("PUT", INTENT_PATH, { body: intentBody() });
        assert.equal(put.status, 200, put.text);
        assert.deepEqual(put.json, {
            id: `/subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupFabrics/Azure/backupProtectionIntent/${INTENT}`,
            name: INTENT,
            type: "Microsoft.RecoveryServices/vaults/backupProtectionIntent",
            properties: {
                protectionIntentItemType: "AzureWorkloadSQLAutoProtectionIntent",
                backupManagementType: "AzureWorkload",
                workloadItemType: "SQLInstance",
                sourceResourceId: sql.vmId,
                policyId: policyId("SqlDaily"),
                itemId: INSTANCE_ID,
                protectionState: "Protecting",
            },
        });
        const jobs = await world.emulator.control.listJobs(vault);
        assert.deepEqual(jobs.filter((job) => job.properties.operation === "ConfigureBackup").map((job) => job.properties.entityFriendlyName).sort(), ["MSSQLSERVER/customers [sqlvm1]", "MSSQLSERVER/orders [sqlvm1]"]);
        const done = await waitForIntent("Protected");
        assert.equal(done.properties.protectionState, "Protected");
        assert.deepEqual(await protectedNames(), [sql.item("customers"), sql.item("orders")]);
        const item = (await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}/protectedItems/${sql.item("orders")}`))).json.properties;
        assert.equal(item.policyId, policyId("SqlDaily"));
        assert.equal(item.protectionState, "IRPending");
        const protectable = await world.steps.protectableItems();
        assert.deepEqual(protectable.map((entry) => entry.name), ["SQLInstance;MSSQLSERVER"]);
        assert.equal(protectable[0].properties.isAutoProtected, true);
        const listed = await world.arm.send("GET", vaultPath("/backupProtectionIntents"));
        assert.deepEqual(listed.json.value.map((intent: any) => [intent.name, intent.properties.protectionState]), [[INTENT, "Protected"]]);
    });

    it("protects databases later inquiries find (not before an inquiry), while the intent exists; deleting it stops that and leaves protected ones protected", async () => {
        assert.equal((await world.arm.send("PUT", INTENT_PATH, { body: intentBody() })).status, 200);
        await waitForIntent("Protected");
        await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "inventory", { content: "inventory v1" });
        await world.emulator.control.advanceBackupClock({ hours: 1 });
        assert.deepEqual(await protectedNames(), [sql.item("customers"), sql.item("orders")], "the vault does not know the new database before an inquiry");
        await world.emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
        assert.equal((await world.steps.inquire()).status, "Succeeded");
        assert.equal((await world.arm.send("GET", INTENT_PATH)).json.properties.protectionState, "Protecting");
        await waitForIntent("Protected");
        assert.deepEqual(await protectedNames(), [sql.item("customers"), sql.item("inventory"), sql.item("orders")]);
        const configure = (await world.emulator.control.listJobs(vault)).filter((job) => job.properties.operation === "ConfigureBackup" && job.properties.entityFriendlyName.includes("inventory"));
        assert.equal(configure.length, 1);
        assert.equal(configure[0].properties.status, "Completed");
        // The next inquiry finds nothing new: no new jobs, the intent stays Protected.
        await world.steps.inquire();
        assert.equal((await world.emulator.control.listJobs(vault)).filter((job) => job.properties.operation === "ConfigureBackup").length, 3);
        assert.equal((await world.arm.send("GET", INTENT_PATH)).json.properties.protectionState, "Protected");
        const deleted = await world.arm.send("DELETE", INTENT_PATH);
        assert.equal(deleted.status, 204);
        assert.equal((await world.arm.send("GET", INTENT_PATH)).json.error.code, "BMSUserErrorProtectionIntentNotFound");
        await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "audit");
        await world.steps.inquire();
        assert.deepEqual(await protectedNames(), [sql.item("customers"), sql.item("inventory"), sql.item("orders")], "no intent, no new protection");
        assert.deepEqual((await world.steps.protectableItems()).map((entry) => entry.name), ["SQLInstance;MSSQLSERVER", sql.item("audit")]);
        // The protected databases keep being backed up.
        await world.emulator.control.advanceBackupClock({ days: 1 });
        assert.equal((await world.emulator.control.getProtectedItem(vault, sql.item("inventory"))).recoveryPointCount, 1);
    });

    it("leaves databases that already have an item as they are (another policy, stopped), and accepts the example's itemId spelling", async () => {
        await world.emulator.control.putPolicy(vault, "SqlOther", { properties: { ...(await world.arm.send("GET", vaultPath("/backupPolicies/SqlDaily"))).json.properties } });
        await world.steps.protect("orders", "SqlOther");
        await world.steps.protect("customers");
        const stop = await world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}/protectedItems/${sql.item("customers")}`), {
            body: { properties: { protectedItemType: "AzureVmWorkloadSQLDatabase", policyId: "", protectionState: "ProtectionStopped" } },
        });
        assert.equal((await world.arm.waitForStatus(stop)).status, "Succeeded");
        await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "inventory");
        await world.steps.inquire();
        const exampleItemId = `/subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName.toLowerCase()}/backupProtectionContainer/VMAppContainer;Compute;${sql.vmName}/backupProtectableItems/sqlinstance;mssqlserver`;
        const put = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ itemId: exampleItemId }) });
        assert.equal(put.status, 200, put.text);
        assert.equal(put.json.properties.itemId, exampleItemId, "answered as sent (BackupProtectionIntent_Get.json)");
        await waitForIntent("Protected");
        assert.equal((await world.emulator.control.getProtectedItem(vault, sql.item("orders"))).properties.policyId, policyId("SqlOther"));
        assert.equal((await world.emulator.control.getProtectedItem(vault, sql.item("customers"))).properties.protectionState, "ProtectionStopped");
        assert.equal((await world.emulator.control.getProtectedItem(vault, sql.item("inventory"))).properties.policyId, policyId("SqlDaily"));
    });

    it("reports ProtectionFailed when a database's ConfigureBackup fails; the next inquiry tries it again", async () => {
        await world.emulator.control.forceFailure({ operation: "ConfigureBackup", code: "UserErrorSQLNoSysadminMembership", entityFriendlyName: "customers" });
        await world.arm.send("PUT", INTENT_PATH, { body: intentBody() });
        await waitForIntent("ProtectionFailed");
        assert.deepEqual(await protectedNames(), [sql.item("orders")]);
        await world.steps.inquire();
        await waitForIntent("Protected");
        assert.deepEqual(await protectedNames(), [sql.item("customers"), sql.item("orders")]);
    });

    it("refuses an instance the vault has not inquired, a policy of another kind or workload, another VM and another workload item type", async () => {
        const unknownInstance = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ itemId: INSTANCE_ID.replace("SQLInstance;MSSQLSERVER", "SQLInstance;OTHER") }) });
        assert.equal(unknownInstance.status, 400);
        assert.equal(unknownInstance.json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
        const unregistered = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ itemId: INSTANCE_ID.replace(sql.container, `VMAppContainer;Compute;${names.vmResourceGroup};${names.vmName}`) }) });
        assert.equal(unregistered.json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
        const vmPolicy = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ policyId: policyId("VmNightly") }) });
        assert.equal(vmPolicy.json.error.code, "BMSUserErrorInvalidPolicyForGivenProvider");
        const missingPolicy = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ policyId: policyId("Nope") }) });
        assert.equal(missingPolicy.status, 404);
        assert.equal(missingPolicy.json.error.code, "BMSUserErrorPolicyNotFound");
        const otherVm = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ sourceResourceId: sql.vmId.replace("SqlVm1", "Vm1") }) });
        assert.equal(otherVm.json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
        const database = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ workloadItemType: "SQLDataBase" }) });
        assert.equal(database.json.error.message, "Parameter workloadItemType in request is invalid.");
        const kind = await world.arm.send("PUT", INTENT_PATH, { body: intentBody({ protectionIntentItemType: "AzureWorkloadContainerAutoProtectionIntent" }) });
        assert.equal(kind.json.error.message, "Parameter protectionIntentItemType in request is invalid.");
        assert.equal((await world.arm.send("GET", INTENT_PATH)).status, 404);
        assert.deepEqual(await protectedNames(), []);
    });
});
