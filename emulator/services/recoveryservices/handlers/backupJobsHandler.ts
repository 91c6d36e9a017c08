import type { VaultTarget } from "../names/backupIds";
import { bmsUserErrorJobNotFound, userErrorInvalidRequestParameter, userErrorJobNotCancellable } from "../recoveryServicesErrors";
import type { BackupOperation } from "../work/backupOperations";
import { pollAnswerOf, requireOperation, type PollAnswer } from "./pollAnswer";
import { matchesFilter, parseODataFilter } from "../requests/odataFilter";
import { pageOf, toListResult, type ListResult } from "../requests/paging";
import { toJobResource, type JobResource } from "../views/jobView";
import type { HandlerDependencies } from "./handlerDependencies";
import { requireVault } from "./vaultScope";

/** Query of the jobs list. */
export interface JobsQuery {
    filter?: string;
    skipToken?: string;
    /** Builds the absolute `nextLink` for a `$skipToken`. */
    nextLinkOf: (skipToken: string) => string;
}

/** Jobs: BackupJobs list (newest first, filtered, paged), JobDetails get, JobCancellations trigger and its result. */
export class BackupJobsHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /**
     * GET `backupJobs?$filter=operation eq '…' and status eq '…' and backupManagementType eq '…' and
     * startTime eq '…' and endTime eq '…'` (ListJobsWithAllSupportedFilters.json): `startTime` and
     * `endTime` bound the jobs' start times, in the service's `2016-01-01 00:00:00 AM` form or ISO 8601.
     */
    list(target: VaultTarget, query: JobsQuery): ListResult<JobResource> {
        const vault = requireVault(this.deps.store, target);
        const conditions = parseODataFilter(query.filter);
        const from = conditions.starttime !== undefined ? parseFilterTime(conditions.starttime, "startTime") : undefined;
        const to = conditions.endtime !== undefined ? parseFilterTime(conditions.endtime, "endTime") : undefined;
        const now = this.deps.clock.nowMs();
        const jobs = this.deps.store
            .listJobs(vault.id)
            // `operation eq 'Backup'` also finds SQL backups, which show as `Backup (Full)`; those can be asked for by that name too.
            .filter((job) => matchesFilter(conditions.operation, job.properties.operation) || matchesFilter(conditions.operation, `${job.properties.operation} (${job.properties.backupType})`))
            .filter((job) => matchesFilter(conditions.status, job.properties.status))
            .filter((job) => matchesFilter(conditions.backupmanagementtype, job.properties.backupManagementType))
            .filter((job) => matchesFilter(conditions.entityfriendlyname, job.properties.entityFriendlyName))
            .filter((job) => {
                const start = Date.parse(job.properties.startTime);
                return (from === undefined || start >= from) && (to === undefined || start <= to);
            })
            .map((job) => toJobResource(job, now, false));
        return toListResult(pageOf(jobs, query.skipToken, this.deps.behaviour().pageSize), query.nextLinkOf);
    }

    /** GET `backupJobs/{jobName}`: the job with its extended info (task list, property bag). */
    get(target: VaultTarget, jobName: string): JobResource {
        const vault = requireVault(this.deps.store, target);
        const job = this.deps.store.getJob(vault.id, jobName);
        if (!job) throw bmsUserErrorJobNotFound();
        return toJobResource(job, this.deps.clock.nowMs(), true);
    }

    /**
     * POST `backupJobs/{jobName}/cancel`: 202 (Location `backupJobs/{job}/operationResults/{id}`,
     * Azure-AsyncOperation `backupOperations/{id}`). A running backup or restore job goes Cancelling,
     * then Cancelled `cancelMs` later (its operation ends Canceled, nothing restored or backed up); any
     * other job is refused.
     */
    cancel(target: VaultTarget, jobName: string): BackupOperation {
        const vault = requireVault(this.deps.store, target);
        const job = this.deps.store.getJob(vault.id, jobName);
        if (!job) throw bmsUserErrorJobNotFound();
        const running = this.deps.operations.runningWithJob(vault.id, job.name);
        if (!running || (running.kind !== "Backup" && running.kind !== "Restore") || job.properties.status !== "InProgress") throw userErrorJobNotCancellable();
        const now = this.deps.clock.nowMs();
        const endsAt = this.deps.operations.cancel(vault.id, job.name, now, this.deps.behaviour().cancelMs)!;
        return this.deps.operations.start({
            vaultId: vault.id,
            kind: "CancelJob",
            scope: "job",
            entityFriendlyName: job.properties.entityFriendlyName,
            subjectJobName: job.name,
            startMs: now,
            durationMs: Math.max(0, endsAt - now),
            complete: () => undefined,
        });
    }

    /** GET `backupJobs/{jobName}/operationResults/{id}` (JobOperationResults): 202 while the cancellation runs, then 204. */
    getOperationResult(target: VaultTarget, operationId: string): PollAnswer {
        const vault = requireVault(this.deps.store, target);
        return pollAnswerOf(requireOperation(this.deps.operations, vault.id, operationId, ["job"]), () => undefined);
    }
}

/** Reads `2016-01-01 00:00:00 AM` (12-hour with AM/PM, `00` read as midnight) or an ISO 8601 time, as UTC. */
export function parseFilterTime(value: string, parameter: string): number {
    const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?\s*(AM|PM)?\s*Z?$/i.exec(value.trim());
    if (match) {
        let hour = Number(match[4]);
        const meridiem = match[7]?.toUpperCase();
        if (meridiem) hour = (hour % 12) + (meridiem === "PM" ? 12 : 0);
        const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), hour, Number(match[5]), Number(match[6]));
        if (!Number.isNaN(time) && hour < 24) return time;
    }
    const parsed = Date.parse(value);
    if (Number.isNaN(parsed)) throw userErrorInvalidRequestParameter(parameter);
    return parsed;
}
