import type { RunningEmulator } from "../../../emulator/server";
import type { VaultRef } from "../../../emulator/control/controlClient";
import type { VaultSeed } from "../../../emulator/services/recoveryservices/control/recoveryServicesControlClient";
import { fileSharePolicyBody, vmPolicyBody } from "../../unit/emulator/services/recoveryservices/support/backupFixture";

/** One Azure Backup world per test file: a vault with policies, a VM with data disks, a storage account with a share. */
export interface BackupWorld {
    subscriptionId: string;
    vault: VaultRef;
    vaultId: string;
    vmId: string;
    accountId: string;
    shareName: string;
    policyId(name: string): string;
}

/** Names of a world; `tag` keeps worlds of different files apart in their own subscription. */
export function backupWorld(tag: string): BackupWorld {
    const subscriptionId = `00000000-0000-0000-0000-${tag.padStart(12, "0")}`;
    const vault: VaultRef = { subscriptionId, resourceGroupName: "Backup-RG", vaultName: "Vault1" };
    const vaultId = `/subscriptions/${subscriptionId}/resourceGroups/Backup-RG/providers/Microsoft.RecoveryServices/vaults/Vault1`;
    return {
        subscriptionId,
        vault,
        vaultId,
        vmId: `/subscriptions/${subscriptionId}/resourceGroups/App-RG/providers/Microsoft.Compute/virtualMachines/Web1`,
        accountId: `/subscriptions/${subscriptionId}/resourceGroups/Backup-RG/providers/Microsoft.Storage/storageAccounts/shopfiles`,
        shareName: "reports",
        policyId: (name) => `${vaultId}/backupPolicies/${name}`,
    };
}

/** Fast service timings, with operations still long enough that a poller sees them running. */
export const fastBackupTimings = {
    refreshMs: 100,
    inquireMs: 100,
    registerMs: 100,
    unregisterMs: 100,
    configureMs: 300,
    disableMs: 150,
    deleteMs: 150,
    undeleteMs: 150,
    backupMs: 50,
    retryAfterSeconds: 0,
    firstBackupImmediately: true,
};

/** Seeds the world: vault (soft delete on unless `vaultSeed` says), policies of each kind, VM, storage account and share. */
export async function seedBackupWorld(emulator: RunningEmulator, world: BackupWorld, vaultSeed: VaultSeed = {}): Promise<void> {
    const control = emulator.control;
    await control.putSubscription(world.subscriptionId);
    await control.putResourceGroup(world.subscriptionId, "Backup-RG", "westeurope");
    await control.putResourceGroup(world.subscriptionId, "App-RG", "westeurope");
    await control.putVault(world.vault, vaultSeed);
    await control.putPolicy(world.vault, "VmNightly", vmPolicyBody(2));
    await control.putPolicy(world.vault, "VmEarly", vmPolicyBody(4));
    await control.putPolicy(world.vault, "FilesDaily", fileSharePolicyBody(8));
    await control.putPolicy(world.vault, "FilesLate", fileSharePolicyBody(20));
    await control.putVirtualMachine(world.subscriptionId, "App-RG", "Web1", { dataDiskLuns: [0, 1] });
    await control.putStorageAccount(world.subscriptionId, "Backup-RG", "shopfiles");
    await control.putFileShare(world.subscriptionId, "Backup-RG", "shopfiles", world.shareName, { files: { "q1.csv": "revenue,1" } });
    await control.setRecoveryServicesBehaviour(fastBackupTimings);
}

/** Environment for stacks against the emulator, with fast polls. */
export function backupEnv(emulator: RunningEmulator): Record<string, string> {
    return { ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20", DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100", DECLARATIVE_BACKUPS_SHARE_DISCOVERY_WAIT_MS: "5000" };
}
