import type * as pulumi from "@pulumi/pulumi";
import { getArmClient, type ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { diffFields, type FieldComparison } from "../core/diff/fieldDiff";
import { isOperationFailedError } from "../core/errors";
import { createLogger, type Logger } from "../core/log";
import { getJob, getProtectedItem, listJobs, triggerRestore, waitForOperation, type JobResource, type ProtectedItemResource } from "./api";
import { jobIsAbout } from "./jobSubject";
import { isJobCompleted, isJobRunning, waitForJob } from "./jobWait";
import { parseProtectedItemId, type ItemRef } from "./protectedItemId";
export type { ItemRef } from "./protectedItemId";
import { defaultProtectionDeadlineMinutes, isConflictingOperation, waitForRunningJobs } from "./protection";
import { sameArmId } from "./vaultRef";

/** Version of the restore resources' outputs. */
export const restoreSchemaVersion = 1;

/** The inputs every restore resource has. */
export interface RestoreCommonArgs {
    /** ARM id of the protected item: the `protectedItemId` output of its protection resource. */
    protectedItemId: pulumi.Input<string>;
    /** Any values; a change restores again. */
    triggers?: pulumi.Input<unknown[]>;
    /** Our own bound on the wait for the restore job, in minutes (default 60). */
    deadlineMinutes?: pulumi.Input<number>;
}

/** The outputs every restore resource has. */
export interface RestoreCommonOutputs {
    schemaVersion: number;
    protectedItemId: string;
    triggers: unknown[];
    deadlineMinutes: number;
    /** The Restore job's id (of the latest restore this resource ran). */
    jobId: string;
    /** Completed or CompletedWithWarnings. */
    jobStatus: string;
    /** When the restore job ended. */
    completedAt?: string;
}

/** The request a workload sends: to which point, of which recovery type, with which body. */
export interface RestoreRequest {
    /** The recovery point's name (`DefaultRangeRecoveryPoint` for a SQL point in time). */
    recoveryPointName: string;
    /** OriginalLocation, AlternateLocation, RestoreDisks: how jobs of other runs are matched to this one. */
    recoveryType: string;
    properties: Record<string, unknown>;
    /** Said before the restore starts, in words. */
    summary: string;
}

/** What a restore resource adds to the shared life cycle. */
export interface RestoreWorkload {
    /** Resource type, first in errors and log lines: "VmRestore". */
    resource: string;
    /** The workload of the items it restores, as the service names it (VM, AzureFileShare, SQLDataBase). */
    workloadType: string;
    /** The resource's own inputs: checked and normalized (pure; no calls). */
    check(checker: InputChecker, news: Record<string, any>, item: ItemRef | undefined): Record<string, unknown>;
    /** Reads during `check` what only Azure knows (never writes); runs once the pure checks pass. */
    verify?(client: ArmClient, inputs: Record<string, any>, item: ItemRef, live: ProtectedItemResource): Promise<CheckFailure[]>;
    /** The resource's own input fields, compared by `diff` (a change restores again). */
    fields: readonly string[];
    /** The request for these inputs. */
    request(inputs: Record<string, any>, item: ItemRef, live: ProtectedItemResource): RestoreRequest;
    /** The resource's own outputs from the ended job (restored disks' blobs, …). */
    outputs?(job: JobResource): Record<string, unknown>;
}

/** `recoveryPointId` checked to be a point of `protectedItemId`: its name, or undefined (failure recorded). */
export function checkRecoveryPointOf(checker: InputChecker, property: string, recoveryPointId: unknown, protectedItemId: unknown): string | undefined {
    if (recoveryPointId === undefined || recoveryPointId === null || isUnknown(recoveryPointId)) return undefined;
    const m = typeof recoveryPointId === "string" ? /^(.*)\/recoveryPoints\/([^/]+)\/?$/i.exec(recoveryPointId) : null;
    if (!m || !parseProtectedItemId(m[1])) {
        checker.fail(property, `${property} must be the ARM id of a recovery point (<protectedItemId>/recoveryPoints/<name>, as listRecoveryPointsOf or an OnDemandBackup gives it); got ${JSON.stringify(String(recoveryPointId).slice(0, 300))}`);
        return undefined;
    }
    if (typeof protectedItemId === "string" && !isUnknown(protectedItemId) && !sameItem(m[1], protectedItemId)) {
        checker.fail(property, `${property} is a recovery point of another protected item (${decodeURIComponent(m[1].split("/").pop() ?? "")}); it must be one of ${protectedItemId}`);
        return undefined;
    }
    return decodeURIComponent(m[2]);
}

function sameItem(a: string, b: string): boolean {
    const x = parseProtectedItemId(a);
    const y = parseProtectedItemId(b);
    return !!x && !!y && sameArmId(`${x.vault.subscriptionId}/${x.vault.resourceGroupName}/${x.vault.name}/${x.containerName}/${x.itemName}`, `${y.vault.subscriptionId}/${y.vault.resourceGroupName}/${y.vault.name}/${y.containerName}/${y.itemName}`);
}

/** Checks the shared inputs, then the workload's. */
export function checkRestoreInputs(workload: RestoreWorkload, news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    let item: ItemRef | undefined;
    const checked: Record<string, unknown> = {
        triggers: checker.list("triggers", news.triggers),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultProtectionDeadlineMinutes }),
    };
    if (isUnknown(news.protectedItemId)) checked.protectedItemId = news.protectedItemId;
    else if (typeof news.protectedItemId !== "string" || !(item = parseProtectedItemId(news.protectedItemId))) {
        checker.fail("protectedItemId", `protectedItemId must be the ARM id of a protected item (the protectedItemId output of a ${workload.workloadType === "VM" ? "VmProtection" : workload.workloadType === "AzureFileShare" ? "FileShareProtection" : "SqlDatabaseProtection"}); got ${JSON.stringify(String(news.protectedItemId ?? "").slice(0, 300))}`);
    } else checked.protectedItemId = news.protectedItemId;
    Object.assign(checked, workload.check(checker, news, item));
    for (const key of ["triggers", "deadlineMinutes", ...workload.fields]) if (isUnknown(news[key])) checked[key] = news[key];
    return checker.result(checked);
}

/** Reads during `check` (never writes): the item exists, is of the workload, and the workload's own reads. */
async function verifyRestore(client: ArmClient, workload: RestoreWorkload, inputs: Record<string, any>): Promise<CheckFailure[]> {
    if (typeof inputs.protectedItemId !== "string" || isUnknown(inputs.protectedItemId)) return [];
    const item = parseProtectedItemId(inputs.protectedItemId)!;
    const live = await getProtectedItem(client, item.vault, item.containerName, item.itemName);
    if (!live) return [{ property: "protectedItemId", reason: `protectedItemId: the vault has no protected item ${item.itemName}` }];
    if (String(live.properties.workloadType ?? "").toLowerCase() !== workload.workloadType.toLowerCase()) {
        return [{ property: "protectedItemId", reason: `protectedItemId: ${item.itemName} is a ${String(live.properties.workloadType)} item; ${workload.resource} restores ${workload.workloadType} items` }];
    }
    return workload.verify ? workload.verify(client, inputs, item, live) : [];
}

/** What this resource knows of its earlier restore (on update): never adopt that job, nor any that started before it ended. */
export interface EarlierRestore {
    jobId?: string;
    completedAt?: string;
}

/**
 * A Restore job a killed run of this resource started, to adopt instead of restoring twice: a job on
 * the item for the same recovery point and recovery type that runs, or that completed, started within
 * the resource's deadline (the longest a run waits for it) and after the resource's earlier restore
 * ended. Failed jobs are never adopted (a rerun tries again).
 */
async function adoptableRestoreJob(client: ArmClient, item: ItemRef, friendlyName: string, request: RestoreRequest, earlier: EarlierRestore, deadlineMs: number): Promise<JobResource | undefined> {
    const since = Math.max(Date.now() - deadlineMs, earlier.completedAt ? Date.parse(earlier.completedAt) : 0);
    const excluded = earlier.jobId ? [earlier.jobId] : [];
    const candidates = (await listJobs(client, item.vault, "operation eq 'Restore'")).filter(
        (job) =>
            jobIsAbout(job.properties.entityFriendlyName, friendlyName) &&
            !excluded.some((id) => id.toLowerCase() === job.name.toLowerCase()) &&
            (isJobRunning(job) || isJobCompleted(job)) &&
            Date.parse(job.properties.startTime ?? "") >= since,
    );
    for (const candidate of candidates) {
        // The list leaves out the property bag that names the point: the job's details have it.
        const details = await getJob(client, item.vault, candidate.name);
        const bag = ((details?.properties.extendedInfo as { propertyBag?: Record<string, string> } | undefined)?.propertyBag ?? {}) as Record<string, string>;
        const point = bag["Recovery point"];
        const type = bag["Recovery type"];
        if (point?.toLowerCase() !== request.recoveryPointName.toLowerCase()) continue;
        if (type !== undefined && type.toLowerCase() !== request.recoveryType.toLowerCase()) continue;
        return details;
    }
    return undefined;
}

/**
 * Runs one restore to its end: adopts the job a killed run started (see {@link adoptableRestoreJob}),
 * or triggers one (after a conflicting operation on the item ends), then waits for the job, printing
 * its progress. Throws with the job's error details when it fails.
 */
export async function runRestore(client: ArmClient, workload: RestoreWorkload, inputs: Record<string, any>, earlier: EarlierRestore, log: Logger): Promise<JobResource> {
    const item = parseProtectedItemId(inputs.protectedItemId)!;
    const live = await getProtectedItem(client, item.vault, item.containerName, item.itemName);
    if (!live) throw new Error(`${workload.resource}: the vault has no protected item ${item.itemName}`);
    const friendlyName = live.properties.friendlyName ?? item.itemName;
    const request = workload.request(inputs, item, live);
    const deadlineMs = inputs.deadlineMinutes * 60_000;
    let jobId: string;
    const adopted = await adoptableRestoreJob(client, item, friendlyName, request, earlier, deadlineMs);
    if (adopted) {
        jobId = adopted.name;
        log.info(`adopting restore job ${jobId} (${adopted.properties.status}), started ${adopted.properties.startTime} by an earlier run`);
    } else {
        log.info(`restoring ${request.summary}`);
        const trigger = () => triggerRestore(client, item.vault, item.containerName, item.itemName, request.recoveryPointName, request.properties);
        let first;
        try {
            first = await trigger();
        } catch (error) {
            if (!isConflictingOperation(error)) throw error;
            await waitForRunningJobs(client, item.vault, friendlyName, { operation: "Restores.Trigger", deadlineMs, log });
            first = await trigger();
        }
        const state = await waitForOperation(client, item.vault, first, { operation: "Restores.Trigger", deadlineMs, log }).catch((error: unknown) => {
            if (!isOperationFailedError(error)) throw error;
            const failedJob = error.state.properties?.jobId;
            throw new Error(`${workload.resource}: restore job ${typeof failedJob === "string" ? failedJob : "(unnamed)"} of ${item.itemName} failed: ${error.serviceCode}: ${error.serviceMessage}`);
        });
        const named = state?.properties?.jobId;
        if (typeof named !== "string") throw new Error(`${workload.resource}: the service started the restore of ${item.itemName} but named no job`);
        jobId = named;
    }
    return waitForJob(client, item.vault, jobId, { resource: workload.resource, what: "restore job", deadlineMs, log });
}

/**
 * The dynamic-provider implementation of a restore resource. A restore is an event: `create` runs it
 * and waits; any change of its inputs or `triggers` runs it again in place (`update`, which knows the
 * earlier job and so never adopts it); `read` never restores and keeps the record; `delete` forgets
 * (what a restore wrote is the target's, not ours to remove).
 */
export function restoreResourceProvider(workload: RestoreWorkload): pulumi.dynamic.ResourceProvider {
    const loggerFor = (inputs: Record<string, any>): Logger => createLogger(`${workload.resource} ${typeof inputs.protectedItemId === "string" ? (parseProtectedItemId(inputs.protectedItemId)?.itemName ?? "?") : "?"}`);
    const outputsOf = (inputs: Record<string, any>, job: JobResource): Record<string, unknown> => {
        const own: Record<string, unknown> = {};
        for (const field of workload.fields) if (inputs[field] !== undefined) own[field] = inputs[field];
        return {
            schemaVersion: restoreSchemaVersion,
            protectedItemId: inputs.protectedItemId,
            triggers: inputs.triggers ?? [],
            deadlineMinutes: inputs.deadlineMinutes,
            ...own,
            jobId: job.name,
            jobStatus: String(job.properties.status),
            ...(job.properties.endTime ? { completedAt: job.properties.endTime } : {}),
            ...(workload.outputs ? workload.outputs(job) : {}),
        };
    };
    // The fields whose change restores again: diff reports them, update runs the restore for them.
    const rerunFields = (o: Record<string, any>, news: Record<string, any>): FieldComparison[] => [
        { field: "protectedItemId", desired: typeof news.protectedItemId === "string" && sameArmId(news.protectedItemId, o.protectedItemId) ? o.protectedItemId : news.protectedItemId, live: o.protectedItemId },
        { field: "triggers", desired: news.triggers ?? [], live: o.triggers ?? [] },
        ...workload.fields.map((field) => ({ field, desired: news[field] ?? null, live: o[field] ?? null })),
    ];
    const run = async (inputs: Record<string, any>, earlier: EarlierRestore) => {
        const job = await runRestore(getArmClient(), workload, inputs, earlier, loggerFor(inputs));
        return outputsOf(inputs, job);
    };
    return {
        async check(_olds, news) {
            const result = checkRestoreInputs(workload, news);
            if (result.failures.length === 0) result.failures.push(...(await verifyRestore(getArmClient(), workload, result.inputs)));
            return result;
        },

        async diff(_id, olds, news) {
            const o = olds as Record<string, any>;
            const comparisons: FieldComparison[] = [
                ...rerunFields(o, news),
                { field: "deadlineMinutes", desired: news.deadlineMinutes, live: o.deadlineMinutes },
                { field: "schemaVersion", desired: restoreSchemaVersion, live: o.schemaVersion },
            ];
            const { changes, replaces } = diffFields(comparisons);
            return { changes, replaces };
        },

        async create(news) {
            const outs = await run(news, {});
            return { id: `${news.protectedItemId}/restores/${outs.jobId}`, outs };
        },

        async update(_id, olds, news) {
            const o = olds as Record<string, any>;
            const rerun = diffFields(rerunFields(o, news)).changes;
            // Only our own settings changed (deadline, schema): the restore stays as it was.
            if (!rerun) return { outs: { ...o, deadlineMinutes: news.deadlineMinutes, schemaVersion: restoreSchemaVersion } };
            return { outs: await run(news, { jobId: o.jobId, completedAt: o.completedAt }) };
        },

        async read(id, props) {
            // Refresh never restores: the record of the restore stands as it was.
            const stored = props as Record<string, any>;
            const inputs: Record<string, unknown> = { protectedItemId: stored.protectedItemId, triggers: stored.triggers, deadlineMinutes: stored.deadlineMinutes };
            for (const field of workload.fields) if (stored[field] !== undefined) inputs[field] = stored[field];
            return { id, props: stored, inputs };
        },

        async delete(_id, props) {
            loggerFor(props).info(`forgetting restore job ${props.jobId}; what it restored stays`);
        },
    };
}

/** Placeholders of the outputs every restore resource has, so each exists whatever the inputs. */
export const restoreOutputPlaceholders = Object.freeze({ jobId: undefined, jobStatus: undefined, completedAt: undefined, schemaVersion: undefined });
