import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { names, useBackupWorld, vaultPath } from "./support/backupFixture";

// Copies of the official REST examples (see examples/README.md).
function example(file: string): any {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "examples", file), "utf8"));
}

describe("emulator Azure Backup: backup policies (PUT, GET, DELETE, list), shaped as the REST examples", function () {
    this.timeout(30_000);
    const world = useBackupWorld();

    for (const file of ["ProtectionPolicies_CreateOrUpdate_Daily.json", "ProtectionPolicies_CreateOrUpdate_Complex.json"]) {
        it(`answers the PUT of ${file} with the example's 200 body (properties and name; the id under this vault)`, async () => {
            const spec = example(file);
            const name = spec.parameters.policyName;
            const answer = await world.arm.send("PUT", vaultPath(`/backupPolicies/${name}`), { body: spec.parameters.parameters });
            assert.equal(answer.status, 200, answer.text);
            const expected = spec.responses["200"].body;
            assert.equal(answer.json.name, expected.name);
            assert.equal(answer.json.type, expected.type);
            assert.deepEqual(answer.json.properties, expected.properties);
            assert.equal(answer.json.id, `/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupPolicies/${name}`);
            const read = await world.arm.send("GET", vaultPath(`/backupPolicies/${name}`));
            assert.deepEqual(read.json, answer.json);
        });
    }

    it("lists policies filtered by backupManagementType, a new vault's defaults included", async () => {
        const all = await world.arm.send("GET", vaultPath("/backupPolicies"));
        assert.deepEqual(all.json.value.map((policy: any) => policy.name), ["DefaultPolicy", "FilesDaily", "HourlyLogBackup", "VmNightly"]);
        const vm = await world.arm.send("GET", vaultPath(`/backupPolicies?$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM'")}`));
        assert.deepEqual(vm.json.value.map((policy: any) => policy.name), ["DefaultPolicy", "VmNightly"]);
        const workload = await world.arm.send("GET", vaultPath(`/backupPolicies?$filter=${encodeURIComponent("backupManagementType eq 'AzureWorkload'")}`));
        assert.deepEqual(workload.json.value.map((policy: any) => policy.properties.workLoadType), ["SQLDataBase"]);
        const files = await world.arm.send("GET", vaultPath(`/backupPolicies?$filter=${encodeURIComponent("backupManagementType eq 'AzureStorage'")}`));
        assert.deepEqual(files.json.value.map((policy: any) => policy.name), ["FilesDaily"]);
        assert.equal(files.json.value[0].properties.protectedItemsCount, 0);
    });

    it("refuses a policy it cannot read, and a change of kind, with BMSUserErrorInvalidPolicyInput", async () => {
        for (const body of [{}, { properties: { backupManagementType: "Nope" } }, { properties: { backupManagementType: "AzureIaasVM", schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily" } } }]) {
            const refused = await world.arm.send("PUT", vaultPath("/backupPolicies/Bad"), { body });
            assert.equal(refused.status, 400, JSON.stringify(body));
            assert.equal(refused.json.error.code, "BMSUserErrorInvalidPolicyInput");
            assert.equal(refused.json.error.message, "Input for create or update policy is not in proper format\r\nPlease check format of parameters like schedule time, schedule days, retention time and retention days ");
        }
        const files = (await world.arm.send("GET", vaultPath("/backupPolicies/FilesDaily"))).json;
        const changed = await world.arm.send("PUT", vaultPath("/backupPolicies/VmNightly"), { body: { properties: files.properties } });
        assert.equal(changed.json.error.code, "BMSUserErrorInvalidPolicyInput");
    });

    it("deletes a policy (200; 204 when there is none), refusing while items follow it; 404 on GET after", async () => {
        await world.arm.refresh("AzureIaasVM");
        await world.arm.protectVm("VmNightly");
        const refused = await world.arm.send("DELETE", vaultPath("/backupPolicies/VmNightly"));
        assert.equal(refused.status, 400);
        assert.equal(refused.json.error.code, "BMSUserErrorPolicyInUse");
        assert.equal((await world.arm.send("DELETE", vaultPath("/backupPolicies/FilesDaily"))).status, 200);
        assert.equal((await world.arm.send("DELETE", vaultPath("/backupPolicies/FilesDaily"))).status, 204);
        const gone = await world.arm.send("GET", vaultPath("/backupPolicies/FilesDaily"));
        assert.equal(gone.status, 404);
        assert.equal(gone.json.error.code, "BMSUserErrorPolicyNotFound");
    });

    it("moves the items following a policy to its new schedule", async () => {
        await world.arm.refresh("AzureIaasVM");
        await world.arm.protectVm("VmNightly");
        const nightly = (await world.arm.send("GET", vaultPath("/backupPolicies/VmNightly"))).json.properties;
        const now = new Date(Date.parse((await world.emulator.control.getBackupClock()).now));
        const soon = new Date(now.getTime() + 2 * 3_600_000);
        const time = `2018-01-24T${String(soon.getUTCHours()).padStart(2, "0")}:00:00Z`;
        await world.arm.send("PUT", vaultPath("/backupPolicies/VmNightly"), {
            body: { properties: { ...nightly, protectedItemsCount: undefined, schedulePolicy: { ...nightly.schedulePolicy, scheduleRunTimes: [time] } } },
        });
        const moved = await world.emulator.control.advanceBackupClock({ hours: 3 });
        assert.equal(moved.ran.backupsStarted, 1);
    });
});
