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

/** Renders a stored recovery point as RecoveryPoints_List.json / RecoveryPoints_Get.json show it (the basic fields). */
export function toRecoveryPointResource(point: RecoveryPointModel): RecoveryPointResource {
    const record = point.properties;
    return {
        id: displayId(point.id).replace(/^\/Subscriptions\//, "/subscriptions/"),
        name: point.name,
        type: BACKUP_TYPES.recoveryPoint,
        properties: {
            objectType: record.objectType,
            recoveryPointTime: record.recoveryPointTime,
            ...record.extra,
            ...(record.expiryTime ? { recoveryPointProperties: { expiryTime: record.expiryTime, ruleName: record.ruleName } } : {}),
        },
    };
}
