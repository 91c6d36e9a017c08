import { sqlDatabaseId } from "../../compute/sqlServers";
import type { VirtualMachineModel } from "../../compute/virtualMachines";
import { newProtectedItemDataId } from "../names/backupIds";
import type { ContainerModel } from "../state/backupStore";
import type { ContainerRecord, InquiredInstance, ProtectedItemRecord } from "../state/models";

/**
 * The records SQL-in-VM protection starts from: a registered VM (VMAppContainer, as
 * ProtectionContainers_Get.json shows one) and a protected database (AzureVmWorkloadSQLDatabase,
 * the read-only fields the service infers from the protected item type).
 */

/** A VM registered for its SQL workloads (what its inquiries found is kept beside it). */
export function vmAppContainerRecord(vm: VirtualMachineModel): ContainerRecord {
    return {
        containerType: "VMAppContainer",
        backupManagementType: "AzureWorkload",
        friendlyName: vm.name,
        sourceResourceId: vm.id,
        registrationStatus: "Registered",
        healthStatus: "Healthy",
        isImplicit: false,
        extra: {},
    };
}

/** A SQL database the vault starts protecting: found by an inquiry of its registered VM. */
export function sqlDatabaseItemRecord(container: ContainerModel, instance: InquiredInstance, databaseName: string): ProtectedItemRecord {
    return {
        protectedItemType: "AzureVmWorkloadSQLDatabase",
        backupManagementType: "AzureWorkload",
        workloadType: "SQLDataBase",
        friendlyName: databaseName,
        sourceResourceId: container.properties.sourceResourceId,
        dataSourceId: sqlDatabaseId(container.properties.sourceResourceId, instance.name, databaseName),
        containerName: container.name,
        protectionState: "IRPending",
        protectionStatus: "Healthy",
        healthStatus: "Passed",
        protectedItemDataId: newProtectedItemDataId(),
        extra: { serverName: instance.serverName, parentName: instance.name, parentType: "AzureVmWorkloadSQLInstance" },
    };
}
