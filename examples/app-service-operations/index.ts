import * as pulumi from "@pulumi/pulumi";
import { Backup, Restore } from "declarative-backups";

/**
 * Release day for an App Service app, declared: a backup taken before each release (a new
 * `release` takes a new one; earlier ones are kept), the staging app refreshed from it, and a
 * rollback of production to it, switched on by config when a release goes wrong.
 * Runs against the embedded emulator (test/e2e/examples.appServiceOperations.e2e.ts) or real Azure.
 */
export = async () => {
    const config = new pulumi.Config();
    const subscriptionId = config.require("subscriptionId");
    const resourceGroupName = config.require("resourceGroupName");
    const release = config.require("release");
    // One container SAS for both directions: backups write (w), restores read (r), deletes delete (d).
    const storageAccountUrl = config.requireSecret("storageAccountUrl");

    const beforeRelease = new Backup("before-release", {
        site: { subscriptionId, resourceGroupName, name: config.require("appName") },
        storageAccountUrl,
        // A new release is a new backup; the backups of earlier releases stay in storage.
        triggers: [release],
        retainOnDelete: true,
        deadlineMinutes: 90,
    });

    const stagingAppName = config.get("stagingAppName");
    const stagingCopy = stagingAppName
        ? new Restore("staging-from-production", {
              backupId: beforeRelease.backupId,
              storageAccountUrl,
              targetSite: { subscriptionId, resourceGroupName, name: stagingAppName },
              // Into another app: its content is replaced by production's, production is left alone.
              overwrite: false,
              // Staging has its own custom domain names and databases.
              ignoreConflictingHostNames: true,
              ignoreDatabases: true,
          })
        : undefined;

    // `pulumi config set rollback true && pulumi up` puts production back as it was before this
    // release. Set it back to false afterwards: that only forgets the record, the app keeps its content.
    const rollback = config.getBoolean("rollback")
        ? new Restore("rollback", { backupId: beforeRelease.backupId, storageAccountUrl, overwrite: true })
        : undefined;

    return {
        backupId: beforeRelease.backupId,
        backupName: beforeRelease.name,
        backupStatus: beforeRelease.status,
        stagingRefreshedAt: stagingCopy?.finishedAt,
        rolledBackAt: rollback?.finishedAt,
    };
};
