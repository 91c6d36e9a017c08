import { parseVirtualMachineId, type VirtualMachineModel } from "../../compute/virtualMachines";
import { displayId } from "../names/backupIds";
import { sqlDatabaseItemName, sqlInstanceItemName, vmAppContainerName } from "../names/backupNames";
import type { ContainerModel } from "../state/backupStore";
import { BACKUP_TYPES, type InquiredInstance } from "../state/models";
import type { DiscoveredResource } from "./discoveryView";

/**
 * What SQL-in-VM discovery shows: VMs running SQL Server the vault can register (protectable
 * containers) and, once a registered VM was inquired, its instances and databases (protectable items,
 * their ids under the container, as clients send them back in auto-protection intents).
 */

/** A VM running SQL Server the vault can register: `VMAppContainer;Compute;{rg};{vm}`, `containerId` the VM's id. */
export function vmAppProtectableContainer(vaultId: string, vm: VirtualMachineModel): DiscoveredResource {
    const { resourceGroupName, vmName } = parseVirtualMachineId(vm.id)!;
    const name = vmAppContainerName(resourceGroupName, vmName).name;
    return {
        id: `${displayId(vaultId)}/backupFabrics/Azure/protectableContainers/${name}`,
        name,
        type: BACKUP_TYPES.protectableContainer,
        properties: {
            backupManagementType: "AzureWorkload",
            containerId: vm.id,
            friendlyName: vm.name,
            healthStatus: "Healthy",
            protectableContainerType: "VMAppContainer",
        },
    };
}

/**
 * A SQL instance: `SQLInstance;{instance}`, auto-protectable (BackupWorkloadItems_List.json's instance),
 * with how many databases it has and how many of them are not protected yet.
 */
export function sqlInstanceProtectableItem(vaultId: string, container: ContainerModel, instance: InquiredInstance, unprotected: number, autoProtected: boolean): DiscoveredResource {
    const name = sqlInstanceItemName(instance.name);
    return {
        id: protectableItemId(vaultId, container, name),
        name,
        type: BACKUP_TYPES.protectableItem,
        properties: {
            backupManagementType: "AzureWorkload",
            friendlyName: instance.name,
            isAutoProtectable: true,
            isAutoProtected: autoProtected,
            isProtectable: true,
            parentName: instance.name,
            protectableItemType: "SQLInstance",
            protectionState: "NotProtected",
            serverName: instance.serverName,
            subinquireditemcount: instance.databases.length,
            subprotectableitemcount: unprotected,
            workloadType: "SQLDataBase",
        },
    };
}

/** A SQL database: `SQLDataBase;{instance};{db}`, `friendlyName` the database, `parentName` the instance. */
export function sqlDatabaseProtectableItem(vaultId: string, container: ContainerModel, instance: InquiredInstance, databaseName: string): DiscoveredResource {
    const name = sqlDatabaseItemName(instance.name, databaseName);
    return {
        id: protectableItemId(vaultId, container, name),
        name,
        type: BACKUP_TYPES.protectableItem,
        properties: {
            backupManagementType: "AzureWorkload",
            friendlyName: databaseName,
            isAutoProtectable: false,
            isProtectable: true,
            parentName: instance.name,
            parentUniqueName: instance.name,
            protectableItemType: "SQLDataBase",
            protectionState: "NotProtected",
            serverName: instance.serverName,
            workloadType: "SQLDataBase",
        },
    };
}

function protectableItemId(vaultId: string, container: ContainerModel, name: string): string {
    return `${displayId(vaultId)}/backupFabrics/Azure/protectionContainers/${container.name}/protectableItems/${name}`;
}
