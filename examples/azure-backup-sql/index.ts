import * as pulumi from "@pulumi/pulumi";
import { ProtectionContainer, ProtectionIntent, SqlDatabaseProtection } from "declarative-backups";

/**
 * SQL Server databases inside a VM protected in an existing vault: the VM registered for SQL
 * workloads, the databases named in config protected one by one, or (autoProtect) every database of
 * the instance, now and later, through a protection intent. Runs against the embedded emulator
 * (test/e2e/examples.azureBackup.e2e.ts) or real Azure.
 */
export = async () => {
    const config = new pulumi.Config();
    const vaultId = config.require("vaultId");
    const instanceName = config.get("instanceName") ?? "MSSQLSERVER";
    const policyName = config.get("policyName") ?? "HourlyLogBackup";
    const vm = new ProtectionContainer("sql-vm", { vaultId, sourceResourceId: config.require("vmId") });
    if (config.getBoolean("autoProtect")) {
        const intent = new ProtectionIntent("sql-instance", { vaultId, vmId: vm.sourceResourceId, instanceName, policyName });
        return { containerName: vm.containerName, intent: intent.intentName };
    }
    const databases = config.requireObject<string[]>("databaseNames").map(
        (databaseName) => new SqlDatabaseProtection(databaseName, { vaultId, vmId: vm.sourceResourceId, instanceName, databaseName, policyName }),
    );
    return { containerName: vm.containerName, items: pulumi.all(databases.map((db) => db.protectedItemName)) };
};
