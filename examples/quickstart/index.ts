import * as pulumi from "@pulumi/pulumi";
import { BackupSchedule } from "declarative-backups";

/**
 * The quickstart: a daily backup schedule for one App Service app, kept 30 days by default.
 * Config: `siteId` (the app's ARM id), `storageAccountUrl` (secret: a container SAS URL with write
 * permission), `retentionPeriodInDays` (optional).
 */
export = async () => {
    const config = new pulumi.Config();
    const schedule = new BackupSchedule("nightly", {
        siteId: config.require("siteId"),
        frequencyInterval: 1,
        frequencyUnit: "Day",
        retentionPeriodInDays: config.getNumber("retentionPeriodInDays") ?? 30,
        keepAtLeastOneBackup: true,
        startTime: "2026-01-01T02:00:00Z",
        storageAccountUrl: config.requireSecret("storageAccountUrl"),
    });
    return {
        scheduleId: schedule.id,
        retentionPeriodInDays: schedule.retentionPeriodInDays,
        storageContainerUrl: schedule.storageContainerUrl,
        storageAccountUrlExpiresOn: schedule.storageAccountUrlExpiresOn,
    };
};
