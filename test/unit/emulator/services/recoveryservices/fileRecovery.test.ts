import * as assert from "node:assert/strict";
import type { RunningEmulator } from "../../../../../emulator/server";
import { ArmSession, names, useBackupWorld, vault, vmId, vmItemPath } from "./support/backupFixture";

/** Seed 001's C#, as written: the password is the 15 characters 33 after the last '_'; the file name is the suffix without them. */
function removePasswordFromSuffixAndReturn(suffix: string): { password: string; fileName: string } {
    const passwordOffset = suffix.lastIndexOf("_") + 33;
    return { password: suffix.substring(passwordOffset, passwordOffset + 15), fileName: suffix.slice(0, passwordOffset) + suffix.slice(passwordOffset + 15) };
}

describe("emulator Azure Backup: file-level recovery (provision, scripts and password, revoke, expiry)", function () {
    this.timeout(30_000);
    // The emulator, a fresh seeded world before each test (useBackupWorld), and this file's own setup.
    const world = useBackupWorld();
    let emulator: RunningEmulator;
    let arm: ArmSession;
    let point: string;
    before(() => {
        emulator = world.emulator;
        arm = world.arm;
    });
    beforeEach(async () => {
        await emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, names.vmName, { dataDiskLuns: [0, 1], osType: "Windows" });
        await emulator.control.setRecoveryServicesBehaviour({ ilrProvisionMs: 20 });
        await arm.refresh("AzureIaasVM");
        await arm.protectVm();
        await arm.waitForStatus(await arm.send("POST", vmItemPath("/backup"), { body: { properties: { objectType: "IaasVMBackupRequest" } } }));
        point = (await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value[0].name;
    });

    const provisionBody = (initiatorName = "iqn.1991-05.com.microsoft:restore-host") => ({
        properties: { objectType: "IaasVMILRRegistrationRequest", recoveryPointId: point, virtualMachineId: vmId, initiatorName, renewExistingRegistration: true },
    });

    async function provision(): Promise<any> {
        const response = await arm.send("POST", vmItemPath(`/recoveryPoints/${point}/provisionInstantItemRecovery`), { body: provisionBody() });
        assert.equal(response.status, 202, response.text);
        assert.ok(response.headers["azure-asyncoperation"] && response.headers.location);
        return arm.waitForStatus(response);
    }

    it("answers the mount script in the operation status; the password sits where seed 001 reads it and the control API shows the same", async () => {
        const status = await provision();
        assert.equal(status.status, "Succeeded");
        assert.equal(status.properties.objectType, "OperationStatusProvisionILRExtendedInfo");
        const [script] = status.properties.recoveryTarget.clientScripts;
        assert.deepEqual(Object.keys(script).sort(), ["osType", "scriptContent", "scriptExtension", "scriptNameSuffix", "url"]);
        assert.equal(script.osType, "Windows");
        assert.equal(script.scriptExtension, ".ps1");
        assert.match(script.scriptContent, /iqn\.1991-05\.com\.microsoft:restore-host/);
        const { password, fileName } = removePasswordFromSuffixAndReturn(script.scriptNameSuffix);
        assert.match(password, /^[A-Za-z0-9]{15}$/);
        const session = await emulator.control.getIlrSession(vault, names.vmName, point);
        assert.equal(session.password, password);
        assert.equal(session.fileName, fileName);
        assert.equal(session.active, true);
        assert.ok(!fileName.includes(password));
        const [listed] = (await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value;
        assert.equal(listed.properties.isInstantIlrSessionActive, true);
    });

    it("answers the scripts at listInstantItemRecoveryOperationResult from api-version 2026-08-01, not before", async () => {
        const status = await provision();
        const route = vmItemPath(`/recoveryPoints/${point}/listInstantItemRecoveryOperationResult`);
        const result = await arm.send("POST", `${route}?api-version=2026-11-01`, { body: { provisionInstantItemRecoveryOperationId: status.name } });
        assert.equal(result.status, 200, result.text);
        assert.deepEqual(result.json.clientScripts, status.properties.recoveryTarget.clientScripts);
        const old = await arm.send("POST", route, { body: {} });
        assert.equal(old.status, 400);
    });

    it("revokes the session (202): the scripts and the password are gone", async () => {
        await provision();
        const revoke = await arm.send("POST", vmItemPath(`/recoveryPoints/${point}/revokeInstantItemRecovery`));
        assert.equal(revoke.status, 202);
        assert.equal((await arm.waitForStatus(revoke)).status, "Succeeded");
        await assert.rejects(emulator.control.getIlrSession(vault, names.vmName, point));
        const result = await arm.send("POST", `${vmItemPath(`/recoveryPoints/${point}/listInstantItemRecoveryOperationResult`)}?api-version=2026-11-01`, { body: {} });
        assert.equal(result.status, 404);
        assert.equal(result.json.error.code, "UserErrorIlrSessionNotFound");
        assert.equal((await arm.send("GET", vmItemPath(`/recoveryPoints/${point}`))).json.properties.isInstantIlrSessionActive, false);
    });

    it("expires the session after ilrSessionMs on the backup clock; a new provision gives a new password", async () => {
        const first = removePasswordFromSuffixAndReturn((await provision()).properties.recoveryTarget.clientScripts[0].scriptNameSuffix).password;
        await emulator.control.advanceBackupClock({ hours: 13 });
        const expired = await emulator.control.getIlrSession(vault, names.vmName, point);
        assert.equal(expired.active, false);
        assert.equal((await arm.send("GET", vmItemPath(`/recoveryPoints/${point}`))).json.properties.isInstantIlrSessionActive, false);
        const second = removePasswordFromSuffixAndReturn((await provision()).properties.recoveryTarget.clientScripts[0].scriptNameSuffix).password;
        assert.notEqual(second, first);
        assert.equal((await emulator.control.getIlrSession(vault, names.vmName, point)).active, true);
    });

    it("refuses a request without an initiator, of another kind, or for an unknown point", async () => {
        const send = (rp: string, body: unknown) => arm.send("POST", vmItemPath(`/recoveryPoints/${rp}/provisionInstantItemRecovery`), { body });
        assert.equal((await send(point, provisionBody(""))).json.error.message, "Parameter initiatorName in request is invalid.");
        assert.equal((await send(point, { properties: { objectType: "AzureFileShareProvisionILRRequest" } })).json.error.message, "Parameter objectType in request is invalid.");
        assert.equal((await send("42", provisionBody())).status, 404);
    });
});
