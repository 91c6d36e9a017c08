import type { ArmResourceModel } from "../../platform/state/models";
import { resourceGroupId } from "../../platform/state/resourceIds";
import type { EmulatorStore } from "../../platform/state/store";

/** ARM types of the Microsoft.Storage emulation, and the emulator-only document of a share's files. */
export const STORAGE_TYPES = {
    account: "Microsoft.Storage/storageAccounts",
    share: "Microsoft.Storage/storageAccounts/fileServices/shares",
    shareContent: "Emulator.Storage/fileShares/content",
    accountBlobs: "Emulator.Storage/storageAccounts/blobs",
} as const;

/** The part of a storage account's `properties` the emulator models. */
export interface StorageAccountProperties {
    provisioningState: "Succeeded";
    primaryEndpoints: { blob: string; file: string };
    supportsHttpsTrafficOnly: true;
}

/** A seeded storage account (`kind` StorageV2, `sku` Standard_LRS). */
export type StorageAccountModel = ArmResourceModel<StorageAccountProperties> & { sku: { name: string; tier: string } };

/** The part of a file share's `properties` the emulator models. */
export interface FileShareProperties {
    shareQuota: number;
    enabledProtocols: "SMB";
    accessTier: "TransactionOptimized";
    lastModifiedTime: string;
}

/** A seeded file share. */
export type FileShareModel = ArmResourceModel<FileShareProperties>;

/** What a share holds: files by path, so backups can capture and restores can be checked. */
export interface FileShareContent {
    files: Record<string, string>;
}

/** Id of a storage account. */
export function storageAccountId(subscriptionId: string, resourceGroupName: string, accountName: string): string {
    return `${resourceGroupId(subscriptionId, resourceGroupName)}/providers/${STORAGE_TYPES.account}/${accountName}`;
}

/** Id of a file share: `<account id>/fileServices/default/shares/{share}`. */
export function fileShareId(accountId: string, shareName: string): string {
    return `${accountId}/fileServices/default/shares/${shareName}`;
}

/** The parts of a storage account id (any casing); undefined for other ids. */
export function parseStorageAccountId(id: string): { subscriptionId: string; resourceGroupName: string; accountName: string } | undefined {
    const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)\/?$/i.exec(id.trim());
    return match ? { subscriptionId: match[1], resourceGroupName: match[2], accountName: match[3] } : undefined;
}

/** The file shares of a storage account, in name order. */
export function listFileShares(store: EmulatorStore, accountId: string): FileShareModel[] {
    return store
        .listChildResources<FileShareProperties>(`${accountId}/fileServices/default`, STORAGE_TYPES.share)
        .sort((a, b) => a.name.localeCompare(b.name));
}

/** The files of a share (none when never set). */
export function getFileShareContent(store: EmulatorStore, shareId: string): FileShareContent {
    return store.getResource<FileShareContent>(`${shareId}/content`)?.properties ?? { files: {} };
}

/** Replaces the files of a share. */
export function putFileShareContent(store: EmulatorStore, shareId: string, content: FileShareContent): FileShareContent {
    return store.putResource<FileShareContent>({ id: `${shareId}/content`, name: "content", type: STORAGE_TYPES.shareContent, properties: content }).properties;
}

/**
 * Blobs other services wrote into an account (an Azure Backup restore's disks and VM configuration),
 * by `container/blob` path: enough for a test to see what a restore left. Not the blob data plane.
 */
export interface StorageAccountBlobs {
    blobs: Record<string, string>;
}

/** The blobs written into an account (none when never written). */
export function getStorageAccountBlobs(store: EmulatorStore, accountId: string): StorageAccountBlobs {
    return store.getResource<StorageAccountBlobs>(`${accountId}/emulator/blobs`)?.properties ?? { blobs: {} };
}

/** Adds (or replaces) blobs of an account; the others stay. */
export function writeStorageAccountBlobs(store: EmulatorStore, accountId: string, blobs: Record<string, string>): StorageAccountBlobs {
    const current = getStorageAccountBlobs(store, accountId);
    return store.putResource<StorageAccountBlobs>({ id: `${accountId}/emulator/blobs`, name: "blobs", type: STORAGE_TYPES.accountBlobs, properties: { blobs: { ...current.blobs, ...blobs } } }).properties;
}
