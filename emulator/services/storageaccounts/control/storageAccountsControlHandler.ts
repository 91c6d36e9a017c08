import { ArmError } from "../../../platform/arm/armErrors";
import { requireResourceGroup } from "../../../platform/arm/armScope";
import type { EmulatorStore } from "../../../platform/state/store";
import {
    STORAGE_TYPES,
    fileShareId,
    getFileShareContent,
    getStorageAccountBlobs,
    putFileShareContent,
    storageAccountId,
    type FileShareContent,
    type StorageAccountBlobs,
    type FileShareModel,
    type StorageAccountModel,
} from "../storageAccounts";

/** Body of `PUT /_emulator/subscriptions/{sub}/resourceGroups/{rg}/storageAccounts/{account}`. */
export interface StorageAccountSeed {
    /** Defaults to the resource group's location. */
    location?: string;
    tags?: Record<string, string>;
}

/** Body of `PUT …/storageAccounts/{account}/fileShares/{share}`. */
export interface FileShareSeed {
    /** Files by path (`dir/file.txt`); a seed without them keeps the share's files. */
    files?: Record<string, string>;
    /** Quota in GiB; default 5120. */
    quotaGiB?: number;
}

/** Seeds storage accounts, their file shares and the files in them (the control API's Microsoft.Storage part). */
export class StorageAccountsControlHandler {
    constructor(private readonly store: EmulatorStore) {}

    /** Creates or replaces a storage account in an existing resource group. */
    putStorageAccount(subscriptionId: string, resourceGroupName: string, accountName: string, seed: unknown): { created: boolean; value: StorageAccountModel } {
        const group = requireResourceGroup(this.store, subscriptionId, resourceGroupName);
        if (!/^[a-z0-9]{3,24}$/.test(accountName)) throw badRequest(`'${accountName}' is not a valid storage account name (3–24 lower-case letters and digits).`);
        const input = objectOf(seed);
        if (input.location !== undefined && typeof input.location !== "string") throw badRequest("'location' must be a string.");
        const id = storageAccountId(subscriptionId, group.name, accountName);
        const existing = this.store.getResource(id);
        const account = {
            id: existing?.id ?? id,
            name: accountName,
            type: STORAGE_TYPES.account,
            kind: "StorageV2",
            sku: { name: "Standard_LRS", tier: "Standard" },
            location: (input.location as string | undefined) ?? existing?.location ?? group.location,
            ...(input.tags ?? existing?.tags ? { tags: (input.tags as Record<string, string> | undefined) ?? existing?.tags } : {}),
            properties: {
                provisioningState: "Succeeded" as const,
                primaryEndpoints: { blob: `https://${accountName}.blob.core.windows.net/`, file: `https://${accountName}.file.core.windows.net/` },
                supportsHttpsTrafficOnly: true as const,
            },
        };
        const value = this.store.putResource(account) as unknown as StorageAccountModel;
        return { created: !existing, value };
    }

    /** Deletes a storage account with its shares and files. */
    deleteStorageAccount(subscriptionId: string, resourceGroupName: string, accountName: string): void {
        if (!this.store.deleteResource(storageAccountId(subscriptionId, resourceGroupName, accountName))) throw notFound(`Storage account '${accountName}' does not exist.`);
    }

    /** Creates or replaces a file share of an existing account; `files` replace the share's files. */
    putFileShare(subscriptionId: string, resourceGroupName: string, accountName: string, shareName: string, seed: unknown): { created: boolean; value: FileShareModel } {
        const accountId = this.requireAccount(subscriptionId, resourceGroupName, accountName);
        if (!/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(shareName)) throw badRequest(`'${shareName}' is not a valid file share name.`);
        const input = objectOf(seed);
        const files = input.files === undefined ? undefined : parseFiles(input.files);
        const quota = input.quotaGiB;
        if (quota !== undefined && !(Number.isInteger(quota) && (quota as number) >= 1 && (quota as number) <= 102400)) throw badRequest("'quotaGiB' must be an integer from 1 to 102400.");
        const id = fileShareId(accountId, shareName);
        const existing = this.store.getResource<FileShareModel["properties"]>(id);
        const value = this.store.putResource<FileShareModel["properties"]>({
            id: existing?.id ?? id,
            name: shareName,
            type: STORAGE_TYPES.share,
            properties: {
                shareQuota: (quota as number | undefined) ?? existing?.properties.shareQuota ?? 5120,
                enabledProtocols: "SMB",
                accessTier: "TransactionOptimized",
                lastModifiedTime: new Date().toISOString(),
            },
        });
        if (files) putFileShareContent(this.store, value.id, { files });
        return { created: !existing, value };
    }

    /** Deletes a file share and its files. */
    deleteFileShare(subscriptionId: string, resourceGroupName: string, accountName: string, shareName: string): void {
        const accountId = this.requireAccount(subscriptionId, resourceGroupName, accountName);
        if (!this.store.deleteResource(fileShareId(accountId, shareName))) throw notFound(`File share '${shareName}' does not exist.`);
    }

    /** The files of a share. */
    getFiles(subscriptionId: string, resourceGroupName: string, accountName: string, shareName: string): FileShareContent {
        return getFileShareContent(this.store, this.requireShare(subscriptionId, resourceGroupName, accountName, shareName));
    }

    /** The blobs other services (an Azure Backup disk restore) wrote into an account. */
    getBlobs(subscriptionId: string, resourceGroupName: string, accountName: string): StorageAccountBlobs {
        return getStorageAccountBlobs(this.store, this.requireAccount(subscriptionId, resourceGroupName, accountName));
    }

    /** Replaces the files of a share (`{files: {path: content}}`). */
    putFiles(subscriptionId: string, resourceGroupName: string, accountName: string, shareName: string, body: unknown): FileShareContent {
        const shareId = this.requireShare(subscriptionId, resourceGroupName, accountName, shareName);
        return putFileShareContent(this.store, shareId, { files: parseFiles(objectOf(body).files ?? {}) });
    }

    private requireAccount(subscriptionId: string, resourceGroupName: string, accountName: string): string {
        const account = this.store.getResource(storageAccountId(subscriptionId, resourceGroupName, accountName));
        if (!account) throw notFound(`Storage account '${accountName}' does not exist.`);
        return account.id;
    }

    private requireShare(subscriptionId: string, resourceGroupName: string, accountName: string, shareName: string): string {
        const share = this.store.getResource(fileShareId(this.requireAccount(subscriptionId, resourceGroupName, accountName), shareName));
        if (!share) throw notFound(`File share '${shareName}' does not exist.`);
        return share.id;
    }
}

function parseFiles(value: unknown): Record<string, string> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw badRequest("'files' must be an object of path to content.");
    for (const [path, content] of Object.entries(value)) {
        if (typeof content !== "string") throw badRequest(`The content of '${path}' must be a string.`);
        if (path === "" || path.startsWith("/") || path.split("/").some((part) => part === "" || part === "." || part === "..")) {
            throw badRequest(`'${path}' is not a relative file path.`);
        }
    }
    return { ...(value as Record<string, string>) };
}

function objectOf(body: unknown): Record<string, unknown> {
    if (body === undefined || body === null) return {};
    if (typeof body !== "object" || Array.isArray(body)) throw badRequest("The body must be a JSON object.");
    return body as Record<string, unknown>;
}

function badRequest(message: string): ArmError {
    return new ArmError(400, "BadRequest", message);
}

function notFound(message: string): ArmError {
    return new ArmError(404, "NotFound", message);
}
