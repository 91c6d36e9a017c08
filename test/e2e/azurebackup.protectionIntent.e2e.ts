import * as assert from "node:assert/strict";
import { ProtectionIntent, type ProtectionIntentArgs } from "../../provider/azurebackup/protectionIntent";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, errorText } from "./support/engineOutput";

const world = backupWorld("1a7e1");
const itemName = "VM;iaasvmcontainerv2;app-rg;web1";

async function intentStack(emulator: RunningEmulator, projectName: string, args: () => ProtectionIntentArgs): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const intent = new ProtectionIntent("web1", args());
            return { intentName: intent.intentName, state: intent.protectionState, policyId: intent.policyId };
        },
        env: backupEnv(emulator),
    });
}

describe("ProtectionIntent for a VM through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let args: ProtectionIntentArgs;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        args = { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" };
        local = await intentStack(emulator, "vm-intent-e2e", () => args);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up creates the intent the portal makes at VM creation, and the vault protects the VM", async () => {
        const up = await local.stack.up();
        assert.equal(up.outputs.intentName.value, "vm;iaasvmcontainerv2;app-rg;web1");
        const item = await emulator.control.waitForItem(world.vault, itemName, (i) => i !== undefined && /^(IRPending|Protected)$/.test(String(i.properties.protectionState)));
        assert.ok(String(item!.properties.policyId).toLowerCase().endsWith("/backuppolicies/vmnightly"));
        await local.stack.preview({ expectNoChanges: true });
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a policy change is an in-place update of the intent", async () => {
        args = { ...args, policyName: "VmEarly" };
        const preview = await local.stack.preview();
        assert.equal(preview.changeSummary.update, 1);
        const up = await local.stack.up();
        assert.match(up.outputs.policyId.value, /\/backupPolicies\/VmEarly$/);
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("an intent deleted out of band is found by refresh and made again by up", async () => {
        const token = await fetchArmToken(emulator);
        const url = `${emulator.url}${world.vaultId}/backupFabrics/Azure/backupProtectionIntent/${encodeURIComponent("vm;iaasvmcontainerv2;app-rg;web1")}?api-version=2025-08-01`;
        const deleted = await fetch(url, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
        assert.equal(deleted.status, 204);
        await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true }));
        await local.stack.up({ refresh: true });
        const again = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(again.status, 200);
    });

    it("destroy deletes the intent; the VM it protected stays protected", async () => {
        await local.stack.destroy();
        const item = await emulator.control.findProtectedItem(world.vault, itemName);
        assert.match(String(item?.properties.protectionState), /^(IRPending|Protected)$/);
    });

    it("rejects a policy of another workload at preview", async () => {
        const bad = await intentStack(emulator, "vm-intent-bad", () => ({ vaultId: world.vaultId, vmId: world.vmId, policyName: "FilesDaily" }));
        try {
            const output = new EngineOutput();
            await assert.rejects(bad.stack.preview({ onOutput: output.onOutput }), (error: unknown) => {
                assert.match(`${errorText(error)}\n${output.text()}`, /policy "FilesDaily" is for AzureStorage items; a VM needs an AzureIaasVM policy/);
                return true;
            });
        } finally {
            await bad.remove();
        }
    });
});

/** A token from the emulator's authority, for reading and changing ARM state as another client would. */
async function fetchArmToken(emulator: RunningEmulator): Promise<string> {
    const body = new URLSearchParams({ client_id: emulator.clientId, client_secret: emulator.clientSecret, grant_type: "client_credentials", scope: "https://management.azure.com/.default" });
    const response = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, { method: "POST", body });
    return ((await response.json()) as { access_token: string }).access_token;
}
