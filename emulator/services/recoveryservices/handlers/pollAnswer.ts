import { bmsUserErrorOperationNotFound, operationFailed } from "../recoveryServicesErrors";
import type { BackupOperation, OperationScope } from "../work/backupOperations";
import type { BackupOperations } from "../work/backupOperations";

/**
 * What an `operationResults` (Location) URL answers: 202 while the operation runs, then 200 with a
 * body or 204 without one. A failed operation answers its error.
 */
export type PollAnswer = { kind: "running"; operation: BackupOperation } | { kind: "succeeded"; body?: unknown };

/** An operation of the vault by id, polled at a URL of the given scope; 404 when the vault has none by that id. */
export function requireOperation(operations: BackupOperations, vaultId: string, operationId: string, scopes: readonly OperationScope[]): BackupOperation {
    const operation = operations.get(vaultId, operationId);
    if (!operation || !scopes.includes(operation.scope)) throw bmsUserErrorOperationNotFound(operationId);
    return operation;
}

/** The Location answer of an operation; `body` gives what a succeeded one answers (undefined: 204). */
export function pollAnswerOf(operation: BackupOperation, body: () => unknown): PollAnswer {
    if (operation.status === "InProgress") return { kind: "running", operation };
    if (operation.status === "Failed") throw operationFailed(operation.error!.code, operation.error!.message);
    return { kind: "succeeded", body: body() };
}
