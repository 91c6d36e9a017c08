import type { ProtectedItemRecord } from "../state/models";
import { purgeAtMs } from "./itemTransitions";

/** What an item has waiting on the backup clock, each at its time (ms since the epoch). */
export interface ItemEvents {
    /** A soft-deleted item is purged. */
    purgeAtMs?: number;
    /** The next scheduled backup starts (active protection only). */
    backupAtMs?: number;
    /** The next SQL log backup runs (active protection only). */
    logBackupAtMs?: number;
    /** The oldest on-demand recovery point expires (even with protection stopped or the item soft-deleted). */
    pointExpiryAtMs?: number;
}

/** The item's events on the backup clock; none for an item that only waits for requests. */
export function itemEvents(item: ProtectedItemRecord): ItemEvents {
    const events: ItemEvents = {};
    const purge = purgeAtMs(item);
    if (purge !== undefined) events.purgeAtMs = purge;
    if (isActive(item)) {
        if (item.nextBackupAtMs !== undefined) events.backupAtMs = item.nextBackupAtMs;
        if (item.nextLogBackupAtMs !== undefined) events.logBackupAtMs = item.nextLogBackupAtMs;
    }
    if (item.nextPointExpiryAtMs !== undefined) events.pointExpiryAtMs = item.nextPointExpiryAtMs;
    return events;
}

/** When the item's first event falls; undefined when it has none. */
export function firstItemEventAtMs(item: ProtectedItemRecord): number | undefined {
    const times = Object.values(itemEvents(item)) as number[];
    return times.length ? Math.min(...times) : undefined;
}

// Scheduled and log backups run only while protection is on and the item not soft-deleted.
function isActive(item: ProtectedItemRecord): boolean {
    const { policyId, protectionState, isScheduledForDeferredDelete } = item;
    return policyId !== undefined && !isScheduledForDeferredDelete && (protectionState === "IRPending" || protectionState === "Protected");
}
