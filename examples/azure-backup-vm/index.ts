import * as pulumi from "@pulumi/pulumi";
import { VmProtection } from "declarative-backups";

/**
 * A VM protected in an existing vault, as a team keeps it: its OS disk and the data disk at LUN 0,
 * nightly, moved to another policy or stopped (data kept) by editing config. Runs against the
 * embedded emulator (test/e2e/examples.azureBackup.e2e.ts) or real Azure.
 */
export = async () => {
    const config = new pulumi.Config();
    const protection = new VmProtection("web1", {
        vaultId: config.require("vaultId"),
        vmId: config.require("vmId"),
        policyName: config.get("policyName") ?? "DefaultPolicy",
        includedDiskLuns: [0],
        protectionState: config.getBoolean("paused") ? "ProtectionStopped" : "Protected",
        // Destroy stops protection and keeps the recovery points (onDelete defaults to "retainData").
    });
    return {
        protectedItemName: protection.protectedItemName,
        protectionState: protection.protectionState,
        disks: protection.diskSelection,
    };
};
