import { displayId } from "../names/backupIds";
import type { ContainerModel } from "../state/backupStore";
import { BACKUP_TYPES } from "../state/models";

/** A protection container as the service answers it. */
export interface ProtectionContainerResource {
    id: string;
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

// The SDK's discriminator for IaaS VM containers is the VM's resource type, not `IaasVMContainer`.
const WIRE_CONTAINER_TYPES: Record<string, string> = { IaasVMContainer: "Microsoft.Compute/virtualMachines" };

/** Renders a stored container as ProtectionContainers_Register.json and ProtectionContainers_Get.json show it. */
export function toProtectionContainerResource(container: ContainerModel, protectedItemCount: number): ProtectionContainerResource {
    const record = container.properties;
    return {
        id: displayId(container.id),
        name: container.name,
        type: BACKUP_TYPES.container,
        properties: {
            backupManagementType: record.backupManagementType,
            containerType: WIRE_CONTAINER_TYPES[record.containerType] ?? record.containerType,
            friendlyName: record.friendlyName,
            healthStatus: record.healthStatus,
            ...(record.containerType === "StorageContainer" ? { protectedItemCount } : {}),
            registrationStatus: record.registrationStatus,
            sourceResourceId: record.sourceResourceId,
            ...record.extra,
        },
    };
}
