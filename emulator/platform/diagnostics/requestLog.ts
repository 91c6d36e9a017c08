import type { FaultKind } from "../faults/faultRule";
import type { Stage } from "../pipeline/stage";

/** One request as the log remembers it. */
export interface RequestLogEntry {
    sequence: number;
    /** ISO time the request arrived. */
    time: string;
    method: string;
    /** Decoded path without the query. */
    path: string;
    surface: "arm" | "token";
    /** Operation name (`WebApps.UpdateBackupConfiguration`, `Token`), absent for unknown routes. */
    operation?: string;
    /** Status answered; null when the connection was dropped without an answer. */
    status: number | null;
    fault?: FaultKind;
    requestId: string;
    durationMs: number;
}

/** Counters of one operation or route. */
export interface RequestCounts {
    count: number;
    /** Answers by status code; `"none"` counts dropped connections. */
    statuses: Record<string, number>;
    /** Requests that had a fault injected. */
    faults: number;
}

/** What `GET /_emulator/requests` returns. */
export interface RequestLogSummary {
    /** All requests recorded (ARM and token). */
    total: number;
    armRequests: number;
    /** Requests to the token authority (discovery, keys and token). */
    tokenRequests: number;
    /** Requests that had a fault injected. */
    faultsInjected: number;
    /** Requests answered 401. */
    unauthorized: number;
    byOperation: Record<string, RequestCounts>;
    /** Keyed `METHOD /decoded/path`. */
    byRoute: Record<string, RequestCounts>;
    byStatus: Record<string, number>;
    /** The most recent entries, oldest first (at most {@link RequestLog.maxEntries}). */
    entries: RequestLogEntry[];
}

/** Counts every ARM and token request by operation, route and status, and keeps the recent ones. */
export class RequestLog {
    private sequence = 0;
    private totals = { armRequests: 0, tokenRequests: 0, faultsInjected: 0, unauthorized: 0 };
    private entries: RequestLogEntry[] = [];
    private byOperation: Record<string, RequestCounts> = {};
    private byRoute: Record<string, RequestCounts> = {};
    private byStatus: Record<string, number> = {};

    constructor(readonly maxEntries = 1000) {}

    /** Adds a finished request. */
    record(entry: Omit<RequestLogEntry, "sequence">): void {
        const full = { sequence: ++this.sequence, ...entry };
        this.entries.push(full);
        if (this.entries.length > this.maxEntries) this.entries.shift();
        const status = full.status === null ? "none" : String(full.status);
        if (full.operation !== undefined) count(this.byOperation, full.operation, status, full.fault !== undefined);
        count(this.byRoute, `${full.method} ${full.path}`, status, full.fault !== undefined);
        this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
        if (full.surface === "arm") this.totals.armRequests++;
        else this.totals.tokenRequests++;
        if (full.fault !== undefined) this.totals.faultsInjected++;
        if (full.status === 401) this.totals.unauthorized++;
    }

    /** Counters and recent entries, as plain data. */
    summary(): RequestLogSummary {
        return structuredClone({
            total: this.sequence,
            ...this.totals,
            byOperation: this.byOperation,
            byRoute: this.byRoute,
            byStatus: this.byStatus,
            entries: this.entries,
        });
    }

    /** Forgets everything. */
    clear(): void {
        this.sequence = 0;
        this.totals = { armRequests: 0, tokenRequests: 0, faultsInjected: 0, unauthorized: 0 };
        this.entries = [];
        this.byOperation = {};
        this.byRoute = {};
        this.byStatus = {};
    }
}

function count(table: Record<string, RequestCounts>, key: string, status: string, faulted: boolean): void {
    const counts = (table[key] ??= { count: 0, statuses: {}, faults: 0 });
    counts.count++;
    counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
    if (faulted) counts.faults++;
}

/**
 * Stage: records each non-control request once it ends, with the status actually written (or none
 * when a reset fault dropped the connection), so counters see 401s and injected faults alike.
 */
export function requestLogStage(log: RequestLog): Stage {
    return async (context, next) => {
        if (context.surface === "control") return next();
        let recorded = false;
        const record = () => {
            if (recorded) return;
            recorded = true;
            log.record({
                time: new Date(context.receivedAtMs).toISOString(),
                method: context.method,
                path: context.path,
                surface: context.surface === "token" ? "token" : "arm",
                ...(context.operation !== undefined ? { operation: context.operation } : {}),
                status: context.res.writableFinished ? context.res.statusCode : null,
                ...(context.injectedFault !== undefined ? { fault: context.injectedFault } : {}),
                requestId: context.requestId,
                durationMs: Date.now() - context.receivedAtMs,
            });
        };
        context.res.once("finish", record);
        context.res.once("close", record);
        await next();
    };
}
