import * as pulumi from "@pulumi/pulumi";
import { Backup, BackupSasRotation, BackupSchedule } from "declarative-backups";

/**
 * Backups whose SAS never expires under them: the schedule and a monthly on-demand backup are created
 * with a bootstrap SAS, and `BackupSasRotation` mints a fresh container SAS from the storage account
 * key, puts it in the schedule and in every existing backup, and mints again `rotateBeforeDays` before
 * it expires. Run `pulumi up` from a scheduled CI job (daily or weekly) and rotation happens on time.
 * Runs against the embedded emulator (test/e2e/examples.e2e.ts) or real Azure.
 */
export = async () => {
    const config = new pulumi.Config();
    const site = {
        subscriptionId: config.require("subscriptionId"),
        resourceGroupName: config.require("resourceGroupName"),
        name: config.require("appName"),
    };
    // Only used to create the schedule and the backup; the rotation replaces it right after.
    const bootstrapSas = config.requireSecret("bootstrapStorageAccountUrl");

    const schedule = new BackupSchedule("daily", {
        site,
        frequencyInterval: 1,
        frequencyUnit: "Day",
        retentionPeriodInDays: 30,
        storageAccountUrl: bootstrapSas,
        // The rotation owns the SAS from now on: neither diffed nor overwritten by the schedule.
        storageAccountUrlManagement: "rotated",
    });

    const monthly = new Backup("monthly", {
        site,
        storageAccountUrl: bootstrapSas,
        storageAccountUrlManagement: "rotated",
        triggers: [config.require("month")],
        retainOnDelete: true,
    });

    const rotation = new BackupSasRotation(
        "backup-sas",
        {
            site,
            mint: {
                accountName: config.require("storageAccountName"),
                // With @pulumi/azure-native: storage.listStorageAccountKeysOutput(...).keys[0].value
                accountKey: config.requireSecret("storageAccountKey"),
                container: config.require("container"),
                // Only needed off Azure's public cloud (sovereign clouds, the emulator).
                blobEndpoint: config.get("blobEndpoint"),
                validityDays: 30,
            },
            rotateBeforeDays: 7,
        },
        // After them, so the SAS they were created with is replaced in the same `up`.
        { dependsOn: [schedule, monthly] },
    );

    return {
        sasFingerprint: rotation.sasFingerprint,
        sasExpiresOn: rotation.sasExpiresOn,
        backupsUpdated: rotation.backupsUpdated,
        staleBackupIds: rotation.staleBackupIds,
        monthlyBackup: monthly.name,
    };
};
