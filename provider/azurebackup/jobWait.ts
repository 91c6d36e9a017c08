import type { ArmClient } from "../core/arm/armClient";
import { OperationDeadlineError } from "../core/errors";
import type { Logger } from "../core/log";
import { pollUntilDone } from "../core/lro/poller";
import { resolvePollIntervalMs } from "../core/lro/pollInterval";
import { getJob, type JobResource } from "./api";
import type { VaultRef } from "./vaultRef";

/** How to wait for a job: `what` names it in progress lines and errors ("backup job", "restore job"). */
export interface JobWait {
    /** The resource type, first in errors: "OnDemandBackup". */
    resource: string;
    what: string;
    deadlineMs: number;
    log: Logger;
}

/** The job's status says it still runs. */
export function isJobRunning(job: JobResource): boolean {
    return /^(InProgress|Cancelling)$/i.test(String(job.properties.status));
}

/** The job ended well (Completed or CompletedWithWarnings). */
export function isJobCompleted(job: JobResource): boolean {
    return /^Completed/i.test(String(job.properties.status));
}

/** The job's `errorDetails` as one line: `code: message; …`. */
export function jobErrors(job: JobResource): string {
    return (job.properties.errorDetails ?? []).map((e) => `${e.errorCode ?? "Error"}: ${e.errorString ?? e.errorTitle ?? ""}`.trim()).join("; ");
}

/**
 * Waits for a job to end through the shared poller, printing `job <id>: <n>%` whenever its progress
 * moves, and returns it; throws with the job's error details when it ends other than completed.
 */
export async function waitForJob(client: ArmClient, vault: VaultRef, jobId: string, wait: JobWait): Promise<JobResource> {
    let lastPercent: unknown;
    const final = await pollUntilDone<JobResource | undefined>({
        initial: { state: undefined, retryAfterMs: 0 },
        poll: async () => {
            const job = await getJob(client, vault, jobId);
            const percent = (job?.properties.extendedInfo as { progressPercentage?: number } | undefined)?.progressPercentage;
            if (percent !== undefined && percent !== lastPercent) {
                lastPercent = percent;
                wait.log.info(`${wait.what} ${jobId}: ${Math.round(percent)}%`);
            }
            return { state: job };
        },
        isDone: (job) => job !== undefined && !isJobRunning(job),
        deadlineMs: wait.deadlineMs,
        intervalMs: resolvePollIntervalMs(),
        maxIntervalMs: 60_000,
        deadlineError: (_job, waitedMs) => new OperationDeadlineError({ operation: `${wait.what} ${jobId}`, deadlineMs: wait.deadlineMs, waitedMs, state: { mode: "none", status: "running" } }),
    });
    const job = final!;
    if (!isJobCompleted(job)) {
        const details = jobErrors(job);
        throw new Error(`${wait.resource}: ${wait.what} ${jobId} ended ${job.properties.status}${details ? `: ${details}` : ""}`);
    }
    return job;
}
