import * as assert from "node:assert/strict";
import { FileRecoverySession, type FileRecoverySessionArgs } from "../../provider/azurebackup/fileRecoverySession";
import { OnDemandBackup } from "../../provider/azurebackup/onDemandBackup";
import { VmProtection } from "../../provider/azurebackup/vmProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { StoredIlrSession } from "../../emulator/services/recoveryservices/control/recoveryServicesControlClient";
import { createLocalStack, readBackendFiles, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";
import { EngineOutput, assertNoSecrets, errorText } from "./support/engineOutput";
import { exportStackText } from "./support/stackExport";

const world = backupWorld("0f11e");
const itemName = "VM;iaasvmcontainerv2;app-rg;web1";
/** What `pulumi stack export` prints, as far as these tests read it. */
type Deployment = { deployment: { resources?: Array<{ type: string; outputs?: Record<string, any> }> } };

const itemId = `${world.vaultId}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;app-rg;web1/protectedItems/${itemName}`;

/** A protected VM, an on-demand backup of it, and a file-recovery session on the backup's point, with whatever `args()` returns at each run. */
async function sessionStack(emulator: RunningEmulator, projectName: string, args: () => Omit<FileRecoverySessionArgs, "recoveryPointId">): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const vm = new VmProtection("web1", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" });
            const backup = new OnDemandBackup("before-upgrade", { protectedItemId: vm.protectedItemId });
            const session = new FileRecoverySession("recover-files", { recoveryPointId: backup.recoveryPointId, ...args() });
            return {
                recoveryPointId: backup.recoveryPointId,
                fileName: session.fileName,
                scriptExtension: session.scriptExtension,
                expiresAt: session.expiresAt,
                sessionState: session.sessionState,
                password: session.password,
                scriptContent: session.scriptContent,
            };
        },
        env: backupEnv(emulator),
    });
}

async function exportStack(local: LocalStack): Promise<Deployment> {
    return JSON.parse(await exportStackText(local));
}

/** The distinctive parts of a session that must never be stored or printed in plaintext. */
function secretsOf(session: StoredIlrSession): string[] {
    const script = session.clientScripts[0];
    // The script's target (a GUID per session) stands for its content: JSON escapes the content's newlines.
    const target = /iqn\.[^'\s,]+/.exec(script.scriptContent)?.[0];
    assert.ok(target, "the script names its iSCSI target");
    return [session.password, script.scriptNameSuffix, target];
}

describe("FileRecoverySession through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let args: Omit<FileRecoverySessionArgs, "recoveryPointId">;
    let recoveryPointName: string;
    const output = new EngineOutput();
    const seen: StoredIlrSession[] = [];

    const session = async (): Promise<StoredIlrSession> => emulator.control.getIlrSession(world.vault, itemName, recoveryPointName);
    /** Neither the state (every checkpoint, history and backups included) nor what the engine printed holds a session's secrets. */
    const assertNothingInPlaintext = async (): Promise<void> => {
        const exported = JSON.stringify(await exportStack(local));
        assertNoSecrets({ "the exported stack": exported, ...readBackendFiles(local.workDir), "engine output": output.text() }, seen.flatMap(secretsOf));
    };

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        await emulator.control.setRecoveryServicesBehaviour({ ilrProvisionMs: 100 });
        args = {};
        local = await sessionStack(emulator, "file-recovery-e2e", () => args);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up provisions a session: the file name is the suffix without the password, which is the service's, and both secrets stay secret", async () => {
        const up = await local.stack.up({ onOutput: output.onOutput, onEvent: output.onEvent });
        recoveryPointName = String(up.outputs.recoveryPointId.value).replace(/^.*\/recoveryPoints\//, "");
        const live = await session();
        seen.push(live);
        assert.equal(live.active, true);
        assert.equal(live.initiatorName, "declarative-backups");
        const suffix = live.clientScripts[0].scriptNameSuffix;
        assert.equal(up.outputs.password.value, live.password);
        assert.equal(up.outputs.password.secret, true);
        assert.equal(up.outputs.scriptContent.value, live.clientScripts[0].scriptContent);
        assert.equal(up.outputs.scriptContent.secret, true);
        assert.equal(up.outputs.fileName.value, suffix.replace(live.password, ""));
        assert.equal(up.outputs.fileName.value, live.fileName);
        assert.equal(up.outputs.scriptExtension.value, live.clientScripts[0].scriptExtension);
        assert.equal(up.outputs.sessionState.value, "Active");
        assert.ok(Math.abs(Date.parse(up.outputs.expiresAt.value) - (Date.now() + 12 * 3_600_000)) < 60_000, "expires 12 hours on");
        await assertNothingInPlaintext();
        // One copy of the script in state: the secret output, not the clientScripts again.
        const stored = (await exportStack(local)).deployment.resources!.find((r) => r.type.endsWith("azurebackup:FileRecoverySession"))!.outputs!;
        assert.equal(stored.clientScripts, undefined);
        assert.equal(typeof stored.password.ciphertext, "string", "the password is stored as ciphertext");
        assert.equal(typeof stored.scriptContent.ciphertext, "string", "the script is stored as ciphertext");
    });

    it("a second preview, and one with a refresh, show no change while the session runs", async () => {
        await local.stack.preview({ expectNoChanges: true, onOutput: output.onOutput });
        await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        await assertNothingInPlaintext();
    });

    it("a session that ended shows on refresh as a change of sessionState, and up provisions a new one", async () => {
        const first = await session();
        await emulator.control.advanceBackupClock({ to: new Date(Date.parse(first.expiresAt) + 60_000).toISOString() });
        assert.equal((await session()).active, false);
        const preview = new EngineOutput();
        const refreshed = await local.stack.preview({ refresh: true, onOutput: (text) => (output.onOutput(text), preview.onOutput(text)) });
        assert.equal(refreshed.changeSummary.update, 1, `one update: ${JSON.stringify(refreshed.changeSummary)}`);
        assert.match(preview.text(), /recover-files.*\[diff: ~sessionState\]/);
        const up = await local.stack.up({ refresh: true, onOutput: output.onOutput, onEvent: output.onEvent });
        const renewed = await session();
        seen.push(renewed);
        assert.equal(renewed.active, true);
        assert.notEqual(renewed.password, first.password);
        assert.equal(up.outputs.password.value, renewed.password);
        assert.equal(up.outputs.fileName.value, renewed.fileName);
        assert.equal(up.outputs.sessionState.value, "Active");
        await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        await assertNothingInPlaintext();
    });

    it("a failed provision fails the resource with the service's reason", async () => {
        await emulator.control.forceFailure({ operation: "ProvisionInstantItemRecovery", code: "UserErrorIscsiTargetUnavailable", message: "The iSCSI target could not be mounted" });
        args = { triggers: ["incident-42"] };
        const failed = new EngineOutput();
        await assert.rejects(local.stack.up({ onOutput: (text) => (output.onOutput(text), failed.onOutput(text)) }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${failed.text()}`, /provisioning file recovery of recovery point \S+ of \S+ failed: UserErrorIscsiTargetUnavailable: The iSCSI target could not be mounted/);
            return true;
        });
        await emulator.control.clearForcedFailures();
        assert.equal((await session()).active, true, "the session provisioned before is left as it was");
        args = {};
    });

    it("destroy revokes the session", async () => {
        await local.stack.destroy({ onOutput: output.onOutput });
        await assert.rejects(session(), /no file recovery session/);
        await assertNothingInPlaintext();
    });

    it("rejects a recoveryPointId that is not a VM recovery point at preview, naming the field", async () => {
        const bad = await createLocalStack({
            projectName: "file-recovery-bad-id",
            program: async () => {
                new FileRecoverySession("recover-files", { recoveryPointId: itemId });
            },
            env: backupEnv(emulator),
        });
        try {
            const out = new EngineOutput();
            await assert.rejects(bad.stack.preview({ onOutput: out.onOutput }), (error: unknown) => {
                assert.match(`${errorText(error)}\n${out.text()}`, /recoveryPointId must be the ARM id of a VM recovery point \(<protectedItemId>\/recoveryPoints\/<name>/);
                return true;
            });
        } finally {
            await bad.remove();
        }
    });
});
