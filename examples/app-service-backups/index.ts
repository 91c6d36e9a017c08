import * as pulumi from "@pulumi/pulumi";
import { BackupSchedule } from "declarative-backups";

/**
 * Backups for an app and its staging slot, as a team would keep them: production every day with its
 * database, kept 30 days; staging every 12 hours, kept 3 days, paused without losing its settings.
 * Runs against the embedded emulator (test/e2e/examples.e2e.ts) or real Azure.
 */
export = async () => {
    const config = new pulumi.Config();
    const site = {
        subscriptionId: config.require("subscriptionId"),
        resourceGroupName: config.require("resourceGroupName"),
        name: config.require("appName"),
    };
    const storageAccountUrl = config.requireSecret("storageAccountUrl");

    const production = new BackupSchedule("production", {
        site,
        frequencyInterval: 1,
        frequencyUnit: "Day",
        retentionPeriodInDays: 30,
        keepAtLeastOneBackup: true,
        startTime: "2026-01-01T01:30:00Z",
        backupName: `${site.name}-daily`,
        storageAccountUrl,
        databases: [
            { databaseType: "SqlAzure", name: "orders", connectionString: config.requireSecret("ordersConnectionString") },
            { databaseType: "MySql", name: "sessions", connectionStringName: "SessionsDb" },
        ],
    });

    const staging = new BackupSchedule("staging", {
        site: { ...site, slot: "staging" },
        enabled: config.getBoolean("stagingBackupsEnabled") ?? false,
        frequencyInterval: 12,
        frequencyUnit: "Hour",
        retentionPeriodInDays: 3,
        keepAtLeastOneBackup: false,
        storageAccountUrl,
    });

    return {
        productionScheduleId: production.id,
        productionSasExpiresOn: production.storageAccountUrlExpiresOn,
        stagingEnabled: staging.enabled,
    };
};
