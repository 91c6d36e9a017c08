import { listFileShares, parseStorageAccountId, storageAccountId, type FileShareModel } from "../../storageaccounts/storageAccounts";
import { parseVaultId } from "../names/backupIds";
import {
    fileShareItemName,
    fileShareSystemName,
    parseContainerName,
    parseItemName,
    sqlDatabaseItemName,
    vmContainerName,
    type ContainerName,
} from "../names/backupNames";
import type { BackupStore, ContainerModel, ProtectedItemModel, VaultModel } from "../state/backupStore";
import type { InquiredInstance } from "../state/models";
import { findInquiredDatabase } from "../work/workloadInquiry";

/** A protected item as a request path names it, resolved to canonical names. */
export interface LocatedItem {
    container: ContainerName;
    /** Canonical item name (`VM;iaasvmcontainerv2;rg;vm`, `AzureFileShare;{system name}`). */
    itemName: string;
    kind: "VM" | "AzureFileShare" | "SQLDataBase";
    /** The stored item, when there is one. */
    existing?: ProtectedItemModel;
    /** The file share a file-share item names (when it exists). */
    fileShare?: FileShareModel;
    /** The database a new SQL item names, as the last inquiry of its registered container found it. */
    sqlDatabase?: { container: ContainerModel; instance: InquiredInstance; databaseName: string };
}

/**
 * Resolves container and item names however clients spell them: type prefixes in any case or left
 * out (`iaasvmcontainer;iaasvmcontainerv2;rg;vm`, `vm;…`), a file share by its system name or by its
 * share name (the live service hashes share names; clients written from the REST article use
 * `AzureFileShare;{share}`), a SQL database as `SQLDataBase;{instance};{db}` in any casing. Undefined
 * when the names do not fit together.
 */
export function locateItem(store: BackupStore, vault: VaultModel, rawContainer: string, rawItem: string): LocatedItem | undefined {
    const parsedContainer = parseContainerName(rawContainer);
    const item = parseItemName(rawItem);
    if (!parsedContainer || !item) return undefined;
    if (item.kind === "VM") {
        if (parsedContainer.containerType !== "IaasVMContainer") return undefined;
        // The item repeats the container's `iaasvmcontainerv2;{rg};{vm}`.
        if (item.reference.toLowerCase() !== parsedContainer.shortName.toLowerCase()) return undefined;
        const container = vmContainerName(parsedContainer.resourceGroupName, parsedContainer.resourceName);
        const itemName = `VM;${container.shortName}`;
        return { container, itemName, kind: "VM", ...withExisting(store.getItem(vault.id, container.name, itemName)) };
    }
    if (item.kind === "AzureFileShare") {
        if (parsedContainer.containerType !== "StorageContainer") return undefined;
        const container = store.getContainer(vault.id, parsedContainer.name);
        const containerName: ContainerName = container ? { ...parsedContainer, name: container.name, key: container.name.toLowerCase() } : parsedContainer;
        const reference = item.reference.toLowerCase();
        const existing = container
            ? store.listItemsIn(container).find((candidate) => candidate.name.toLowerCase() === `azurefileshare;${reference}` || candidate.properties.friendlyName.toLowerCase() === reference)
            : undefined;
        const fileShare = findShare(store, vault, parsedContainer, reference);
        if (existing) return { container: containerName, itemName: existing.name, kind: "AzureFileShare", existing, ...(fileShare ? { fileShare } : {}) };
        if (!fileShare) return undefined;
        return { container: containerName, itemName: fileShareItemName(fileShare.id), kind: "AzureFileShare", fileShare };
    }
    if (parsedContainer.containerType !== "VMAppContainer") return undefined;
    // A SQL database: in its registered VM's container, found by a past inquiry when it has no item yet.
    const container = store.getContainer(vault.id, parsedContainer.name);
    if (!container) return undefined;
    const containerName: ContainerName = { ...parsedContainer, name: container.name, key: container.name.toLowerCase() };
    const wanted = `sqldatabase;${item.reference.toLowerCase()}`;
    const existing = store.listItemsIn(container).find((candidate) => candidate.name.toLowerCase() === wanted);
    if (existing) return { container: containerName, itemName: existing.name, kind: "SQLDataBase", existing };
    const found = findInquiredDatabase(store, container, item.reference);
    if (!found) return undefined;
    return { container: containerName, itemName: sqlDatabaseItemName(found.instance.name, found.databaseName), kind: "SQLDataBase", sqlDatabase: { container, ...found } };
}

// The share of the container's storage account that the reference names: by system name or share name.
function findShare(store: BackupStore, vault: VaultModel, container: ContainerName, reference: string): FileShareModel | undefined {
    const subscriptionId = parseVaultId(vault.id)!.subscriptionId;
    const account = store.shared.getResource(storageAccountId(subscriptionId, container.resourceGroupName, container.resourceName));
    if (!account || !parseStorageAccountId(account.id)) return undefined;
    return listFileShares(store.shared, account.id).find((share) => share.name.toLowerCase() === reference || fileShareSystemName(share.id) === reference);
}

function withExisting(existing: ProtectedItemModel | undefined): { existing?: ProtectedItemModel } {
    return existing ? { existing } : {};
}
