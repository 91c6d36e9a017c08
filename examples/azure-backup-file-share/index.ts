import * as pulumi from "@pulumi/pulumi";
import { FileShareProtection, ProtectionContainer } from "declarative-backups";

/**
 * The file shares of a storage account protected in an existing vault: the account registered once,
 * each share named in config protected with the policy. Runs against the embedded emulator
 * (test/e2e/examples.azureBackup.e2e.ts) or real Azure.
 */
export = async () => {
    const config = new pulumi.Config();
    const vaultId = config.require("vaultId");
    const account = new ProtectionContainer("files-account", { vaultId, sourceResourceId: config.require("storageAccountId") });
    const shares = config.requireObject<string[]>("shareNames").map(
        (shareName) =>
            new FileShareProtection(shareName, {
                vaultId,
                // The account's registration comes first: taking its output makes the dependency.
                storageAccountId: account.sourceResourceId,
                shareName,
                policyName: config.get("policyName") ?? "FilesDaily",
            }),
    );
    return {
        containerName: account.containerName,
        items: pulumi.all(shares.map((share) => share.protectedItemName)),
    };
};
