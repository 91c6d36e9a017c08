import { parseVirtualMachineId, type VirtualMachineModel } from "../../compute/virtualMachines";
import { parseStorageAccountId, type FileShareModel, type StorageAccountModel } from "../../storageaccounts/storageAccounts";
import { displayId } from "../names/backupIds";
import { containerName, fileShareProtectableItemName, vmContainerName } from "../names/backupNames";
import { BACKUP_TYPES } from "../state/models";

/** A protectable item or container as the service lists it. */
export interface DiscoveredResource {
    id: string;
    name: string;
    type: string;
    properties: Record<string, unknown>;
}

/**
 * A VM the vault can protect, shaped as BackupProtectableItems_List.json: named
 * `iaasvmcontainerv2;{rg};{vm}` (the seed builds container and item names from it), the id under the
 * vault's `protectionContainers` as the example writes it.
 */
export function vmProtectableItem(vaultId: string, vm: VirtualMachineModel): DiscoveredResource {
    const { resourceGroupName, vmName } = parseVirtualMachineId(vm.id)!;
    const container = vmContainerName(resourceGroupName, vmName);
    return {
        id: `${displayId(vaultId)}/protectionContainers/${container.name}/protectableItems/vm;${container.shortName}`,
        name: container.shortName,
        type: BACKUP_TYPES.protectableItem,
        properties: {
            backupManagementType: "AzureIaasVM",
            friendlyName: vm.name,
            protectableItemType: "Microsoft.Compute/virtualMachines",
            protectionState: "NotProtected",
            virtualMachineId: vm.id,
            workloadType: "VM",
        },
    };
}

/** A file share the vault can protect: a system name (`azurefileshare;{hash}`), the share's name as `friendlyName`. */
export function fileShareProtectableItem(vaultId: string, account: StorageAccountModel, share: FileShareModel): DiscoveredResource {
    const { resourceGroupName, accountName } = parseStorageAccountId(account.id)!;
    const container = containerName("StorageContainer", resourceGroupName, accountName);
    const name = fileShareProtectableItemName(share.id);
    return {
        id: `${displayId(vaultId)}/protectionContainers/${container.name}/protectableItems/${name}`,
        name,
        type: BACKUP_TYPES.protectableItem,
        properties: {
            azureFileShareType: "XSMB",
            backupManagementType: "AzureStorage",
            friendlyName: share.name,
            parentContainerFabricId: account.id,
            parentContainerFriendlyName: accountName,
            protectableItemType: "AzureFileShare",
            protectionState: "NotProtected",
            workloadType: "AzureFileShare",
        },
    };
}

/** A storage account the vault can register, shaped as ProtectableContainers_List.json. */
export function storageProtectableContainer(vaultId: string, account: StorageAccountModel): DiscoveredResource {
    const { resourceGroupName, accountName } = parseStorageAccountId(account.id)!;
    const name = containerName("StorageContainer", resourceGroupName, accountName).name;
    return {
        id: `${displayId(vaultId)}/backupFabrics/Azure/protectableContainers/${name}`,
        name,
        type: BACKUP_TYPES.protectableContainer,
        properties: {
            backupManagementType: "AzureStorage",
            containerId: account.id,
            friendlyName: accountName,
            healthStatus: "Healthy",
            protectableContainerType: "StorageContainer",
        },
    };
}
