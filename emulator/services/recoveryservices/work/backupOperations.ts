import { randomUUID } from "node:crypto";
import { isWireError } from "../../../platform/pipeline/wireError";
import type { JobOperation } from "../state/models";
import type { JobBook } from "./jobBook";

/** What an operation does: a job operation, or a discovery step that opens no job. */
export type OperationKind = JobOperation | "Refresh" | "Inquire";

/** Where an operation's poll URLs live: the fabric (refresh), a container, an item, or the vault (item deletion). */
export type OperationScope = "fabric" | "container" | "item" | "vault";

/** Status of an operation, as its `Azure-AsyncOperation` URL reports it. */
export type OperationStatus = "InProgress" | "Succeeded" | "Failed";

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
    /** A forced failure: the operation ends `Failed` with it and `complete` is not run. */
    forced?: { code: string; message: string };
    /** Applies the operation's effect at its end (`atMs`); throwing a service error fails the operation with it. */
    complete: (atMs: number) => void;
    /** Records a failure where the service records one (a failed backup marks its item); optional. */
    failed?: (atMs: number, error: { code: string; message: string }) => void;
}

interface PendingOperation {
    operation: BackupOperation;
    forced?: { code: string; message: string };
    complete: (atMs: number) => void;
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
        };
        this.operations.set(operation.id, {
            operation,
            complete: start.complete,
            ...(start.failed ? { failed: start.failed } : {}),
            ...(start.forced ? { forced: start.forced } : {}),
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
            if (operation.status !== "InProgress" || operation.kind === "Backup" || operation.vaultId.toLowerCase() !== vaultId.toLowerCase()) continue;
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
        let error = pending.forced;
        if (!error) {
            try {
                pending.complete(atMs);
            } catch (thrown) {
                if (!isWireError(thrown)) throw thrown;
                error = { code: (thrown as unknown as { code?: string }).code ?? "InternalError", message: thrown.message };
            }
        }
        operation.status = error ? "Failed" : "Succeeded";
        operation.endTimeMs = atMs;
        if (error) {
            operation.error = error;
            pending.failed?.(atMs, error);
        }
        if (operation.jobName) this.jobs.finish(operation.vaultId, operation.jobName, atMs, error);
        // Scheduled backups have no poll URL, so nobody asks for them again: keeping them would only
        // slow the timeline down when the clock is moved months ahead.
        if (operation.kind === "Backup") this.operations.delete(operation.id);
    }
}
