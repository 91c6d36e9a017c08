import { displayId } from "../names/backupIds";
import type { PolicyModel } from "../state/backupStore";
import { BACKUP_TYPES } from "../state/models";

/** A backup policy as the service answers it. */
export interface ProtectionPolicyResource {
    id: string;
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

/** Renders a stored policy as ProtectionPolicies_Get.json shows it, `protectedItemsCount` counted now. */
export function toProtectionPolicyResource(policy: PolicyModel, protectedItemsCount: number): ProtectionPolicyResource {
    const { backupManagementType, ...rest } = policy.properties;
    return {
        id: displayId(policy.id),
        name: policy.name,
        type: BACKUP_TYPES.policy,
        properties: { backupManagementType, protectedItemsCount, ...rest },
    };
}
