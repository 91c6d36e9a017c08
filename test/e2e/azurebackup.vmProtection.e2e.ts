import * as assert from "node:assert/strict";
import { VmProtection, type VmProtectionArgs } from "../../provider/azurebackup/vmProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, errorText } from "./support/engineOutput";
import { killUpOnceRunning, removeStaleLock } from "./support/processes";

const world = backupWorld("b1e01");
const itemName = "VM;iaasvmcontainerv2;app-rg;web1";

/** A stack whose single VmProtection takes whatever `args()` returns at each run. */
async function vmStack(emulator: RunningEmulator, projectName: string, args: () => VmProtectionArgs): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const protection = new VmProtection("web1", args());
            return { policyId: protection.policyId, state: protection.protectionState, item: protection.protectedItemName, container: protection.containerName, disks: protection.diskSelection };
        },
        env: backupEnv(emulator),
    });
}

async function liveItem(emulator: RunningEmulator) {
    return emulator.control.findProtectedItem(world.vault, itemName);
}

/** `preview --refresh --expect-no-changes` fails, and its output names `field`. */
async function assertDriftNamed(local: LocalStack, field: string): Promise<void> {
    const output = new EngineOutput();
    await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput }), (error: unknown) => {
        assert.match(`${errorText(error)}\n${output.text()}`, new RegExp(`\\[diff: [^\\]]*${field}`), `the drift check names ${field}`);
        return true;
    });
}

describe("VmProtection through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let args: VmProtectionArgs;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        args = { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly", includedDiskLuns: [0] };
        local = await vmStack(emulator, "vm-protection-e2e", () => args);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up discovers the VM and protects it with the policy and the disks asked for", async () => {
        const result = await local.stack.up();
        assert.equal(result.outputs.item.value, "vm;iaasvmcontainerv2;app-rg;web1");
        assert.equal(result.outputs.disks.value, "OS disk and data disks at LUNs 0");
        const item = await liveItem(emulator);
        assert.ok(item, "the emulator holds the protected item");
        assert.match(String(item!.properties.protectionState), /^(IRPending|Protected)$/);
        assert.ok(String(item!.properties.policyId).toLowerCase().endsWith("/backuppolicies/vmnightly"));
        // The control API shows the stored record: the disk selection sits at the top of its properties.
        assert.deepEqual((item!.properties as { diskExclusionProperties?: unknown }).diskExclusionProperties, { diskLunList: [0], isInclusionList: true });
        const jobs = await emulator.control.listJobs(world.vault);
        assert.equal(jobs.filter((j) => j.properties.operation === "ConfigureBackup").length, 1, "one ConfigureBackup job");
    });

    it("a second preview, and one with a refresh, show no change", async () => {
        const plain = await local.stack.preview({ expectNoChanges: true });
        assert.equal(plain.changeSummary.update ?? 0, 0);
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a policy change in code is an in-place update", async () => {
        args = { ...args, policyName: "VmEarly" };
        const preview = await local.stack.preview();
        assert.equal(preview.changeSummary.update, 1);
        assert.equal(preview.changeSummary.replace ?? 0, 0);
        await local.stack.up();
        assert.ok(String((await liveItem(emulator))!.properties.policyId).toLowerCase().endsWith("/backuppolicies/vmearly"));
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("ids in other casing are no change", async () => {
        args = { ...args, vaultId: world.vaultId.replace("resourceGroups", "resourcegroups").toLowerCase(), vmId: world.vmId.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/") };
        await local.stack.preview({ expectNoChanges: true });
        args = { ...args, vaultId: world.vaultId, vmId: world.vmId };
    });

    it("stopping protection keeps the recovery points, and is no drift without a policy id", async () => {
        const pointsBefore = (await emulator.control.listRecoveryPoints(world.vault, itemName)).length;
        assert.ok(pointsBefore > 0, "the first scheduled backup made a recovery point");
        args = { ...args, protectionState: "ProtectionStopped" };
        await local.stack.up();
        const item = await liveItem(emulator);
        assert.equal(item!.properties.protectionState, "ProtectionStopped");
        assert.equal(item!.properties.policyId, undefined, "the service omits the policy of a stopped item");
        assert.equal((await emulator.control.listRecoveryPoints(world.vault, itemName)).length, pointsBefore, "recovery points kept");
        await local.stack.preview({ refresh: true, expectNoChanges: true });
        args = { ...args, protectionState: "Protected" };
        await local.stack.up();
        assert.match(String((await liveItem(emulator))!.properties.protectionState), /^(IRPending|Protected)$/);
    });

    it("a policy changed out of band fails the drift check naming policyId, and up repairs it", async () => {
        await emulator.control.setItemPolicy(world.vault, itemName, "VmNightly");
        await assertDriftNamed(local, "policyId");
        await local.stack.up({ refresh: true });
        assert.ok(String((await liveItem(emulator))!.properties.policyId).toLowerCase().endsWith("/backuppolicies/vmearly"));
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("protection stopped out of band is drift on protectionState, repaired by up", async () => {
        await emulator.control.stopItemProtection(world.vault, itemName);
        await assertDriftNamed(local, "protectionState");
        await local.stack.up({ refresh: true });
        assert.match(String((await liveItem(emulator))!.properties.protectionState), /^(IRPending|Protected)$/);
    });

    it("an item soft-deleted out of band is drift, and up undeletes and protects it again", async () => {
        await emulator.control.softDeleteItem(world.vault, itemName);
        await assertDriftNamed(local, "protectionState");
        await local.stack.up({ refresh: true });
        const item = await liveItem(emulator);
        assert.notEqual(item!.properties.isScheduledForDeferredDelete, true);
        assert.match(String(item!.properties.protectionState), /^(IRPending|Protected)$/);
        const undeletes = (await emulator.control.listJobs(world.vault)).filter((j) => j.properties.operation === "Undelete");
        assert.equal(undeletes.length, 1);
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("an item deleted out of band is found by refresh, and up protects it again", async () => {
        await emulator.control.deleteItem(world.vault, itemName);
        await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true }));
        await local.stack.up({ refresh: true });
        assert.ok(await liveItem(emulator));
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("destroy stops protection and keeps the backup data by default", async () => {
        const points = (await emulator.control.listRecoveryPoints(world.vault, itemName)).length;
        await local.stack.destroy();
        const item = await liveItem(emulator);
        assert.ok(item, "the item stays in the vault");
        assert.equal(item!.properties.protectionState, "ProtectionStopped");
        assert.equal((await emulator.control.listRecoveryPoints(world.vault, itemName)).length, points, "recovery points kept");
    });
});

describe("VmProtection destroy with deleteData, soft delete and immutable vaults", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
    });
    after(async () => emulator?.close());

    it("deleteData soft-deletes the item; a new stack undeletes and protects it again", async () => {
        const first = await vmStack(emulator, "vm-delete-data", () => ({ vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly", onDelete: "deleteData" }));
        try {
            await first.stack.up();
            await first.stack.destroy();
            const item = await liveItem(emulator);
            assert.equal(item!.properties.isScheduledForDeferredDelete, true, "soft-deleted, not purged");
            await first.stack.up();
            const again = await liveItem(emulator);
            assert.notEqual(again!.properties.isScheduledForDeferredDelete, true);
            assert.match(String(again!.properties.protectionState), /^(IRPending|Protected)$/);
        } finally {
            await first.stack.destroy().catch(() => undefined);
            await first.remove();
        }
    });

    it("an immutable vault refuses deleteData at once, says what to do, and leaves the item as it was", async () => {
        await emulator.control.patchVault(world.vault, { immutabilityState: "Locked" });
        const local = await vmStack(emulator, "vm-immutable", () => ({ vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly", onDelete: "deleteData" }));
        try {
            await local.stack.up();
            const output = new EngineOutput();
            await assert.rejects(local.stack.destroy({ onOutput: output.onOutput }), (error: unknown) => {
                assert.match(`${errorText(error)}\n${output.text()}`, /could not delete the backup data: .*Nothing was changed: the vault is immutable/);
                return true;
            });
            const item = await liveItem(emulator);
            assert.match(String(item!.properties.protectionState), /^(IRPending|Protected)$/, "the item is as it was");
            assert.notEqual(item!.properties.isScheduledForDeferredDelete, true);
        } finally {
            await emulator.control.patchVault(world.vault, { immutabilityState: "Disabled" });
            await local.stack.destroy().catch(() => undefined);
            await local.remove();
        }
    });
});

describe("VmProtection in a vault under a Resource Guard", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world, { resourceGuardId: `/subscriptions/${world.subscriptionId}/resourceGroups/Guard-RG/providers/Microsoft.DataProtection/resourceGuards/guard1` });
    });
    after(async () => emulator?.close());

    it("destroy (stop protection) is refused at once with the reason and what to do; the item stays protected", async () => {
        const local = await vmStack(emulator, "vm-guarded", () => ({ vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" }));
        try {
            await local.stack.up();
            const output = new EngineOutput();
            await assert.rejects(local.stack.destroy({ onOutput: output.onOutput }), (error: unknown) => {
                assert.match(`${errorText(error)}\n${output.text()}`, /could not stop protection: .*Nothing was changed: the vault is protected by a Resource Guard \(multi-user authorization\)/);
                return true;
            });
            assert.match(String((await liveItem(emulator))!.properties.protectionState), /^(IRPending|Protected)$/);
        } finally {
            await emulator.control.patchVault(world.vault, { isMultiUserAuthorizationEnabled: false });
            await local.stack.destroy().catch(() => undefined);
            await local.remove();
        }
    });
});

describe("VmProtection interrupted, faulted and given bad input", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
    });
    after(async () => emulator?.close());

    it("the engine killed during the asynchronous protect, then a rerun converges with one protected item and one job", async () => {
        await emulator.control.setRecoveryServicesBehaviour({ configureMs: 4000 });
        const local = await vmStack(emulator, "vm-kill", () => ({ vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" }));
        try {
            const killed = await killUpOnceRunning(local, async () => (await emulator.control.listJobs(world.vault)).some((j) => j.properties.operation === "ConfigureBackup" && j.properties.status === "InProgress"));
            assert.ok(killed.length >= 2, "the CLI and the dynamic-provider host were killed");
            removeStaleLock(local);
            await local.stack.refresh({ clearPendingCreates: true });
            await emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
            await local.stack.up();
            const items = (await emulator.control.listProtectedItems(world.vault)).filter((i) => i.name.toLowerCase() === itemName.toLowerCase());
            assert.equal(items.length, 1, "one protected item");
            assert.equal((await emulator.control.listJobs(world.vault)).filter((j) => j.properties.operation === "ConfigureBackup").length, 1, "the rerun started no second ConfigureBackup job");
            await local.stack.preview({ refresh: true, expectNoChanges: true });
            await local.stack.destroy();
        } finally {
            await emulator.control.setRecoveryServicesBehaviour({ configureMs: 300 });
            await local.remove();
        }
    });

    it("converges when 30% of ARM requests fail", async () => {
        const local = await vmStack(emulator, "vm-faults", () => ({ vaultId: world.vaultId, vmId: world.vmId, policyName: "VmEarly" }));
        try {
            for (const kind of ["429", "503", "reset"] as const) {
                await emulator.control.addFault({ pathPattern: "^/subscriptions/", kind, rate: 0.1, retryAfterSeconds: 0, seed: 11 });
            }
            await local.stack.up();
            await local.stack.preview({ refresh: true, expectNoChanges: true });
            assert.ok((await emulator.control.getRequests()).faultsInjected > 0, "faults were injected");
            await emulator.control.clearFaults();
            const item = await liveItem(emulator);
            assert.ok(String(item!.properties.policyId).toLowerCase().endsWith("/backuppolicies/vmearly"));
            assert.equal((await emulator.control.listProtectedItems(world.vault)).filter((i) => i.name.toLowerCase() === itemName.toLowerCase()).length, 1);
            await local.stack.destroy();
        } finally {
            await emulator.control.clearFaults();
            await local.remove();
        }
    });

    const badInputs: Array<[string, VmProtectionArgs, RegExp]> = [
        ["an unknown VM", { vaultId: world.vaultId, vmId: world.vmId.replace("Web1", "Nope"), policyName: "VmNightly" }, /vmId: no VM .*Nope exists/],
        ["a policy of another workload", { vaultId: world.vaultId, vmId: world.vmId, policyName: "FilesDaily" }, /policy "FilesDaily" is for AzureStorage items; a VM needs an AzureIaasVM policy/],
        ["an unknown policy", { vaultId: world.vaultId, vmId: world.vmId, policyName: "Weekly" }, /the vault has no backup policy named "Weekly"/],
        ["both inclusion and exclusion lists", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly", includedDiskLuns: [0], excludedDiskLuns: [1] }, /give includedDiskLuns .* or excludedDiskLuns .*, not both/],
        ["a LUN the VM does not have", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly", includedDiskLuns: [5] }, /the VM has no data disk at LUN 5 \(its data disks: 0, 1\)/],
    ];
    for (const [what, args, expected] of badInputs) {
        it(`rejects ${what} at preview, naming the field, without a write`, async () => {
            const local = await vmStack(emulator, "vm-bad-input", () => args);
            try {
                await emulator.control.clearRequests();
                const output = new EngineOutput();
                await assert.rejects(local.stack.preview({ onOutput: output.onOutput }), (error: unknown) => {
                    assert.match(`${errorText(error)}\n${output.text()}`, expected);
                    return true;
                });
                // check may read what only Azure knows (the VM, the policy) but never writes.
                const writes = Object.keys((await emulator.control.getRequests()).byRoute).filter((route) => !route.startsWith("GET ") && !route.includes("/oauth2/"));
                assert.deepEqual(writes, [], "no write at preview");
            } finally {
                await local.remove();
            }
        });
    }
});
