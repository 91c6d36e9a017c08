import { randomUUID } from "node:crypto";
import { isWireError } from "../../../platform/pipeline/wireError";
import type { JobOperation } from "../state/models";
import type { JobBook } from "./jobBook";

/** What an operation does: a job operation, or a discovery step that opens no job. */
export type OperationKind = JobOperation | "Refresh" | "Inquire" | "CancelJob" | "ProvisionInstantItemRecovery" | "RevokeInstantItemRecovery";

// What locks an item against protection changes: backups, restores and file recovery do not (the service runs them beside a policy change).
const NON_LOCKING: ReadonlySet<OperationKind> = new Set<OperationKind>(["Backup", "Restore", "CancelJob", "ProvisionInstantItemRecovery", "RevokeInstantItemRecovery"]);

/** The error a cancelled operation ends with (chosen: the service's is not public). */
export const CANCELLED_ERROR = { code: "BMSUserErrorJobCancelled", message: "The job was cancelled by the user." } as const;

/** Where an operation's poll URLs live: the fabric (refresh), a container, an item, the vault (item deletion), or a job (its cancellation). */
export type OperationScope = "fabric" | "container" | "item" | "vault" | "job";

/** Status of an operation, as its `Azure-AsyncOperation` URL reports it. */
export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** An asynchronous operation of the service, tracked by its `operationsStatus` / `operationResults` URLs. */
export interface BackupOperation {
    /** GUID in the poll URLs. */
    id: string;
    vaultId: string;
    kind: OperationKind;
    scope: OperationScope;
    /** Canonical container name (container and item scopes). */
    containerName?: string;
    /** Canonical item name (item scope, and the item a vault-scoped deletion removes). */
    itemName?: string;
    /** Friendly name of the entity, for forced failures and logs. */
    entityFriendlyName: string;
    startTimeMs: number;
    dueAtMs: number;
    status: OperationStatus;
    endTimeMs?: number;
    error?: { code: string; message: string };
    /** The job the operation opened (refresh and inquiry open none). */
    jobName?: string;
    /** The job a cancellation is about (job scope). */
    subjectJobName?: string;
    /** `properties` of the status beyond the job id, set when the operation ends (an ILR provision's scripts). */
    statusProperties?: Record<string, unknown>;
}

/** What starting an operation takes: the operation's facts, its duration, and what it does when it ends. */
export interface OperationStart {
    vaultId: string;
    kind: OperationKind;
    scope: OperationScope;
    containerName?: string;
    itemName?: string;
    entityFriendlyName: string;
    startMs: number;
    durationMs: number;
    jobName?: string;
    subjectJobName?: string;
    /** Forgotten once it ends: nobody polls it (scheduled backups have no poll URL). */
    transient?: boolean;
    /** A forced failure: the operation ends `Failed` with it and `complete` is not run. */
    forced?: { code: string; message: string };
    /**
     * Applies the operation's effect at its end (`atMs`); throwing a service error fails the operation
     * with it; what it returns becomes the status's `properties` (an ILR provision's scripts).
     */
    complete: (atMs: number) => void | Record<string, unknown>;
    /** Records a failure where the service records one (a failed backup marks its item); optional. */
    failed?: (atMs: number, error: { code: string; message: string }) => void;
}

interface PendingOperation {
    operation: BackupOperation;
    forced?: { code: string; message: string };
    transient?: boolean;
    /** Cancelled by the user: ends `Canceled` at its (brought forward) due time, without its effect. */
    cancelled?: boolean;
    complete: (atMs: number) => void | Record<string, unknown>;
    failed?: (atMs: number, error: { code: string; message: string }) => void;
}

/**
 * The service's asynchronous operations. An operation is `InProgress` until the backup clock passes
 * its due time; the timeline then ends it: runs its effect (or fails it with a forced failure, or with
 * the service error its effect throws) and closes its job. Operations are kept after they end, so
 * late polls still find them (scheduled backups, which have no poll URL, are not); reset forgets them.
 */
export class BackupOperations {
    private readonly operations = new Map<string, PendingOperation>();

    constructor(private readonly jobs: JobBook) {}

    /** Registers an `InProgress` operation. */
    start(start: OperationStart): BackupOperation {
        const operation: BackupOperation = {
            id: randomUUID(),
            vaultId: start.vaultId,
            kind: start.kind,
            scope: start.scope,
            ...(start.containerName !== undefined ? { containerName: start.containerName } : {}),
            ...(start.itemName !== undefined ? { itemName: start.itemName } : {}),
            entityFriendlyName: start.entityFriendlyName,
            startTimeMs: start.startMs,
            dueAtMs: start.startMs + start.durationMs,
            status: "InProgress",
            ...(start.jobName !== undefined ? { jobName: start.jobName } : {}),
            ...(start.subjectJobName !== undefined ? { subjectJobName: start.subjectJobName } : {}),
        };
        // The job shows its progress against the operation's expected end.
        if (start.jobName !== undefined) this.jobs.expectEnd(start.vaultId, start.jobName, operation.dueAtMs);
        this.operations.set(operation.id, {
            operation,
            complete: start.complete,
            ...(start.failed ? { failed: start.failed } : {}),
            ...(start.forced ? { forced: start.forced } : {}),
            ...(start.transient ? { transient: true } : {}),
        });
        return { ...operation };
    }

    /** The operation with this id in this vault (ids compare case-insensitively). */
    get(vaultId: string, id: string): BackupOperation | undefined {
        const pending = this.operations.get(id.toLowerCase());
        return pending && pending.operation.vaultId.toLowerCase() === vaultId.toLowerCase() ? structuredClone(pending.operation) : undefined;
    }

    /**
     * The operation still running on this container or item (by canonical name), if any. Backups are
     * left out: a scheduled backup in flight does not lock its item against a policy change.
     */
    runningOn(vaultId: string, target: { containerName?: string; itemName?: string }): BackupOperation | undefined {
        for (const { operation } of this.operations.values()) {
            if (operation.status !== "InProgress" || NON_LOCKING.has(operation.kind) || operation.vaultId.toLowerCase() !== vaultId.toLowerCase()) continue;
            if (target.itemName !== undefined && operation.itemName?.toLowerCase() === target.itemName.toLowerCase()) return { ...operation };
            if (target.itemName === undefined && target.containerName !== undefined && operation.itemName === undefined && operation.containerName?.toLowerCase() === target.containerName.toLowerCase()) {
                return { ...operation };
            }
        }
        return undefined;
    }

    /** True when a backup of this item (by canonical name) is running. */
    isBackingUp(vaultId: string, itemName: string): boolean {
        for (const { operation } of this.operations.values()) {
            if (operation.status === "InProgress" && operation.kind === "Backup" && operation.vaultId.toLowerCase() === vaultId.toLowerCase() && operation.itemName?.toLowerCase() === itemName.toLowerCase()) {
                return true;
            }
        }
        return false;
    }

    /** The running operation that opened this job, if any. */
    runningWithJob(vaultId: string, jobName: string): BackupOperation | undefined {
        const pending = this.pendingWithJob(vaultId, jobName);
        return pending ? { ...pending.operation } : undefined;
    }

    /**
     * Cancels the running operation of a job: it ends `Canceled` (its effect not applied) `cancelMs`
     * from `nowMs`, or at its own end if that comes first; its job shows Cancelling until then.
     * Returns when it ends, or undefined when the job runs no operation.
     */
    cancel(vaultId: string, jobName: string, nowMs: number, cancelMs: number): number | undefined {
        const pending = this.pendingWithJob(vaultId, jobName);
        if (!pending) return undefined;
        pending.cancelled = true;
        pending.operation.dueAtMs = Math.min(pending.operation.dueAtMs, nowMs + cancelMs);
        this.jobs.cancelling(vaultId, jobName);
        return pending.operation.dueAtMs;
    }

    /** When the next running operation is due (ms), if any runs. */
    nextDueMs(): number | undefined {
        let next: number | undefined;
        for (const { operation } of this.operations.values()) {
            if (operation.status === "InProgress" && (next === undefined || operation.dueAtMs < next)) next = operation.dueAtMs;
        }
        return next;
    }

    /** Ends the running operation due first, if it is due by `nowMs`; true when one ended. */
    endNextDue(nowMs: number): boolean {
        let due: PendingOperation | undefined;
        for (const pending of this.operations.values()) {
            const { status, dueAtMs } = pending.operation;
            if (status === "InProgress" && dueAtMs <= nowMs && (!due || dueAtMs < due.operation.dueAtMs)) due = pending;
        }
        if (!due) return false;
        this.end(due);
        return true;
    }

    /** Forgets every operation. */
    clear(): void {
        this.operations.clear();
    }

    private end(pending: PendingOperation): void {
        const { operation } = pending;
        const atMs = operation.dueAtMs;
        let error: { code: string; message: string } | undefined = pending.cancelled ? { ...CANCELLED_ERROR } : pending.forced;
        if (!error) {
            try {
                const properties = pending.complete(atMs);
                if (properties) operation.statusProperties = properties;
            } catch (thrown) {
                if (!isWireError(thrown)) throw thrown;
                error = { code: (thrown as unknown as { code?: string }).code ?? "InternalError", message: thrown.message };
            }
        }
        operation.status = pending.cancelled ? "Canceled" : error ? "Failed" : "Succeeded";
        operation.endTimeMs = atMs;
        if (error) {
            operation.error = error;
            if (!pending.cancelled) pending.failed?.(atMs, error);
        }
        if (operation.jobName) this.jobs.finish(operation.vaultId, operation.jobName, atMs, error, pending.cancelled);
        // Scheduled backups have no poll URL, so nobody asks for them again: keeping them would only
        // slow the timeline down when the clock is moved months ahead.
        if (pending.transient) this.operations.delete(operation.id);
    }

    private pendingWithJob(vaultId: string, jobName: string): PendingOperation | undefined {
        for (const pending of this.operations.values()) {
            const { operation } = pending;
            if (operation.status === "InProgress" && operation.jobName?.toLowerCase() === jobName.toLowerCase() && operation.vaultId.toLowerCase() === vaultId.toLowerCase()) return pending;
        }
        return undefined;
    }
}
