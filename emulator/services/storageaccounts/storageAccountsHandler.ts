import { resourceNotFound } from "../../platform/arm/armErrors";
import { requireResourceGroup } from "../../platform/arm/armScope";
import type { EmulatorStore } from "../../platform/state/store";
import { fileShareId, storageAccountId, type FileShareModel, type StorageAccountModel } from "./storageAccounts";

/** A storage account as named in a request path. */
export interface StorageAccountTarget {
    subscriptionId: string;
    resourceGroupName: string;
    accountName: string;
}

/**
 * Microsoft.Storage, read-only: seeded storage accounts and their file shares can be read back on
 * their own ids, so a backup provider can check at preview that what it protects exists.
 */
export class StorageAccountsHandler {
    constructor(private readonly store: EmulatorStore) {}

    /** GET `storageAccounts/{account}`: the account; 404 ResourceNotFound when never seeded. */
    getStorageAccount(target: StorageAccountTarget): StorageAccountModel {
        requireResourceGroup(this.store, target.subscriptionId, target.resourceGroupName);
        const account = this.store.getResource(storageAccountId(target.subscriptionId, target.resourceGroupName, target.accountName));
        if (!account) throw resourceNotFound(`Microsoft.Storage/storageAccounts/${target.accountName}`, target.resourceGroupName);
        return account as unknown as StorageAccountModel;
    }

    /** GET `storageAccounts/{account}/fileServices/default/shares/{share}`: the share; 404 ResourceNotFound otherwise. */
    getFileShare(target: StorageAccountTarget, shareName: string): FileShareModel {
        const account = this.getStorageAccount(target);
        const share = this.store.getResource<FileShareModel["properties"]>(fileShareId(account.id, shareName));
        if (!share) throw resourceNotFound(`Microsoft.Storage/storageAccounts/${target.accountName}/fileServices/default/shares/${shareName}`, target.resourceGroupName);
        return share;
    }
}
