import * as pulumi from "@pulumi/pulumi";
import { OnDemandBackup, SqlDatabaseRestore } from "declarative-backups";

/**
 * A restore drill, run by CI once a month (see README.md): takes an on-demand backup of a protected
 * SQL database, restores it beside the original under a scratch name, and reports what the checks
 * need. The drill id (default: this month, `2026-12`) is the trigger: rerunning the job within the
 * month changes nothing; next month's run takes a new backup and restores it again over the scratch
 * database. `pulumi destroy` forgets the drill and never touches the production database or its
 * recovery points. Runs against the embedded emulator (test/e2e/examples.restoreDrill.e2e.ts) or Azure.
 */
export = async () => {
    const config = new pulumi.Config();
    const drillId = config.get("drillId") ?? new Date().toISOString().slice(0, 7);
    const protectedItemId = config.require("protectedItemId");
    const scratchDatabase = config.get("scratchDatabaseName") ?? "drill_restore";
    // Drill points are for the drill: kept until the 10th of the next month, a date the drill id fixes (no diff on reruns).
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(drillId)) throw new Error(`drillId must be a month, YYYY-MM (such as 2026-12); got ${JSON.stringify(drillId)}`);
    const [year, month] = drillId.split("-").map(Number);
    const retainUntil = new Date(Date.UTC(year, month, 10)).toISOString();

    const backup = new OnDemandBackup("drill-backup", {
        protectedItemId,
        backupType: "CopyOnlyFull", // leaves the production log chain and differential base as they are
        retainUntil,
        triggers: [drillId],
    });

    const restore = new SqlDatabaseRestore("drill-restore", {
        protectedItemId,
        recoveryPointId: backup.recoveryPointId,
        target: "AlternateLocation",
        targetDatabaseName: scratchDatabase,
        overwrite: true, // the scratch database of last month's drill is replaced
        triggers: [drillId],
    });

    return {
        drillId,
        recoveryPointId: backup.recoveryPointId,
        recoveryPointTime: backup.recoveryPointTime,
        restoreJobId: restore.jobId,
        restoreStatus: restore.jobStatus,
        restoredAt: restore.completedAt,
        scratchDatabase,
    };
};
