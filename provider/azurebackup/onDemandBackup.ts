import * as pulumi from "@pulumi/pulumi";
import { getArmClient, type ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { diffFields, type FieldComparison } from "../core/diff/fieldDiff";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { isOperationFailedError } from "../core/errors";
import { createLogger, type Logger } from "../core/log";
import { getProtectedItem, getRecoveryPoint, listJobs, listRecoveryPoints, recoveryPointExpiryOf, recoveryPointTimeOf, triggerBackup, waitForOperation, type JobResource, type ProtectedItemResource } from "./api";
import { jobIsAbout } from "./jobSubject";
import { isJobCompleted, isJobRunning, waitForJob } from "./jobWait";
import { defaultProtectionDeadlineMinutes, isConflictingOperation, waitForRunningJobs } from "./protection";
import { parseProtectedItemId, type ItemRef } from "./protectedItemId";
import { sameArmId } from "./vaultRef";

/** Version of the outputs' shape. */
export const onDemandBackupSchemaVersion = 1;

/** Accepted values of `backupType` (SQL databases only). */
export const sqlBackupTypes = ["Full", "Differential", "Log", "CopyOnlyFull"] as const;

const day = 86_400_000;
// The longest retention an on-demand point may ask for, by workload (the service refuses more).
const maxRetentionDays: Record<string, number> = { VM: 99 * 365, SQLDataBase: 99 * 365, AzureFileShare: 10 * 365 };
// Each workload's request type (BackupRequest's discriminator).
const requestTypes: Record<string, string> = { VM: "IaasVMBackupRequest", AzureFileShare: "AzureFileShareBackupRequest", SQLDataBase: "AzureWorkloadBackupRequest" };

/** Inputs of {@link OnDemandBackup}. */
export interface OnDemandBackupArgs {
    /** ARM id of the protected item: the `protectedItemId` output of a VmProtection, FileShareProtection or SqlDatabaseProtection. */
    protectedItemId: pulumi.Input<string>;
    /** Keep the recovery point until then (ISO 8601 with an offset; in the future; default 30 days as the service does). */
    retainUntil?: pulumi.Input<string>;
    /** SQL databases: Full (default) | Differential | Log | CopyOnlyFull. */
    backupType?: pulumi.Input<(typeof sqlBackupTypes)[number]>;
    /** Any values; a change takes a new backup. */
    triggers?: pulumi.Input<unknown[]>;
    /** Our own bound on the wait for the backup job (default 60). */
    deadlineMinutes?: pulumi.Input<number>;
}

/** Outputs of {@link OnDemandBackup}. */
export interface OnDemandBackupOutputs {
    schemaVersion: number;
    protectedItemId: string;
    retainUntil?: string;
    backupType?: string;
    triggers: unknown[];
    deadlineMinutes: number;
    /** The Backup job's id. */
    jobId: string;
    /** ARM id of the recovery point the backup made. */
    recoveryPointId: string;
    recoveryPointTime?: string;
    /** When the recovery point expires. */
    expiresOn?: string;
    /** Available, or Expired once the vault no longer has the point (refresh). */
    recoveryPointState: string;
}

export { parseProtectedItemId };

/** Validates and normalizes inputs before any API call. */
export function checkOnDemandBackupInputs(news: Record<string, any>, now = new Date()): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    const checked: Record<string, unknown> = {
        retainUntil: checker.optionalDateTime("retainUntil", news.retainUntil),
        backupType: news.backupType === undefined ? undefined : checker.oneOf("backupType", news.backupType, sqlBackupTypes),
        triggers: checker.list("triggers", news.triggers),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultProtectionDeadlineMinutes }),
    };
    if (isUnknown(news.protectedItemId)) checked.protectedItemId = news.protectedItemId;
    else if (typeof news.protectedItemId !== "string" || !parseProtectedItemId(news.protectedItemId)) {
        checker.fail("protectedItemId", "protectedItemId must be the ARM id of a protected item (the protectedItemId output of a VmProtection, FileShareProtection or SqlDatabaseProtection)");
    } else checked.protectedItemId = news.protectedItemId;
    if (typeof checked.retainUntil === "string" && Date.parse(checked.retainUntil) <= now.getTime()) {
        checker.fail("retainUntil", `retainUntil must be in the future; got ${checked.retainUntil}`);
    }
    for (const key of ["retainUntil", "backupType", "triggers", "deadlineMinutes"]) if (isUnknown(news[key])) checked[key] = news[key];
    return checker.result(checked);
}

/** Reads during `check` (never writes): the item exists and is protected; backupType and retention fit its workload. */
async function verifyItem(client: ArmClient, inputs: Record<string, any>, now = new Date()): Promise<CheckFailure[]> {
    if (typeof inputs.protectedItemId !== "string" || isUnknown(inputs.protectedItemId)) return [];
    const ref = parseProtectedItemId(inputs.protectedItemId)!;
    const item = await getProtectedItem(client, ref.vault, ref.containerName, ref.itemName);
    if (!item) return [{ property: "protectedItemId", reason: `protectedItemId: the vault has no protected item ${ref.itemName}` }];
    const failures: CheckFailure[] = [];
    const workload = workloadOf(item);
    if (typeof inputs.backupType === "string" && workload !== "SQLDataBase") failures.push({ property: "backupType", reason: "backupType applies to SQL databases only" });
    const maxDays = maxRetentionDays[workload];
    if (typeof inputs.retainUntil === "string" && maxDays && Date.parse(inputs.retainUntil) - now.getTime() > maxDays * day) {
        failures.push({ property: "retainUntil", reason: `retainUntil is beyond what the service keeps an on-demand ${workload} point (${Math.round(maxDays / 365)} years)` });
    }
    return failures;
}

/** The item's workload as the service names it (VM, AzureFileShare, SQLDataBase), from what it reports. */
function workloadOf(item: ProtectedItemResource): string {
    const p = item.properties;
    if (p.workloadType) return p.workloadType === "SQLDataBase" || /sql/i.test(String(p.workloadType)) ? "SQLDataBase" : String(p.workloadType);
    if (/virtualMachines/i.test(p.protectedItemType)) return "VM";
    if (/FileShare/i.test(p.protectedItemType)) return "AzureFileShare";
    return "SQLDataBase";
}

function loggerFor(id: string | undefined): Logger {
    return createLogger(`OnDemandBackup ${id ? parseProtectedItemId(id)?.itemName ?? "?" : "?"}`);
}

/** What this resource knows of its earlier backup (on update): never adopt that job, nor any that started before it ended. */
interface EarlierBackup {
    jobId?: string;
    endedAt?: string;
}

/**
 * A user-triggered Backup job a killed run of this resource started, to adopt instead of backing up
 * twice: on the item, of the asked-for SQL backup type, running or completed, started within the
 * deadline and after the resource's earlier backup ended. Failed jobs are never adopted.
 */
async function adoptableBackupJob(client: ArmClient, ref: ItemRef, friendlyName: string | undefined, backupType: string | undefined, earlier: EarlierBackup, deadlineMs: number): Promise<JobResource | undefined> {
    if (friendlyName === undefined) return undefined;
    const since = Math.max(Date.now() - deadlineMs, earlier.endedAt ? Date.parse(earlier.endedAt) : 0);
    const jobs = await listJobs(client, ref.vault, "operation eq 'Backup'");
    return jobs.find(
        (job) =>
            job.properties.isUserTriggered !== false &&
            jobIsAbout(job.properties.entityFriendlyName, friendlyName) &&
            job.name.toLowerCase() !== earlier.jobId?.toLowerCase() &&
            (isJobRunning(job) || isJobCompleted(job)) &&
            Date.parse(job.properties.startTime ?? "") >= since &&
            // SQL jobs name their type: "Backup (Full)".
            (backupType === undefined || !/\(/.test(String(job.properties.operation)) || String(job.properties.operation).toLowerCase() === `backup (${backupType.toLowerCase()})`),
    );
}

async function takeBackup(inputs: Record<string, any>, earlier: EarlierBackup): Promise<OnDemandBackupOutputs> {
    const client = getArmClient();
    const log = loggerFor(inputs.protectedItemId);
    const ref = parseProtectedItemId(inputs.protectedItemId)!;
    const item = await getProtectedItem(client, ref.vault, ref.containerName, ref.itemName);
    if (!item) throw new Error(`OnDemandBackup: the vault has no protected item ${ref.itemName}`);
    const workload = workloadOf(item);
    const deadlineMs = inputs.deadlineMinutes * 60_000;
    let jobId: string | undefined;
    let startedAt: Date;
    const running = await adoptableBackupJob(client, ref, item.properties.friendlyName, workload === "SQLDataBase" ? (inputs.backupType ?? "Full") : undefined, earlier, inputs.deadlineMinutes * 60_000);
    if (running) {
        jobId = running.name;
        startedAt = new Date(running.properties.startTime ?? Date.now());
        log.info(`adopting backup job ${jobId} (${running.properties.status}), started before this run`);
    } else {
        startedAt = new Date();
        const properties: Record<string, unknown> = {
            objectType: requestTypes[workload] ?? "IaasVMBackupRequest",
            ...(inputs.retainUntil ? { recoveryPointExpiryTimeInUTC: inputs.retainUntil } : {}),
            ...(workload === "SQLDataBase" ? { backupType: inputs.backupType ?? "Full" } : {}),
        };
        log.info(`taking an on-demand backup of ${ref.itemName}${inputs.retainUntil ? ` kept until ${inputs.retainUntil}` : ""}`);
        let first;
        try {
            first = await triggerBackup(client, ref.vault, ref.containerName, ref.itemName, properties);
        } catch (error) {
            if (!isConflictingOperation(error)) throw error;
            // Another backup (a scheduled one, say) is running on the item: let it end, then take ours.
            await waitForRunningJobs(client, ref.vault, item.properties.friendlyName ?? ref.itemName, { operation: "Backups.Trigger", deadlineMs, log });
            first = await triggerBackup(client, ref.vault, ref.containerName, ref.itemName, properties);
        }
        const state = await waitForOperation(client, ref.vault, first, { operation: "Backups.Trigger", deadlineMs, log }).catch((error: unknown) => {
            // The operation failed with its job: name the job, with the service's reason.
            if (!isOperationFailedError(error)) throw error;
            const failedJob = error.state.properties?.jobId;
            throw new Error(`OnDemandBackup: backup job ${typeof failedJob === "string" ? failedJob : "(unnamed)"} of ${ref.itemName} failed: ${error.serviceCode}: ${error.serviceMessage}`);
        });
        jobId = typeof state?.properties?.jobId === "string" ? state.properties.jobId : undefined;
        if (!jobId) throw new Error(`OnDemandBackup: the service started the backup of ${ref.itemName} but named no job`);
    }
    const job = await waitForJob(client, ref.vault, jobId, { resource: "OnDemandBackup", what: "backup job", deadlineMs, log });
    // The point the job made: the newest one taken since it started.
    const since = new Date(Date.parse(job.properties.startTime ?? startedAt.toISOString()) - 1000);
    const points = (await listRecoveryPoints(client, ref.vault, ref.containerName, ref.itemName, since))
        .filter((p) => recoveryPointTimeOf(p) !== undefined && Date.parse(recoveryPointTimeOf(p)!) >= since.getTime())
        .sort((a, b) => Date.parse(recoveryPointTimeOf(b)!) - Date.parse(recoveryPointTimeOf(a)!));
    const point = points[0];
    if (!point && inputs.backupType !== "Log") throw new Error(`OnDemandBackup: backup job ${jobId} completed but no recovery point of ${ref.itemName} is newer than its start`);
    return {
        schemaVersion: onDemandBackupSchemaVersion,
        protectedItemId: inputs.protectedItemId,
        ...(inputs.retainUntil ? { retainUntil: inputs.retainUntil } : {}),
        ...(inputs.backupType ? { backupType: inputs.backupType } : {}),
        triggers: inputs.triggers ?? [],
        deadlineMinutes: inputs.deadlineMinutes,
        jobId,
        recoveryPointId: point?.id ?? "",
        ...(point && recoveryPointTimeOf(point) ? { recoveryPointTime: recoveryPointTimeOf(point) } : {}),
        ...(point && recoveryPointExpiryOf(point) ? { expiresOn: recoveryPointExpiryOf(point) } : inputs.retainUntil ? { expiresOn: inputs.retainUntil } : {}),
        recoveryPointState: point ? "Available" : "None",
    };
}

/** The fields whose change takes a new backup (diff reports them; update runs the backup for them). */
function backupFields(o: Partial<OnDemandBackupOutputs>, news: Record<string, any>): FieldComparison[] {
    return [
        { field: "protectedItemId", desired: typeof news.protectedItemId === "string" && sameArmId(news.protectedItemId, o.protectedItemId) ? o.protectedItemId : news.protectedItemId, live: o.protectedItemId },
        { field: "retainUntil", desired: news.retainUntil ?? null, live: o.retainUntil ?? null },
        { field: "backupType", desired: news.backupType ?? null, live: o.backupType ?? null },
        { field: "triggers", desired: news.triggers ?? [], live: o.triggers ?? [] },
    ];
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const onDemandBackupProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        const result = checkOnDemandBackupInputs(news);
        if (result.failures.length === 0) result.failures.push(...(await verifyItem(getArmClient(), result.inputs)));
        return result;
    },

    async diff(_id, olds, news) {
        const o = olds as Partial<OnDemandBackupOutputs>;
        // A backup is an event: anything that names a different one takes a new backup (in place, see update).
        const { changes, replaces } = diffFields([
            ...backupFields(o, news),
            { field: "deadlineMinutes", desired: news.deadlineMinutes, live: o.deadlineMinutes },
            { field: "schemaVersion", desired: onDemandBackupSchemaVersion, live: o.schemaVersion },
        ]);
        return { changes, replaces };
    },

    async create(news) {
        const outs = await takeBackup(news, {});
        return { id: `${outs.protectedItemId}/backupJobs/${outs.jobId}`, outs };
    },

    async update(_id, olds, news) {
        const o = olds as OnDemandBackupOutputs;
        const again = diffFields(backupFields(o, news)).changes;
        // Only our own settings changed (deadline, schema): the backup stays as it was.
        if (!again) return { outs: { ...o, deadlineMinutes: news.deadlineMinutes, schemaVersion: onDemandBackupSchemaVersion } };
        // A new backup in place: knowing the earlier one, a rerun never adopts it (nor anything older).
        return { outs: await takeBackup(news, { jobId: o.jobId, endedAt: o.recoveryPointTime }) };
    },

    async read(id, props) {
        const stored = props as OnDemandBackupOutputs;
        const ref = parseProtectedItemId(stored.protectedItemId);
        const name = stored.recoveryPointId.replace(/^.*\/recoveryPoints\//i, "");
        // Refresh never takes a backup: it only says whether the point is still there.
        const point = ref && name ? await getRecoveryPoint(getArmClient(), ref.vault, ref.containerName, ref.itemName, decodeURIComponent(name)) : undefined;
        const outs = { ...stored, recoveryPointState: point ? "Available" : stored.recoveryPointId ? "Expired" : stored.recoveryPointState };
        const inputs = {
            protectedItemId: stored.protectedItemId,
            ...(stored.retainUntil ? { retainUntil: stored.retainUntil } : {}),
            ...(stored.backupType ? { backupType: stored.backupType } : {}),
            triggers: stored.triggers,
            deadlineMinutes: stored.deadlineMinutes,
        };
        return { id, props: outs, inputs };
    },

    async delete(_id, props) {
        // A recovery point cannot be deleted on its own: it expires at `expiresOn`, or goes with the item's data.
        loggerFor(props.protectedItemId).info(`forgetting backup job ${props.jobId}; its recovery point stays until ${props.expiresOn ?? "it expires"}`);
    },
};

const provider = lazyProvider("dist/provider/azurebackup/onDemandBackup", "onDemandBackupProvider");

/**
 * An on-demand Azure Backup of a protected item (VM, file share, SQL database), taken by `up` and
 * waited for, kept until `retainUntil`. A rerun after an interrupted `up` adopts the running backup
 * job instead of starting a second; `triggers` take a new one; refresh never backs up.
 */
export class OnDemandBackup extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly recoveryPointId: pulumi.Output<string>;
    declare readonly recoveryPointTime: pulumi.Output<string | undefined>;
    declare readonly expiresOn: pulumi.Output<string | undefined>;
    declare readonly recoveryPointState: pulumi.Output<string>;

    constructor(name: string, args: OnDemandBackupArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = { jobId: undefined, recoveryPointId: undefined, recoveryPointTime: undefined, expiresOn: undefined, recoveryPointState: undefined, schemaVersion: undefined };
        super(provider, name, { ...outputs, ...args }, opts, "azurebackup", "OnDemandBackup");
    }
}
