import { displayId } from "../names/backupIds";
import type { JobModel } from "../state/backupStore";
import { BACKUP_TYPES } from "../state/models";

/** A job as the service answers it. */
export interface JobResource {
    id: string;
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

/**
 * Renders a stored job as ListJobs.json and GetJobDetails.json show it: `duration` in ISO 8601
 * (`PT12.4272909S`, so far for a running job), `extendedInfo` with the property bag and task list
 * (only in job details, as the list example shows none), `errorDetails` for failed jobs.
 */
export function toJobResource(job: JobModel, nowMs: number, withExtendedInfo: boolean): JobResource {
    const record = job.properties;
    const startMs = Date.parse(record.startTime);
    const endMs = record.endTime ? Date.parse(record.endTime) : nowMs;
    return {
        id: displayId(job.id),
        name: job.name,
        type: BACKUP_TYPES.job,
        properties: {
            activityId: record.activityId,
            backupManagementType: record.backupManagementType,
            duration: isoDuration(Math.max(0, endMs - startMs)),
            ...(record.endTime ? { endTime: record.endTime } : {}),
            entityFriendlyName: record.entityFriendlyName,
            ...(record.errorDetails ? { errorDetails: record.errorDetails } : {}),
            ...(withExtendedInfo ? { extendedInfo: { ...extendedInfoOf(record.propertyBag, record.taskNames, record.status), ...progressOf(record, startMs, nowMs) } } : {}),
            isUserTriggered: record.isUserTriggered,
            jobType: record.jobType,
            operation: record.backupType ? `${record.operation} (${record.backupType})` : record.operation,
            startTime: record.startTime,
            status: record.status,
            ...record.extra,
        },
    };
}

/**
 * `progressPercentage` (and `estimatedRemainingDuration`) of a running or cancelling job, measured
 * against its operation's expected end on the backup clock (never 100 before it ends); 100 once completed.
 */
function progressOf(record: JobModel["properties"], startMs: number, nowMs: number): Record<string, unknown> {
    if (record.status === "Completed" || record.status === "CompletedWithWarnings") return { progressPercentage: 100 };
    if ((record.status !== "InProgress" && record.status !== "Cancelling") || !record.expectedEndTime) return {};
    const endMs = Date.parse(record.expectedEndTime);
    const span = Math.max(1, endMs - startMs);
    const percentage = Math.min(99, Math.max(0, Math.floor(((nowMs - startMs) / span) * 100)));
    return { progressPercentage: percentage, estimatedRemainingDuration: isoDuration(Math.max(0, endMs - nowMs)) };
}

function extendedInfoOf(propertyBag: Record<string, string>, taskNames: string[], status: string) {
    const taskStatus = (index: number) => (status === "InProgress" ? (index === 0 ? "InProgress" : "NotStarted") : status === "Failed" ? (index === 0 ? "Failed" : "NotStarted") : "Completed");
    return { propertyBag, tasksList: taskNames.map((taskId, index) => ({ taskId, duration: "PT0S", status: taskStatus(index) })) };
}

/** Milliseconds as an ISO 8601 duration in seconds: `PT31.306S`. */
export function isoDuration(ms: number): string {
    return `PT${(ms / 1000).toFixed(3).replace(/\.?0+$/, "")}S`;
}
