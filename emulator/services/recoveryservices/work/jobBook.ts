import { createHash, randomUUID } from "node:crypto";
import { jobId } from "../names/backupIds";
import type { BackupStore, JobModel } from "../state/backupStore";
import { BACKUP_TYPES, type BackupManagementType, type JobOperation, type JobRecord } from "../state/models";

/** What a job is about: the entity it names and the workload-specific fields it carries. */
export interface JobSubject {
    backupManagementType: BackupManagementType;
    entityFriendlyName: string;
    /** `extendedInfo.propertyBag`. */
    propertyBag: Record<string, string>;
    /** Workload-specific fields (`virtualMachineVersion`, `containerName`, `storageAccountName`, …). */
    extra: Record<string, unknown>;
    /** The tasks the job shows, when not the operation's usual ones. */
    taskNames?: string[];
    /** A SQL backup's kind, shown in the operation (`Backup (Full)`). */
    backupType?: JobRecord["backupType"];
}

const JOB_TYPES: Record<BackupManagementType, JobRecord["jobType"]> = {
    AzureIaasVM: "AzureIaaSVMJob",
    AzureStorage: "AzureStorageJob",
    AzureWorkload: "AzureWorkloadJob",
};

// The live VM backup job shows these two tasks (GetJobDetails.json); other jobs show none.
const TASKS: Partial<Record<JobOperation, string[]>> = { Backup: ["Take Snapshot", "Transfer data to vault"] };

/**
 * The vault's jobs: every operation opens one `InProgress` and closes it `Completed`, or `Failed`
 * with `errorDetails` carrying the operation's error.
 */
export class JobBook {
    constructor(private readonly store: BackupStore) {}

    /** Opens a job for `operation` on `subject`, started at `atMs`. */
    start(vault: string, operation: JobOperation, subject: JobSubject, atMs: number, isUserTriggered: boolean): JobModel {
        const name = randomUUID();
        return this.store.putJob({
            id: jobId(vault, name),
            name,
            type: BACKUP_TYPES.job,
            properties: {
                jobType: JOB_TYPES[subject.backupManagementType],
                operation,
                status: "InProgress",
                entityFriendlyName: subject.entityFriendlyName,
                backupManagementType: subject.backupManagementType,
                startTime: new Date(atMs).toISOString(),
                activityId: randomUUID(),
                isUserTriggered,
                propertyBag: { ...subject.propertyBag },
                taskNames: subject.taskNames ?? TASKS[operation] ?? [],
                ...(subject.backupType ? { backupType: subject.backupType } : {}),
                extra: { ...subject.extra },
            },
        });
    }

    /** Records when the job's operation is expected to end (its progress is measured against it). */
    expectEnd(vault: string, name: string, atMs: number): void {
        const job = this.store.getJob(vault, name);
        if (!job) return;
        job.properties.expectedEndTime = new Date(atMs).toISOString();
        this.store.putJob(job);
    }

    /** Adds entries to a job's property bag (what a restore wrote, once it is known). */
    addProperties(vault: string, name: string, properties: Record<string, string>): void {
        const job = this.store.getJob(vault, name);
        if (!job) return;
        job.properties.propertyBag = { ...job.properties.propertyBag, ...properties };
        this.store.putJob(job);
    }

    /** A running job being cancelled: `Cancelling` until its operation ends. */
    cancelling(vault: string, name: string): void {
        const job = this.store.getJob(vault, name);
        if (!job || job.properties.status !== "InProgress") return;
        job.properties.status = "Cancelling";
        this.store.putJob(job);
    }

    /** Closes a job at `atMs`: `Completed`, `Cancelled`, or `Failed` with the error as `errorDetails`. */
    finish(vault: string, name: string, atMs: number, error?: { code: string; message: string }, cancelled = false): void {
        const job = this.store.getJob(vault, name);
        if (!job || (job.properties.status !== "InProgress" && job.properties.status !== "Cancelling")) return;
        job.properties.status = cancelled ? "Cancelled" : error ? "Failed" : "Completed";
        job.properties.endTime = new Date(atMs).toISOString();
        if (error && !cancelled) job.properties.errorDetails = [{ errorCode: numericErrorCode(error.code), errorTitle: error.code, errorString: error.message, recommendations: [] }];
        this.store.putJob(job);
    }
}

/**
 * Jobs carry the live service's numeric error codes, which are not public; the emulator derives a
 * stable six-digit number from the string code (kept in `errorTitle`), so equal codes compare equal.
 */
export function numericErrorCode(code: string): number {
    return 100000 + (parseInt(createHash("sha256").update(code).digest("hex").slice(0, 8), 16) % 900000);
}
