import * as pulumi from "@pulumi/pulumi";
import { armIdInput } from "../core/arm/armIdInput";
import { isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { getProtectionContainer, listLogTimeRanges, logRangeRecoveryPoint } from "./api";
import { containerKindOf } from "./protectionContainer";
import { checkRecoveryPointOf, restoreOutputPlaceholders, restoreResourceProvider, type RestoreCommonArgs, type RestoreCommonOutputs, type RestoreWorkload } from "./restoreRun";
import { formatVaultId } from "./vaultRef";

/** Where a database is restored: under a new name (default), or over itself. */
export const sqlRestoreTargets = ["AlternateLocation", "OriginalLocation"] as const;

// Database names the service restores to (SQL Server identifiers, as the restore request takes them).
const databaseNamePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const instanceNamePattern = /^[A-Za-z_][A-Za-z0-9_$#]{0,15}$/;

/** Inputs of {@link SqlDatabaseRestore}: a recovery point, or a point in time within the log backups. */
export interface SqlDatabaseRestoreArgs extends RestoreCommonArgs {
    /** ARM id of a full or differential recovery point (of `protectedItemId`). */
    recoveryPointId?: pulumi.Input<string>;
    /** A moment covered by the log backups (ISO 8601 with an offset), instead of a recovery point. */
    pointInTime?: pulumi.Input<string>;
    /** AlternateLocation (default: `targetDatabaseName`, beside the source or on `targetVmId`) or OriginalLocation (over the database; needs `overwrite: true`). */
    target?: pulumi.Input<(typeof sqlRestoreTargets)[number]>;
    /** Replace a database that exists (OriginalLocation needs it; default false, the restore then fails instead). */
    overwrite?: pulumi.Input<boolean>;
    /** AlternateLocation: VM registered with the vault for SQL (default the source VM). */
    targetVmId?: pulumi.Input<string>;
    /** AlternateLocation: SQL instance (default the source's). */
    targetInstanceName?: pulumi.Input<string>;
    /** AlternateLocation: the restored database's name. */
    targetDatabaseName?: pulumi.Input<string>;
}

/** Outputs of {@link SqlDatabaseRestore}. */
export interface SqlDatabaseRestoreOutputs extends RestoreCommonOutputs {
    recoveryPointId?: string;
    pointInTime?: string;
    target: string;
    overwrite: boolean;
    targetVmId?: string;
    targetInstanceName?: string;
    targetDatabaseName?: string;
}

const fields = ["recoveryPointId", "pointInTime", "target", "overwrite", "targetVmId", "targetInstanceName", "targetDatabaseName"] as const;

/** The SQL database workload of the restore life cycle. */
export const sqlDatabaseRestoreWorkload: RestoreWorkload = {
    resource: "SqlDatabaseRestore",
    workloadType: "SQLDataBase",
    fields,
    check(checker, news) {
        const target = checker.oneOf("target", news.target, sqlRestoreTargets, "AlternateLocation");
        const alternate = target === "AlternateLocation";
        const checked: Record<string, unknown> = {
            recoveryPointId: news.recoveryPointId ?? undefined,
            pointInTime: checker.optionalDateTime("pointInTime", news.pointInTime),
            target,
            overwrite: checker.boolean("overwrite", news.overwrite, false),
            targetVmId: armIdInput(checker, "targetVmId", news.targetVmId, "virtualMachine", false),
            targetInstanceName: checker.optionalString("targetInstanceName", news.targetInstanceName),
            targetDatabaseName: checker.optionalString("targetDatabaseName", news.targetDatabaseName),
        };
        const hasPoint = news.recoveryPointId !== undefined && news.recoveryPointId !== null;
        const hasTime = news.pointInTime !== undefined && news.pointInTime !== null;
        if (hasPoint === hasTime) checker.fail(hasPoint ? "pointInTime" : "recoveryPointId", "give one of recoveryPointId (a full or differential recovery point) or pointInTime (a moment within the log backups)");
        if (hasPoint) checkRecoveryPointOf(checker, "recoveryPointId", news.recoveryPointId, news.protectedItemId);
        const instance = checked.targetInstanceName;
        if (typeof instance === "string" && !isUnknown(instance) && !instanceNamePattern.test(instance)) {
            checker.fail("targetInstanceName", `targetInstanceName must be a SQL Server instance name (MSSQLSERVER for the default instance); got ${JSON.stringify(instance.slice(0, 80))}`);
        }
        const database = checked.targetDatabaseName;
        if (typeof database === "string" && !isUnknown(database) && !databaseNamePattern.test(database)) {
            checker.fail("targetDatabaseName", `targetDatabaseName must be 1 to 128 letters, digits, "_", "." or "-", starting with a letter, digit or "_"; got ${JSON.stringify(database.slice(0, 80))}`);
        }
        if (alternate && database === undefined && !isUnknown(news.targetDatabaseName)) checker.fail("targetDatabaseName", "targetDatabaseName is required with target AlternateLocation (the restored database's name)");
        if (!alternate) {
            if (checked.overwrite !== true) checker.fail("overwrite", "overwrite must be true with target OriginalLocation: the restore replaces the database");
            for (const field of ["targetVmId", "targetInstanceName", "targetDatabaseName"]) {
                if (checked[field] !== undefined && !isUnknown(checked[field])) checker.fail(field, `${field} applies to target AlternateLocation only`);
            }
        }
        return checked;
    },
    async verify(client, inputs, item, live): Promise<CheckFailure[]> {
        const failures: CheckFailure[] = [];
        if (typeof inputs.pointInTime === "string" && !isUnknown(inputs.pointInTime)) {
            const ranges = await listLogTimeRanges(client, item.vault, item.containerName, item.itemName);
            const at = Date.parse(inputs.pointInTime);
            if (!ranges.some((r) => at >= Date.parse(r.startTime) && at <= Date.parse(r.endTime))) {
                const covered = ranges.length ? ranges.map((r) => `${r.startTime} to ${r.endTime}`).join(", ") : "none yet (no log backup has run)";
                failures.push({ property: "pointInTime", reason: `pointInTime ${inputs.pointInTime} is outside the log backups of ${live.properties.friendlyName ?? item.itemName}; restorable ranges: ${covered}` });
            }
        }
        if (typeof inputs.targetVmId === "string" && !isUnknown(inputs.targetVmId)) {
            const container = await getProtectionContainer(client, item.vault, containerKindOf(inputs.targetVmId)!.knownName);
            if (!container || container.properties.registrationStatus?.toLowerCase() !== "registered") {
                failures.push({ property: "targetVmId", reason: `targetVmId: ${inputs.targetVmId} is not registered with vault ${item.vault.name} for SQL workloads; register it (a ProtectionContainer) first` });
            }
        }
        return failures;
    },
    request(inputs, item, live) {
        const alternate = inputs.target === "AlternateLocation";
        const pointName = inputs.pointInTime ? logRangeRecoveryPoint : decodeURIComponent(String(inputs.recoveryPointId).replace(/^.*\/recoveryPoints\//i, ""));
        const sourceInstance = String(live.properties.parentName ?? "MSSQLSERVER");
        const containerName = alternate && inputs.targetVmId ? containerKindOf(inputs.targetVmId)!.knownName : item.containerName;
        const databaseName = alternate ? `${inputs.targetInstanceName ?? sourceInstance}/${inputs.targetDatabaseName}` : `${sourceInstance}/${live.properties.friendlyName}`;
        const properties: Record<string, unknown> = {
            objectType: inputs.pointInTime ? "AzureWorkloadSQLPointInTimeRestoreRequest" : "AzureWorkloadSQLRestoreRequest",
            recoveryType: inputs.target,
            sourceResourceId: live.properties.sourceResourceId,
            shouldUseAlternateTargetLocation: alternate,
            isNonRecoverable: false,
            targetInfo: {
                overwriteOption: inputs.overwrite ? "Overwrite" : "FailOnConflict",
                containerId: `${formatVaultId(item.vault)}/backupFabrics/Azure/protectionContainers/${containerName}`,
                databaseName,
            },
            ...(inputs.pointInTime ? { pointInTime: inputs.pointInTime } : {}),
        };
        const from = inputs.pointInTime ? `its state at ${inputs.pointInTime}` : `recovery point ${pointName}`;
        return { recoveryPointName: pointName, recoveryType: inputs.target, properties, summary: `${databaseName}${inputs.overwrite ? " (overwriting)" : ""} from ${from}` };
    },
};

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const sqlDatabaseRestoreProvider = restoreResourceProvider(sqlDatabaseRestoreWorkload);

const provider = lazyProvider("dist/provider/azurebackup/sqlDatabaseRestore", "sqlDatabaseRestoreProvider");

/**
 * Restores a protected SQL database (in a VM) from a recovery point or to a point in time: under a
 * new name (default) or over itself (`overwrite: true`). Runs once at `up`; again only when its inputs
 * or `triggers` change; refresh never restores; a rerun after an interrupted `up` adopts the job the
 * killed run started.
 */
export class SqlDatabaseRestore extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly jobStatus: pulumi.Output<string>;
    declare readonly completedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: SqlDatabaseRestoreArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...restoreOutputPlaceholders, ...args }, opts, "azurebackup", "SqlDatabaseRestore");
    }
}
