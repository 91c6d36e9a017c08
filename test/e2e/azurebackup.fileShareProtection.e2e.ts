import * as assert from "node:assert/strict";
import { FileShareProtection, type FileShareProtectionArgs } from "../../provider/azurebackup/fileShareProtection";
import { ProtectionContainer, type ProtectionContainerArgs } from "../../provider/azurebackup/protectionContainer";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, errorText } from "./support/engineOutput";

const world = backupWorld("f11e5");

interface Plan {
    container?: Partial<ProtectionContainerArgs>;
    share: Omit<FileShareProtectionArgs, "vaultId" | "storageAccountId">;
}

/** The storage account registered with the vault, and one share protected in it. */
async function shareStack(emulator: RunningEmulator, projectName: string, plan: () => Plan): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const { container, share } = plan();
            const registered = new ProtectionContainer("shopfiles", { vaultId: world.vaultId, sourceResourceId: world.accountId, ...container });
            const protection = new FileShareProtection("reports", { vaultId: world.vaultId, storageAccountId: registered.sourceResourceId, ...share });
            return { containerName: registered.containerName, itemName: protection.protectedItemName, state: protection.protectionState };
        },
        env: backupEnv(emulator),
    });
}

async function liveShareItem(emulator: RunningEmulator) {
    return emulator.control.findProtectedItem(world.vault, world.shareName);
}

describe("FileShareProtection and its ProtectionContainer through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let plan: Plan;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        // The share shows up only after a few looks, as a new share does on the live service.
        await emulator.control.setRecoveryServicesBehaviour({ fileShareVisibleAfterListCalls: 2 });
        plan = { share: { shareName: world.shareName, policyName: "FilesDaily" } };
        local = await shareStack(emulator, "file-share-e2e", () => plan);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up registers the storage account and protects the share found by its name", async () => {
        const result = await local.stack.up();
        assert.match(result.outputs.containerName.value, /^StorageContainer;Storage;Backup-RG;shopfiles$/i);
        assert.match(result.outputs.itemName.value, /^azurefileshare;/i, "the service's system name, not the share's");
        const containers = await emulator.control.listContainers(world.vault);
        assert.ok(containers.some((c) => /storagecontainer;storage;backup-rg;shopfiles/i.test(c.name)), "the account is registered");
        const item = await liveShareItem(emulator);
        assert.equal(item?.properties.friendlyName, world.shareName);
        assert.ok(String(item!.properties.policyId).toLowerCase().endsWith("/backuppolicies/filesdaily"));
    });

    it("a second preview, and one with a refresh, show no change", async () => {
        await local.stack.preview({ expectNoChanges: true });
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a policy change is an in-place update; a change made out of band is drift named policyId", async () => {
        plan = { share: { ...plan.share, policyName: "FilesLate" } };
        const preview = await local.stack.preview();
        assert.equal(preview.changeSummary.update, 1);
        await local.stack.up();
        assert.ok(String((await liveShareItem(emulator))!.properties.policyId).toLowerCase().endsWith("/backuppolicies/fileslate"));
        await emulator.control.setItemPolicy(world.vault, world.shareName, "FilesDaily");
        const output = new EngineOutput();
        await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${output.text()}`, /\[diff: [^\]]*policyId/);
            return true;
        });
        await local.stack.up({ refresh: true });
        assert.ok(String((await liveShareItem(emulator))!.properties.policyId).toLowerCase().endsWith("/backuppolicies/fileslate"));
    });

    it("stopping protection keeps the recovery points and shows no drift", async () => {
        const item = await liveShareItem(emulator);
        const points = (await emulator.control.listRecoveryPoints(world.vault, item!.name)).length;
        plan = { share: { ...plan.share, protectionState: "ProtectionStopped" } };
        await local.stack.up();
        const stopped = await liveShareItem(emulator);
        assert.equal(stopped!.properties.protectionState, "ProtectionStopped");
        assert.equal((await emulator.control.listRecoveryPoints(world.vault, item!.name)).length, points);
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("destroy keeps the data; the container stays registered and says which share needs it", async () => {
        const output = new EngineOutput();
        await local.stack.destroy({ onOutput: output.onOutput });
        const item = await liveShareItem(emulator);
        assert.ok(item, "the item and its data stay in the vault");
        const containers = await emulator.control.listContainers(world.vault);
        assert.ok(containers.some((c) => /storagecontainer;storage;backup-rg;shopfiles/i.test(c.name)), "still registered");
        assert.match(output.text(), /stays registered: it still holds protected items \(reports\) whose backup data was kept/);
    });

    it("with the data deleted and purged, destroy unregisters the container", async () => {
        plan = { share: { shareName: world.shareName, policyName: "FilesDaily", onDelete: "deleteData" } };
        await local.stack.up();
        await emulator.control.patchVault(world.vault, { softDeleteState: "Disabled" });
        try {
            await local.stack.destroy();
            assert.equal(await liveShareItem(emulator), undefined, "deleted with its data (soft delete off)");
            const containers = await emulator.control.listContainers(world.vault);
            assert.ok(!containers.some((c) => /storagecontainer;storage;backup-rg;shopfiles/i.test(c.name) && c.properties?.registrationStatus === "Registered"), "unregistered");
        } finally {
            await emulator.control.patchVault(world.vault, { softDeleteState: "Enabled" });
        }
    });

    it("a container asked to unregister while items remain refuses, naming them", async () => {
        plan = { container: { onDelete: "unregister" }, share: { shareName: world.shareName, policyName: "FilesDaily" } };
        await local.stack.up();
        const output = new EngineOutput();
        await assert.rejects(local.stack.destroy({ onOutput: output.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${output.text()}`, /cannot be unregistered while it holds protected items: reports/);
            return true;
        });
        plan = { container: { onDelete: "retain" }, share: plan.share };
        await local.stack.up();
        await local.stack.destroy();
    });
});

describe("FileShareProtection input errors at preview", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
    });
    after(async () => emulator?.close());

    const cases: Array<[string, Plan, RegExp]> = [
        ["an unknown share", { share: { shareName: "nope", policyName: "FilesDaily" } }, /shareName: storage account shopfiles has no file share named "nope"/],
        ["a policy of another workload", { share: { shareName: world.shareName, policyName: "VmNightly" } }, /policy "VmNightly" is for AzureIaasVM items; a file share needs an AzureStorage policy/],
        ["a share name storage cannot hold", { share: { shareName: "Reports_2026", policyName: "FilesDaily" } }, /shareName must be 3 to 63 lowercase letters/],
    ];
    for (const [what, plan, expected] of cases) {
        it(`rejects ${what}, naming the field`, async () => {
            const local = await shareStack(emulator, "file-share-bad-input", () => plan);
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
