import { getArmClient, type ArmClient } from "../core/arm/armClient";
import { getJob, listJobs, listRecoveryPoints, recoveryPointExpiryOf, recoveryPointTimeOf } from "./api";
import { parseProtectedItemId } from "./protectedItemId";
import { vaultRefFromId } from "./vaultRef";

/**
 * Functions a program calls to look things up (as data sources do): recovery points of an item, to
 * pick one to restore, and backup jobs. They run in the program's process with the same credentials
 * and endpoints as the resources, and write nothing.
 */

/** One recovery point, as a program needs it to choose. */
export interface RecoveryPointSummary {
    /** ARM id, what a restore takes. */
    id: string;
    name: string;
    /** IaasVMRecoveryPoint, AzureFileShareRecoveryPoint, AzureWorkloadSQLRecoveryPoint, … */
    objectType?: string;
    time?: string;
    expiresOn?: string;
}

/** Arguments of {@link listRecoveryPointsOf}. */
export interface ListRecoveryPointsArgs {
    /** ARM id of the protected item (a protection resource's `protectedItemId` output). */
    protectedItemId: string;
    /** Only points taken at or after this time (ISO 8601). */
    from?: string;
    /** Only points taken at or before this time (ISO 8601). */
    to?: string;
}

/** The item's recovery points within the time range, newest first. */
export async function listRecoveryPointsOf(args: ListRecoveryPointsArgs, client: ArmClient = getArmClient()): Promise<RecoveryPointSummary[]> {
    const ref = parseProtectedItemId(args.protectedItemId);
    if (!ref) throw new Error(`listRecoveryPointsOf: protectedItemId must be the ARM id of a protected item; got ${JSON.stringify(args.protectedItemId)}`);
    const from = args.from === undefined ? undefined : Date.parse(args.from);
    const to = args.to === undefined ? undefined : Date.parse(args.to);
    if (Number.isNaN(from) || Number.isNaN(to)) throw new Error("listRecoveryPointsOf: from and to must be ISO 8601 date-times");
    const points = await listRecoveryPoints(client, ref.vault, ref.containerName, ref.itemName, from === undefined ? undefined : new Date(from));
    return points
        .map((p) => ({
            id: p.id ?? `${args.protectedItemId}/recoveryPoints/${p.name}`,
            name: p.name,
            ...(p.properties.objectType ? { objectType: p.properties.objectType } : {}),
            ...(recoveryPointTimeOf(p) ? { time: recoveryPointTimeOf(p) } : {}),
            ...(recoveryPointExpiryOf(p) ? { expiresOn: recoveryPointExpiryOf(p) } : {}),
        }))
        .filter((p) => p.time === undefined || ((from === undefined || Date.parse(p.time) >= from) && (to === undefined || Date.parse(p.time) <= to)))
        .sort((a, b) => Date.parse(b.time ?? "0") - Date.parse(a.time ?? "0"));
}

/** One backup job. */
export interface BackupJobSummary {
    jobId: string;
    operation?: string;
    status?: string;
    entityFriendlyName?: string;
    startTime?: string;
    endTime?: string;
    errors: string[];
}

/** Arguments of {@link listBackupJobs}: the CLI's filters. */
export interface ListBackupJobsArgs {
    vaultId: string;
    /** Backup, Restore, ConfigureBackup, DisableBackup, DeleteBackupData, … */
    operation?: string;
    /** InProgress, Completed, Failed, CompletedWithWarnings, Cancelled, Cancelling. */
    status?: string;
    /** Jobs started at or after this time (ISO 8601). */
    from?: string;
    /** Jobs started at or before this time (ISO 8601). */
    to?: string;
}

function summarize(job: Awaited<ReturnType<typeof listJobs>>[number]): BackupJobSummary {
    return {
        jobId: job.name,
        ...(job.properties.operation ? { operation: job.properties.operation } : {}),
        ...(job.properties.status ? { status: job.properties.status } : {}),
        ...(job.properties.entityFriendlyName ? { entityFriendlyName: job.properties.entityFriendlyName } : {}),
        ...(job.properties.startTime ? { startTime: job.properties.startTime } : {}),
        ...(job.properties.endTime ? { endTime: job.properties.endTime } : {}),
        errors: (job.properties.errorDetails ?? []).map((e) => `${e.errorCode ?? "Error"}: ${e.errorString ?? e.errorTitle ?? ""}`.trim()),
    };
}

/** The vault's jobs matching the filters (quoted as the service's `$filter` takes them), newest first. */
export async function listBackupJobs(args: ListBackupJobsArgs, client: ArmClient = getArmClient()): Promise<BackupJobSummary[]> {
    const vault = vaultRefFromId(args.vaultId, "listBackupJobs");
    const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
    const conditions = [
        ...(args.operation ? [`operation eq ${quote(args.operation)}`] : []),
        ...(args.status ? [`status eq ${quote(args.status)}`] : []),
        ...(args.from ? [`startTime eq ${quote(new Date(args.from).toISOString())}`] : []),
        ...(args.to ? [`endTime eq ${quote(new Date(args.to).toISOString())}`] : []),
    ];
    const jobs = await listJobs(client, vault, conditions.length > 0 ? conditions.join(" and ") : undefined);
    return jobs.map(summarize).sort((a, b) => Date.parse(b.startTime ?? "0") - Date.parse(a.startTime ?? "0"));
}

/** One job by id; undefined when the vault does not know it. */
export async function getBackupJob(args: { vaultId: string; jobId: string }, client: ArmClient = getArmClient()): Promise<BackupJobSummary | undefined> {
    const job = await getJob(client, vaultRefFromId(args.vaultId, "getBackupJob"), args.jobId);
    return job ? summarize(job) : undefined;
}
