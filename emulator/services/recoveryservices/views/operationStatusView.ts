import { displayId } from "../names/backupIds";
import type { BackupOperation } from "../work/backupOperations";

/** An operation's status as its `Azure-AsyncOperation` URL answers it. */
export interface OperationStatusResource {
    id: string;
    name: string;
    status: string;
    startTime: string;
    endTime: string;
    error?: { code: string; message: string };
    properties?: Record<string, unknown>;
}

// What a running operation's endTime reads (ProtectedItem_Delete_OperationStatus.json).
const NOT_ENDED = "0001-01-01T00:00:00.00000Z";

/**
 * Renders an operation's status as the examples show it: `{id, name, status, startTime, endTime,
 * error?, properties: {objectType: "OperationStatusJobExtendedInfo", jobId}}`; refresh answers carry
 * the full path as `id` (RefreshContainers_OperationStatus.json), others the bare GUID. A job's
 * cancellation names the cancelled job; an ILR provision carries its scripts once done
 * (`OperationStatusProvisionILRExtendedInfo`, as api-versions before 2026-08-01 return them).
 */
export function toOperationStatus(operation: BackupOperation, fabricStatusPath?: string): OperationStatusResource {
    return {
        id: fabricStatusPath ? displayId(fabricStatusPath).replace(/^\/Subscriptions\//, "/subscriptions/") : operation.id,
        name: operation.id,
        status: operation.status,
        startTime: new Date(operation.startTimeMs).toISOString(),
        endTime: operation.endTimeMs !== undefined ? new Date(operation.endTimeMs).toISOString() : NOT_ENDED,
        ...(operation.error ? { error: { ...operation.error } } : {}),
        ...propertiesOf(operation),
    };
}

function propertiesOf(operation: BackupOperation): { properties?: Record<string, unknown> } {
    if (operation.statusProperties) return { properties: structuredClone(operation.statusProperties) };
    const jobId = operation.jobName ?? operation.subjectJobName;
    return jobId ? { properties: { objectType: "OperationStatusJobExtendedInfo", jobId } } : {};
}
