import { encodeSegment, resourceGroupControlPath, stateControlPath, type ControlClientConstructor } from "../../../control/controlClientBase";
import type { FileShareContent, FileShareModel, StorageAccountBlobs, StorageAccountModel } from "../storageAccounts";
import type { FileShareSeed, StorageAccountSeed } from "./storageAccountsControlHandler";

export type { FileShareSeed, StorageAccountSeed } from "./storageAccountsControlHandler";
export type { FileShareContent, FileShareModel, StorageAccountBlobs, StorageAccountModel } from "../storageAccounts";

/** Adds the Microsoft.Storage part to a control client: storage accounts, file shares and the files in them. */
export function withStorageAccountsControl<TBase extends ControlClientConstructor>(Base: TBase) {
    abstract class StorageAccountsControlClient extends Base {
        /** PUT /_emulator/subscriptions/{sub}/resourceGroups/{rg}/storageAccounts/{account}. */
        putStorageAccount(subscriptionId: string, resourceGroupName: string, accountName: string, seed: StorageAccountSeed = {}): Promise<StorageAccountModel> {
            return this.call("PUT", accountPath(subscriptionId, resourceGroupName, accountName), seed);
        }

        /** DELETE …/storageAccounts/{account} (with its shares). */
        async deleteStorageAccount(subscriptionId: string, resourceGroupName: string, accountName: string): Promise<void> {
            await this.call("DELETE", accountPath(subscriptionId, resourceGroupName, accountName));
        }

        /** PUT …/storageAccounts/{account}/fileShares/{share}: creates or replaces a share (and its files when given). */
        putFileShare(subscriptionId: string, resourceGroupName: string, accountName: string, shareName: string, seed: FileShareSeed = {}): Promise<FileShareModel> {
            return this.call("PUT", `${accountPath(subscriptionId, resourceGroupName, accountName)}/fileShares/${encodeSegment(shareName)}`, seed);
        }

        /** DELETE …/fileShares/{share}. */
        async deleteFileShare(subscriptionId: string, resourceGroupName: string, accountName: string, shareName: string): Promise<void> {
            await this.call("DELETE", `${accountPath(subscriptionId, resourceGroupName, accountName)}/fileShares/${encodeSegment(shareName)}`);
        }

        /** GET /_emulator/state/<share id>/files: the files the share holds now. */
        getFileShareFiles(shareId: string): Promise<FileShareContent> {
            return this.call("GET", stateControlPath(shareId, "files"));
        }

        /** GET /_emulator/state/<account id>/blobs: the blobs other services wrote into the account (an Azure Backup disk restore's disks and VM configuration). */
        getStorageAccountBlobs(accountId: string): Promise<StorageAccountBlobs> {
            return this.call("GET", stateControlPath(accountId, "blobs"));
        }

        /** PUT /_emulator/state/<share id>/files: replaces the files. */
        putFileShareFiles(shareId: string, files: Record<string, string>): Promise<FileShareContent> {
            return this.call("PUT", stateControlPath(shareId, "files"), { files });
        }
    }
    return StorageAccountsControlClient;
}

function accountPath(subscriptionId: string, resourceGroupName: string, accountName: string): string {
    return `${resourceGroupControlPath(subscriptionId, resourceGroupName)}/storageAccounts/${encodeSegment(accountName)}`;
}
