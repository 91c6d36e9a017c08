import { displayId } from "../names/backupIds";
import type { ContainerModel } from "../state/backupStore";
import { BACKUP_TYPES, type WorkloadInquiryRecord } from "../state/models";

/** A protection container as the service answers it. */
export interface ProtectionContainerResource {
    id: string;
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

// The SDK's discriminator for IaaS VM containers is the VM's resource type, not `IaasVMContainer`.
const WIRE_CONTAINER_TYPES: Record<string, string> = { IaasVMContainer: "Microsoft.Compute/virtualMachines" };

// What an inquiry that went well reports (ProtectionContainers_Get.json).
const NOT_AVAILABLE = { code: "Success", message: "Not Available", recommendations: ["Not Available"] };

/**
 * Renders a stored container as ProtectionContainers_Register.json and ProtectionContainers_Get.json
 * show it; a VMAppContainer adds `extendedInfo` (host, and once inquired the inquiry's outcome with
 * the number of SQL items found).
 */
export function toProtectionContainerResource(container: ContainerModel, protectedItemCount: number, inquiry?: WorkloadInquiryRecord): ProtectionContainerResource {
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
            ...(record.containerType === "VMAppContainer" ? { extendedInfo: workloadExtendedInfo(record.friendlyName, inquiry) } : {}),
            ...record.extra,
        },
    };
}

function workloadExtendedInfo(vmName: string, inquiry: WorkloadInquiryRecord | undefined): Record<string, unknown> {
    const itemCount = inquiry ? inquiry.instances.reduce((count, instance) => count + 1 + instance.databases.length, 0) : 0;
    return {
        hostServerName: vmName.toLowerCase(),
        // Before the first inquiry there is nothing to report (chosen: the references show only inquired containers).
        ...(inquiry
            ? {
                  inquiryInfo: {
                      errorDetail: NOT_AVAILABLE,
                      inquiryDetails: [{ type: "sql", inquiryValidation: { errorDetail: NOT_AVAILABLE, status: "Success" }, itemCount }],
                      status: "Success",
                  },
              }
            : {}),
        nodesList: [],
    };
}
