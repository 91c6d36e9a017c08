import * as assert from "node:assert/strict";
import type { RunningEmulator } from "../../../../../emulator/server";
import { DEFAULT_RECOVERY_SERVICES_BEHAVIOUR } from "../../../../../emulator/services/recoveryservices/behaviour";
import { isEmulatorControlError } from "../../../../../emulator/control/controlClient";
import { startTestEmulator } from "../../support/emulatorFixture";
import { ArmSession, names, seedBackupWorld, vault, vaultPath } from "./support/backupFixture";

describe("emulator Azure Backup: control API seeding, validation and reset", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let arm: ArmSession;

    before(async () => {
        emulator = await startTestEmulator({ storage: false });
        arm = new ArmSession(emulator);
    });
    after(() => emulator?.close());

    it("seeds a vault with its settings and default policies, and refuses invalid seeds with 400", async () => {
        await emulator.control.reset();
        await seedBackupWorld(emulator, { softDeleteState: "AlwaysON", softDeleteRetentionDays: 20, immutabilityState: "Unlocked" });
        const state = await emulator.control.getVault(vault);
        assert.deepEqual(state.security, {
            softDeleteState: "AlwaysON",
            softDeleteRetentionDays: 20,
            enhancedSecurityState: "Enabled",
            immutabilityState: "Unlocked",
            isMultiUserAuthorizationEnabled: false,
        });
        assert.equal(state.location, names.location);
        const config = await arm.send("GET", vaultPath("/backupconfig/vaultconfig"));
        assert.equal(config.json.properties.softDeleteFeatureState, "AlwaysON");
        assert.equal(config.json.properties.softDeleteRetentionPeriodInDays, 20);
        for (const seed of [{ softDeleteRetentionDays: 7 }, { immutabilityState: "Sealed" }, { resourceGuardId: "not-an-id" }]) {
            const error = await emulator.control.putVault(vault, seed as never).catch((thrown: unknown) => thrown);
            assert.ok(isEmulatorControlError(error) && error.status === 400, JSON.stringify(seed));
        }
        const missingGroup = await emulator.control.putVault({ ...vault, resourceGroupName: "Nope" }).catch((thrown: unknown) => thrown);
        assert.ok(isEmulatorControlError(missingGroup) && missingGroup.status === 404);
        const badShare = await emulator.control.putFileShare(names.subscriptionId, names.resourceGroupName, names.accountName, "docs", { files: { "../escape": "x" } }).catch((thrown: unknown) => thrown);
        assert.ok(isEmulatorControlError(badShare) && badShare.status === 400);
    });

    it("reset forgets vaults, items, jobs, operations, forced failures, knobs and the backup clock's lead", async () => {
        await emulator.control.reset();
        await seedBackupWorld(emulator);
        await arm.refresh("AzureIaasVM");
        await arm.protectVm();
        await emulator.control.advanceBackupClock({ days: 1 });
        await emulator.control.forceFailure({ operation: "Backup", code: "X", count: "all" });
        await emulator.control.setRecoveryServicesBehaviour({ pageSize: 7 });
        await emulator.control.reset();
        assert.deepEqual(await emulator.control.getRecoveryServicesBehaviour(), DEFAULT_RECOVERY_SERVICES_BEHAVIOUR);
        assert.deepEqual(await emulator.control.listForcedFailures(), []);
        assert.equal((await emulator.control.getBackupClock()).aheadSeconds, 0);
        const gone = await emulator.control.getVault(vault).catch((thrown: unknown) => thrown);
        assert.ok(isEmulatorControlError(gone) && gone.status === 404);
        const state = await emulator.control.getState();
        assert.equal(state.resources.length, 0);
    });
});
