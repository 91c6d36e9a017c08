import { displayId } from "../names/backupIds";
import type { RecoveryPointModel } from "../state/backupStore";
import { BACKUP_TYPES } from "../state/models";

/** A recovery point as the service answers it. */
export interface RecoveryPointResource {
    id: string;
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

/**
 * Renders a stored recovery point as RecoveryPoints_List.json / RecoveryPoints_Get.json show it (the
 * basic fields); workload points carry their time as `recoveryPointTimeInUTC` (AzureWorkloadRecoveryPoint).
 */
export function toRecoveryPointResource(point: RecoveryPointModel): RecoveryPointResource {
    const record = point.properties;
    const timeField = record.objectType === "AzureWorkloadSQLRecoveryPoint" ? "recoveryPointTimeInUTC" : "recoveryPointTime";
    return {
        id: pointId(point.id),
        name: point.name,
        type: BACKUP_TYPES.recoveryPoint,
        properties: {
            objectType: record.objectType,
            [timeField]: record.recoveryPointTime,
            ...record.extra,
            ...(record.expiryTime ? { recoveryPointProperties: { expiryTime: record.expiryTime, ruleName: record.ruleName } } : {}),
        },
    };
}

/** The name of a SQL item's log-chain point: point-in-time restores go to it (azure-cli's `DefaultRangeRecoveryPoint`). */
export const LOG_RANGE_POINT = "DefaultRangeRecoveryPoint";

/**
 * A SQL item's log chain as the service lists it: one `AzureWorkloadSQLPointInTimeRecoveryPoint` named
 * `DefaultRangeRecoveryPoint`, `type: "Log"`, with the unbroken ranges a point-in-time restore can use.
 */
export function toLogRangeRecoveryPoint(itemId: string, timeRanges: { startTime: string; endTime: string }[]): RecoveryPointResource {
    return {
        id: pointId(`${itemId}/recoveryPoints/${LOG_RANGE_POINT}`),
        name: LOG_RANGE_POINT,
        type: BACKUP_TYPES.recoveryPoint,
        properties: { objectType: "AzureWorkloadSQLPointInTimeRecoveryPoint", type: "Log", timeRanges },
    };
}

// Recovery point ids start with `/subscriptions/` (RecoveryPoints_List.json).
function pointId(id: string): string {
    return displayId(id).replace(/^\/Subscriptions\//, "/subscriptions/");
}
