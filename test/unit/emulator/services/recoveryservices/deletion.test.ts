import * as assert from "node:assert/strict";
import { names, policyId, useBackupWorld, vault, vaultPath, type VaultSeed, vmId, vmItemPath, vmNames } from "./support/backupFixture";

const DAY_MS = 86_400_000;
const GUARD = `/subscriptions/${names.subscriptionId}/resourceGroups/Guard-RG/providers/Microsoft.DataProtection/resourceGuards/guard1`;
const STOP_BODY = { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: "", protectionState: "ProtectionStopped" } };
const UNDELETE_BODY = { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: "", protectionState: "ProtectionStopped", isRehydrate: true } };
const PROTECT_BODY = { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("VmNightly") } };

describe("emulator Azure Backup: stop and delete data, soft delete, undelete, purge, immutable vaults and Resource Guards", function () {
    this.timeout(30_000);
    const world = useBackupWorld({ seed: "manual" });

    async function protectedVmWithBackups(vaultSeed: VaultSeed = {}): Promise<void> {
        await world.reseed(vaultSeed);
        await world.arm.refresh("AzureIaasVM");
        await world.arm.protectVm("VmNightly");
        await world.emulator.control.advanceBackupClock({ days: 2 });
    }

    describe("with soft delete on (the default: Enabled, 14 days)", () => {
        beforeEach(() => protectedVmWithBackups());

        it("answers DELETE 202 tracked at the vault level; the item stays soft-deleted with its recovery points", async () => {
            const started = await world.arm.send("DELETE", vmItemPath());
            assert.equal(started.status, 202, started.text);
            const vaultUrl = `${world.emulator.url}/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}`;
            assert.ok(String(started.headers["azure-asyncoperation"]).startsWith(`${vaultUrl}/backupOperations/`), String(started.headers["azure-asyncoperation"]));
            assert.ok(String(started.headers.location).startsWith(`${vaultUrl}/backupOperationResults/`));
            const status = await world.arm.waitForStatus(started);
            assert.equal(status.status, "Succeeded");
            const result = await world.arm.follow(String(started.headers.location));
            assert.equal(result.status, 204);
            const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
            assert.equal(job.json.properties.operation, "DeleteBackupData");
            const deletedAt = Date.parse(status.endTime);
            const item = await world.arm.send("GET", vmItemPath());
            assert.equal(item.status, 200, "a soft-deleted item is still answered");
            assert.equal(item.json.properties.isScheduledForDeferredDelete, true);
            assert.equal(Date.parse(item.json.properties.deferredDeleteTimeInUTC), deletedAt + 14 * DAY_MS);
            assert.equal(item.json.properties.softDeleteRetentionPeriodInDays, 14);
            assert.equal(item.json.properties.protectionState, "ProtectionStopped");
            assert.equal("policyId" in item.json.properties, false);
            assert.equal((await world.arm.send("GET", vmItemPath("/recoveryPoints"))).json.value.length, 2);
            assert.equal((await world.arm.send("DELETE", vmItemPath())).status, 204, "deleting again: nothing more to do");
            const listed = await world.arm.send("GET", vaultPath("/backupProtectedItems"));
            assert.equal(listed.json.value[0].properties.isScheduledForDeferredDelete, true);
        });

        it("refuses to protect (or stop) a soft-deleted item until it is undeleted; undelete leaves it ProtectionStopped, then protection resumes", async () => {
            await world.arm.waitForStatus(await world.arm.send("DELETE", vmItemPath()));
            for (const body of [PROTECT_BODY, STOP_BODY]) {
                const refused = await world.arm.send("PUT", vmItemPath(), { body });
                assert.equal(refused.status, 400);
                assert.equal(refused.json.error.code, "UserErrorBackupItemSoftDeleted");
            }
            const undelete = await world.arm.send("PUT", vmItemPath(), { body: UNDELETE_BODY });
            const status = await world.arm.waitForStatus(undelete);
            assert.equal(status.status, "Succeeded");
            assert.equal((await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`))).json.properties.operation, "Undelete");
            const item = (await world.arm.send("GET", vmItemPath())).json.properties;
            assert.equal(item.protectionState, "ProtectionStopped");
            assert.equal(item.isScheduledForDeferredDelete, undefined);
            assert.equal(item.deferredDeleteTimeInUTC, undefined);
            assert.equal((await world.arm.send("GET", vmItemPath("/recoveryPoints"))).json.value.length, 2);
            const resumed = await world.arm.waitForStatus(await world.arm.send("PUT", vmItemPath(), { body: PROTECT_BODY }));
            assert.equal(resumed.status, "Succeeded");
            assert.equal((await world.arm.send("GET", vmItemPath())).json.properties.protectionState, "Protected");
        });

        it("purges the item and its recovery points when the backup clock passes the deferred delete time", async () => {
            await world.arm.waitForStatus(await world.arm.send("DELETE", vmItemPath()));
            const early = await world.emulator.control.advanceBackupClock({ days: 13 });
            assert.equal(early.ran.itemsPurged, 0);
            assert.equal((await world.arm.send("GET", vmItemPath())).status, 200);
            const late = await world.emulator.control.advanceBackupClock({ days: 1, hours: 1 });
            assert.equal(late.ran.itemsPurged, 1);
            const gone = await world.arm.send("GET", vmItemPath());
            assert.equal(gone.status, 404);
            assert.equal(gone.json.error.code, "BMSUserErrorDataSourceObjectNotFound");
            assert.deepEqual(await world.emulator.control.listProtectedItems(vault), []);
            assert.equal((await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${vmNames.container}`))).status, 404, "the VM's container goes with its last item");
            const protectable = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM'")}`));
            assert.equal(protectable.json.value.length, 1, "the VM can be protected again");
        });

        it("uses the vault's retention days, and refuses to turn always-on soft delete off", async () => {
            const patched = await world.arm.send("PATCH", vaultPath("/backupconfig/vaultconfig"), { body: { properties: { softDeleteFeatureState: "AlwaysON", softDeleteRetentionPeriodInDays: 30 } } });
            assert.equal(patched.status, 200, patched.text);
            assert.equal(patched.json.properties.softDeleteFeatureState, "AlwaysON");
            assert.equal(patched.json.properties.isSoftDeleteFeatureStateEditable, false);
            const refused = await world.arm.send("PATCH", vaultPath("/backupconfig/vaultconfig"), { body: { properties: { softDeleteFeatureState: "Disabled" } } });
            assert.equal(refused.status, 400);
            assert.equal(refused.json.error.code, "UserErrorSoftDeleteStateAlwaysOn");
            const status = await world.arm.waitForStatus(await world.arm.send("DELETE", vmItemPath()));
            const item = (await world.arm.send("GET", vmItemPath())).json.properties;
            assert.equal(Date.parse(item.deferredDeleteTimeInUTC), Date.parse(status.endTime) + 30 * DAY_MS);
            assert.equal((await world.arm.send("GET", vaultPath("/backupconfig/vaultconfig"))).json.name, "vaultconfig");
        });
    });

    it("with soft delete off, deletes the item and its recovery points for good", async () => {
        await protectedVmWithBackups({ softDeleteState: "Disabled" });
        const config = await world.arm.send("GET", vaultPath("/backupconfig/vaultconfig"));
        assert.equal(config.json.properties.softDeleteFeatureState, "Disabled");
        const status = await world.arm.waitForStatus(await world.arm.send("DELETE", vmItemPath()));
        assert.equal(status.status, "Succeeded");
        assert.equal((await world.arm.send("GET", vmItemPath())).status, 404);
        assert.deepEqual(await world.emulator.control.listProtectedItems(vault), []);
        const state = await world.emulator.control.getState();
        assert.equal(state.resources.filter((resource) => resource.type.endsWith("/recoveryPoints")).length, 0);
    });

    for (const immutabilityState of ["Unlocked", "Locked"] as const) {
        it(`in an immutable vault (${immutabilityState}), fails stop-and-delete with UserErrorDeleteBackupItemOnImmutableItem and a Failed job; the item stays`, async () => {
            await protectedVmWithBackups({ immutabilityState });
            const started = await world.arm.send("DELETE", vmItemPath());
            assert.equal(started.status, 202);
            const status = await world.arm.waitForStatus(started);
            assert.equal(status.status, "Failed");
            assert.equal(status.error.code, "UserErrorDeleteBackupItemOnImmutableItem");
            const result = await world.arm.follow(String(started.headers.location));
            assert.equal(result.status, 400);
            assert.equal(result.json.error.code, "UserErrorDeleteBackupItemOnImmutableItem");
            const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
            assert.equal(job.json.properties.status, "Failed");
            assert.equal(job.json.properties.errorDetails[0].errorTitle, "UserErrorDeleteBackupItemOnImmutableItem");
            const item = (await world.arm.send("GET", vmItemPath())).json.properties;
            assert.equal(item.protectionState, "Protected");
            assert.equal(item.isScheduledForDeferredDelete, undefined);
            const stopped = await world.arm.waitForStatus(await world.arm.send("PUT", vmItemPath(), { body: STOP_BODY }));
            assert.equal(stopped.status, "Succeeded", "stop protection keeping data is what an immutable vault allows");
        });
    }

    describe("under a Resource Guard (multi-user authorization)", () => {
        beforeEach(() => protectedVmWithBackups({ resourceGuardId: GUARD }));

        it("refuses stop protection without resourceGuardOperationRequests, and accepts it with one of the guard's", async () => {
            const refused = await world.arm.send("PUT", vmItemPath(), { body: STOP_BODY });
            assert.equal(refused.status, 400);
            assert.equal(refused.json.error.code, "UserErrorResourceGuardOperationRequestMissing");
            assert.equal(refused.json.error.message, "ResourceGuard Operation requestid is either null or empty");
            const body = { properties: { ...STOP_BODY.properties, resourceGuardOperationRequests: [`${GUARD}/updateProtectedItemRequests/default`] } };
            assert.equal((await world.arm.waitForStatus(await world.arm.send("PUT", vmItemPath(), { body }))).status, "Succeeded");
        });

        it("refuses stop-and-delete until the deletion is unlocked through the vault's resource guard proxy, once", async () => {
            const refused = await world.arm.send("DELETE", vmItemPath());
            assert.equal(refused.status, 400);
            assert.equal(refused.json.error.code, "UserErrorResourceGuardOperationRequestMissing");
            const proxy = await world.arm.send("GET", vaultPath("/backupResourceGuardProxies/VaultProxy"));
            assert.equal(proxy.json.properties.resourceGuardResourceId, GUARD);
            const item = (await world.arm.send("GET", vmItemPath())).json;
            const noRequests = await world.arm.send("POST", vaultPath("/backupResourceGuardProxies/VaultProxy/unlockDelete"), { body: { resourceToBeDeleted: item.id } });
            assert.equal(noRequests.status, 400);
            const unlocked = await world.arm.send("POST", vaultPath("/backupResourceGuardProxies/VaultProxy/unlockDelete"), {
                body: { resourceGuardOperationRequests: [`${GUARD}/deleteProtectedItemRequests/default`], resourceToBeDeleted: item.id },
            });
            assert.equal(unlocked.status, 200, unlocked.text);
            assert.ok(Date.parse(unlocked.json.unlockDeleteExpiryTime) > Date.now());
            assert.equal((await world.arm.waitForStatus(await world.arm.send("DELETE", vmItemPath()))).status, "Succeeded");
            await world.arm.waitForStatus(await world.arm.send("PUT", vmItemPath(), { body: UNDELETE_BODY }));
            assert.equal((await world.arm.send("DELETE", vmItemPath())).status, 400, "an unlock is good for one deletion");
        });

        it("refuses to disable soft delete without an approved request", async () => {
            const refused = await world.arm.send("PATCH", vaultPath("/backupconfig/vaultconfig"), { body: { properties: { softDeleteFeatureState: "Disabled" } } });
            assert.equal(refused.status, 400);
            assert.equal(refused.json.error.code, "UserErrorResourceGuardOperationRequestMissing");
            const accepted = await world.arm.send("PATCH", vaultPath("/backupconfig/vaultconfig"), {
                body: { properties: { softDeleteFeatureState: "Disabled", resourceGuardOperationRequests: [`${GUARD}/disableSoftDeleteRequests/default`] } },
            });
            assert.equal(accepted.status, 200);
            assert.equal(accepted.json.properties.softDeleteFeatureState, "Disabled");
        });
    });

    it("lets the control API change things behind a client's back: policy, stop, soft delete, delete, vault security", async () => {
        await protectedVmWithBackups();
        await world.emulator.control.putPolicy(vault, "Other", { properties: { ...(await world.arm.send("GET", vaultPath("/backupPolicies/VmNightly"))).json.properties, protectedItemsCount: undefined } });
        await world.emulator.control.setItemPolicy(vault, names.vmName, "Other");
        assert.equal((await world.arm.send("GET", vmItemPath())).json.properties.policyId, policyId("Other"));
        await world.emulator.control.stopItemProtection(vault, vmNames.item);
        assert.equal((await world.arm.send("GET", vmItemPath())).json.properties.protectionState, "ProtectionStopped");
        await world.emulator.control.softDeleteItem(vault, vmNames.item);
        assert.equal((await world.arm.send("GET", vmItemPath())).json.properties.isScheduledForDeferredDelete, true);
        const stored = await world.emulator.control.getProtectedItem(vault, names.vmName);
        assert.equal(stored.recoveryPointCount, 2);
        await world.emulator.control.deleteItem(vault, vmNames.item);
        assert.equal((await world.arm.send("GET", vmItemPath())).status, 404);
        const patched = await world.emulator.control.patchVault(vault, { immutabilityState: "Locked", softDeleteState: "AlwaysON" });
        assert.equal(patched.security.immutabilityState, "Locked");
        const read = await world.arm.send("GET", vaultPath());
        assert.equal(read.json.properties.securitySettings.immutabilitySettings.state, "Locked");
        assert.equal(read.json.properties.securitySettings.softDeleteSettings.softDeleteState, "AlwaysON");
    });
});
