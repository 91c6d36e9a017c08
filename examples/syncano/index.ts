import * as pulumi from "@pulumi/pulumi";
import { FullBackup, PartialBackup } from "declarative-backups";

/**
 * A Syncano instance's backups as a team keeps them, run by a nightly CI job (see README.md): a full
 * backup per night, the last 7 kept, and an export of two classes taken with it, whose archive URL
 * is a secret output. The night (default: today, UTC) is the trigger: rerunning the job the same
 * night changes nothing; the next night takes new backups, and the eighth-oldest full one goes.
 * Runs against the Syncano emulator (test/e2e/examples.syncano.e2e.ts) or a Syncano platform.
 */
export = async () => {
    const config = new pulumi.Config();
    const instanceName = config.require("instanceName");
    const night = config.get("night") ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(night)) throw new Error(`night must be a date, YYYY-MM-DD (such as 2026-12-05); got ${JSON.stringify(night)}`);
    const exportClasses = config.getObject<string[]>("exportClasses") ?? ["books", "authors"];

    const nightly = new FullBackup("nightly", {
        instanceName,
        label: `nightly ${night}`,
        description: "Nightly snapshot taken by the backups stack",
        metadata: { schedule: "nightly" },
        keepLast: 7, // this resource's oldest go first; other backups of the account are never touched
        triggers: [night],
    });

    const catalogue = new PartialBackup("catalogue-export", {
        instanceName,
        label: `catalogue ${night}`,
        queryArgs: { class: exportClasses }, // the classes and their data objects; other types whole
        triggers: [night],
    });

    return {
        night,
        nightlyBackupId: nightly.backupId,
        nightlyStatus: nightly.status,
        exportBackupId: catalogue.backupId,
        exportSize: catalogue.size,
        exportArchive: catalogue.archive, // secret: anyone holding the URL can download the archive
    };
};
