import type { FaultKind } from "../../../platform/faults/faultRule";
import type { SyncanoStage } from "./syncanoRequestContext";

/** One API or archive request as the log remembers it. */
export interface SyncanoRequestEntry {
    sequence: number;
    /** ISO time the request arrived. */
    time: string;
    method: string;
    /** Decoded path without the query. */
    path: string;
    /** Operation name (`FullBackups.Create`), absent for unknown routes. */
    operation?: string;
    /** Status answered; null when the connection was dropped without an answer. */
    status: number | null;
    isThrottled: boolean;
    fault?: FaultKind;
    durationMs: number;
}

/** Counters of one operation or path. */
export interface SyncanoRequestCounts {
    count: number;
    /** Answers by status code; `"none"` counts dropped connections. */
    statuses: Record<string, number>;
}

/** What `GET /_emulator/requests` returns. */
export interface SyncanoRequestSummary {
    /** API and archive requests recorded (control calls are not). */
    total: number;
    /** Requests the account throttle answered 429 (injected 429s are counted as faults). */
    throttled: number;
    /** Requests that had a fault injected. */
    faultsInjected: number;
    /** Requests answered 403 (no key, unknown key, someone else's instance). */
    forbidden: number;
    byOperation: Record<string, SyncanoRequestCounts>;
    /** Keyed `METHOD /decoded/path`. */
    byPath: Record<string, SyncanoRequestCounts>;
    byStatus: Record<string, number>;
    /** The most recent entries, oldest first. */
    entries: SyncanoRequestEntry[];
}

/** Counts API and archive requests by operation, path and status, and keeps the recent ones. */
export class SyncanoRequestLog {
    private summaryValue = emptySummary();

    constructor(readonly maxEntries = 500) {}

    /** Adds a finished request. */
    record(entry: Omit<SyncanoRequestEntry, "sequence">): void {
        const summary = this.summaryValue;
        const full = { sequence: ++summary.total, ...entry };
        summary.entries.push(full);
        if (summary.entries.length > this.maxEntries) summary.entries.shift();
        const status = full.status === null ? "none" : String(full.status);
        if (full.operation !== undefined) count(summary.byOperation, full.operation, status);
        count(summary.byPath, `${full.method} ${full.path}`, status);
        summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
        if (full.isThrottled) summary.throttled++;
        if (full.fault !== undefined) summary.faultsInjected++;
        if (full.status === 403) summary.forbidden++;
    }

    /** Counters and recent entries, as plain data. */
    summary(): SyncanoRequestSummary {
        return structuredClone(this.summaryValue);
    }

    /** Forgets everything. */
    clear(): void {
        this.summaryValue = emptySummary();
    }
}

function emptySummary(): SyncanoRequestSummary {
    return { total: 0, throttled: 0, faultsInjected: 0, forbidden: 0, byOperation: {}, byPath: {}, byStatus: {}, entries: [] };
}

function count(table: Record<string, SyncanoRequestCounts>, key: string, status: string): void {
    const counts = (table[key] ??= { count: 0, statuses: {} });
    counts.count++;
    counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
}

/** Stage: records each API and archive request once it ends, with the status actually written (none when dropped). */
export function syncanoRequestLogStage(log: SyncanoRequestLog): SyncanoStage {
    return async (context, next) => {
        if (context.syncanoSurface === "control") return next();
        let isRecorded = false;
        const record = () => {
            if (isRecorded) return;
            isRecorded = true;
            log.record({
                time: new Date(context.receivedAtMs).toISOString(),
                method: context.method,
                path: context.path,
                ...(context.operation !== undefined ? { operation: context.operation } : {}),
                status: context.res.writableFinished ? context.res.statusCode : null,
                isThrottled: context.isThrottled,
                ...(context.syncanoFault !== undefined ? { fault: context.syncanoFault } : {}),
                durationMs: Date.now() - context.receivedAtMs,
            });
        };
        context.res.once("finish", record);
        context.res.once("close", record);
        await next();
    };
}
