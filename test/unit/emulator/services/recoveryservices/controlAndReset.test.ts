import * as assert from "node:assert/strict";
import { DEFAULT_RECOVERY_SERVICES_BEHAVIOUR } from "../../../../../emulator/services/recoveryservices/behaviour";
import { isEmulatorControlError } from "../../../../../emulator/control/controlClient";
import { names, seedBackupWorld, useBackupWorld, vault, vaultPath } from "./support/backupFixture";

describe("emulator Azure Backup: control API seeding, validation and reset", function () {
    this.timeout(30_000);
    const world = useBackupWorld({ seed: "manual" });

    it("seeds a vault with its settings and default policies, and refuses invalid seeds with 400", async () => {
        await world.emulator.control.reset();
        await seedBackupWorld(world.emulator, { softDeleteState: "AlwaysON", softDeleteRetentionDays: 20, immutabilityState: "Unlocked" });
        const state = await world.emulator.control.getVault(vault);
        assert.deepEqual(state.security, {
            softDeleteState: "AlwaysON",
            softDeleteRetentionDays: 20,
            enhancedSecurityState: "Enabled",
            immutabilityState: "Unlocked",
            isMultiUserAuthorizationEnabled: false,
        });
        assert.equal(state.location, names.location);
        const config = await world.arm.send("GET", vaultPath("/backupconfig/vaultconfig"));
        assert.equal(config.json.properties.softDeleteFeatureState, "AlwaysON");
        assert.equal(config.json.properties.softDeleteRetentionPeriodInDays, 20);
        for (const seed of [{ softDeleteRetentionDays: 7 }, { immutabilityState: "Sealed" }, { resourceGuardId: "not-an-id" }]) {
            const error = await world.emulator.control.putVault(vault, seed as never).catch((thrown: unknown) => thrown);
            assert.ok(isEmulatorControlError(error) && error.status === 400, JSON.stringify(seed));
        }
        const missingGroup = await world.emulator.control.putVault({ ...vault, resourceGroupName: "Nope" }).catch((thrown: unknown) => thrown);
        assert.ok(isEmulatorControlError(missingGroup) && missingGroup.status === 404);
        const badShare = await world.emulator.control.putFileShare(names.subscriptionId, names.resourceGroupName, names.accountName, "docs", { files: { "../escape": "x" } }).catch((thrown: unknown) => thrown);
        assert.ok(isEmulatorControlError(badShare) && badShare.status === 400);
    });

    it("reset forgets vaults, items, jobs, operations, forced failures, knobs and the backup clock's lead", async () => {
        await world.emulator.control.reset();
        await seedBackupWorld(world.emulator);
        await world.arm.refresh("AzureIaasVM");
        await world.arm.protectVm();
        await world.emulator.control.advanceBackupClock({ days: 1 });
        await world.emulator.control.forceFailure({ operation: "Backup", code: "X", count: "all" });
        await world.emulator.control.setRecoveryServicesBehaviour({ pageSize: 7 });
        await world.emulator.control.reset();
        assert.deepEqual(await world.emulator.control.getRecoveryServicesBehaviour(), DEFAULT_RECOVERY_SERVICES_BEHAVIOUR);
        assert.deepEqual(await world.emulator.control.listForcedFailures(), []);
        assert.equal((await world.emulator.control.getBackupClock()).aheadSeconds, 0);
        const gone = await world.emulator.control.getVault(vault).catch((thrown: unknown) => thrown);
        assert.ok(isEmulatorControlError(gone) && gone.status === 404);
        const state = await world.emulator.control.getState();
        assert.equal(state.resources.length, 0);
    });
});
