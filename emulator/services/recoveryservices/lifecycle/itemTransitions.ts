import type { ProtectedItemRecord } from "../state/models";

/** Days in milliseconds. */
const DAY_MS = 86_400_000;

/**
 * The changes the lifecycle's transitions make to an item record when their operation ends. Pure:
 * each takes the record and answers the next one.
 */

/**
 * ConfigureBackup: the item follows `policyId`. An item never backed up waits in IRPending for its
 * first scheduled backup; one with backups (resumed, or a policy change) stays Protected. A SQL
 * database's log backups follow the new policy's Log sub-policy (`nextLogBackupAtMs`).
 */
export function configureProtection(item: ProtectedItemRecord, policyId: string, nextBackupAtMs: number | undefined, nextLogBackupAtMs?: number): ProtectedItemRecord {
    const next: ProtectedItemRecord = { ...item, policyId, protectionState: item.lastRecoveryPoint ? "Protected" : "IRPending" };
    if (nextBackupAtMs === undefined) delete next.nextBackupAtMs;
    else next.nextBackupAtMs = nextBackupAtMs;
    if (nextLogBackupAtMs === undefined) delete next.nextLogBackupAtMs;
    else next.nextLogBackupAtMs = nextLogBackupAtMs;
    return next;
}

/** DisableBackup, keep data: no policy (the service then omits `policyId`), no more backups; recovery points stay. */
export function stopProtection(item: ProtectedItemRecord): ProtectedItemRecord {
    const next: ProtectedItemRecord = { ...item, protectionState: "ProtectionStopped" };
    delete next.policyId;
    delete next.nextBackupAtMs;
    delete next.nextLogBackupAtMs;
    return next;
}

/** DisableBackup, retain as per policy: backups stop, the policy stays for retention. */
export function suspendBackups(item: ProtectedItemRecord): ProtectedItemRecord {
    const next: ProtectedItemRecord = { ...item, protectionState: "BackupsSuspended" };
    delete next.nextBackupAtMs;
    delete next.nextLogBackupAtMs;
    return next;
}

/**
 * DeleteBackupData with soft delete on: protection stops and the item, recovery points included,
 * waits `retentionDays` for the purge (`isScheduledForDeferredDelete`, `deferredDeleteTimeInUTC`).
 */
export function softDelete(item: ProtectedItemRecord, atMs: number, retentionDays: number): ProtectedItemRecord {
    return { ...stopProtection(item), isScheduledForDeferredDelete: true, deferredDeleteTimeInUTC: new Date(atMs + retentionDays * DAY_MS).toISOString() };
}

/** Undelete: the item is back, protection stopped, data kept; protecting it again is allowed from here. */
export function undelete(item: ProtectedItemRecord): ProtectedItemRecord {
    const next: ProtectedItemRecord = { ...stopProtection(item) };
    delete next.isScheduledForDeferredDelete;
    delete next.deferredDeleteTimeInUTC;
    return next;
}

/** When a soft-deleted item is purged (ms since the epoch); undefined when it is not soft-deleted. */
export function purgeAtMs(item: ProtectedItemRecord): number | undefined {
    return item.isScheduledForDeferredDelete && item.deferredDeleteTimeInUTC ? Date.parse(item.deferredDeleteTimeInUTC) : undefined;
}
