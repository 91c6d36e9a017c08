import { parseStorageAccountId } from "../../storageaccounts/storageAccounts";
import type { VaultTarget } from "../names/backupIds";
import { sqlDatabaseItemName } from "../names/backupNames";
import { parseODataFilter } from "../requests/odataFilter";
import { pageOf, toListResult, type ListResult } from "../requests/paging";
import { userErrorInvalidRequestParameter } from "../recoveryServicesErrors";
import type { VaultModel } from "../state/backupStore";
import { BACKUP_MANAGEMENT_TYPES } from "../state/models";
import { fileShareProtectableItem, storageProtectableContainer, vmProtectableItem, type DiscoveredResource } from "../views/discoveryView";
import { sqlDatabaseProtectableItem, sqlInstanceProtectableItem, vmAppProtectableContainer } from "../views/workloadView";
import { inquiredInstances } from "../work/workloadInquiry";
import type { HandlerDependencies } from "./handlerDependencies";
import { requireVault } from "./vaultScope";

/** Query of the protectable items list. */
export interface ProtectableItemsQuery {
    filter?: string;
    skipToken?: string;
    /** Builds the absolute `nextLink` for a `$skipToken`. */
    nextLinkOf: (skipToken: string) => string;
}

/**
 * What the vault can protect or register: `backupProtectableItems` (VMs and file shares a completed
 * refresh found, SQL instances and databases the last inquiry of a registered VM found, not yet
 * protected in this vault) and `protectableContainers` (storage accounts and VMs running SQL Server a
 * refresh found, not yet registered). Both come from the last refresh, never from live state, as on
 * the service; discovered file shares can be held back for a number of list calls (the
 * `fileShareVisibleAfterListCalls` knob) to model the lag users see after registering an account.
 */
export class ProtectableItemsHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /** GET `backupProtectableItems?$filter=backupManagementType eq '…' [and workloadType eq '…'] [and friendlyName eq '…']`, paged. */
    list(target: VaultTarget, query: ProtectableItemsQuery): ListResult<DiscoveredResource> {
        const vault = requireVault(this.deps.store, target);
        const conditions = parseODataFilter(query.filter);
        const type = conditions.backupmanagementtype;
        if (type !== undefined && !BACKUP_MANAGEMENT_TYPES.some((known) => known.toLowerCase() === type.toLowerCase())) throw userErrorInvalidRequestParameter("backupManagementType");
        const wants = (kind: string) => type === undefined || type.toLowerCase() === kind.toLowerCase();
        const items: DiscoveredResource[] = [];
        if (wants("AzureIaasVM")) items.push(...this.virtualMachines(vault));
        if (wants("AzureStorage")) items.push(...this.fileShares(vault, query.skipToken === undefined));
        if (wants("AzureWorkload")) items.push(...this.sqlWorkloads(vault));
        const filtered = items
            .filter((item) => conditions.workloadtype === undefined || String(item.properties.workloadType).toLowerCase() === conditions.workloadtype.toLowerCase())
            .filter((item) => conditions.friendlyname === undefined || String(item.properties.friendlyName).toLowerCase() === conditions.friendlyname.toLowerCase());
        return toListResult(pageOf(filtered, query.skipToken, this.deps.behaviour().pageSize), query.nextLinkOf);
    }

    /**
     * GET `backupFabrics/Azure/protectableContainers?$filter=backupManagementType eq '…' [and workloadType eq '…']`:
     * storage accounts (AzureStorage) and VMs running SQL Server (AzureWorkload, SQLDataBase) a refresh
     * found and this vault has not registered.
     */
    listProtectableContainers(target: VaultTarget, filter: string | undefined): ListResult<DiscoveredResource> {
        const vault = requireVault(this.deps.store, target);
        const conditions = parseODataFilter(filter);
        const type = conditions.backupmanagementtype?.toLowerCase();
        // A VM protected as a whole (an IaasVMContainer) can still be registered for its SQL workloads:
        // what is already registered is counted per container type.
        const registeredAs = (containerType: string) =>
            new Set(
                this.deps.store
                    .listContainers(vault.id)
                    .filter((container) => String(container.properties.containerType).toLowerCase() === containerType.toLowerCase())
                    .map((container) => container.properties.sourceResourceId.toLowerCase()),
            );
        const value: DiscoveredResource[] = [];
        if (type === undefined || type === "azurestorage") {
            const registered = registeredAs("StorageContainer");
            value.push(...this.deps.discovery.storageAccounts(vault.id).filter((account) => !registered.has(account.id.toLowerCase())).map((account) => storageProtectableContainer(vault.id, account)));
        }
        if ((type === undefined || type === "azureworkload") && (conditions.workloadtype === undefined || conditions.workloadtype.toLowerCase() === "sqldatabase")) {
            const registered = registeredAs("VMAppContainer");
            value.push(
                ...this.deps.discovery
                    .workloadVirtualMachines(vault.id)
                    .filter((vm) => !registered.has(vm.id.toLowerCase()))
                    .sort((a, b) => a.name.localeCompare(b.name))
                    .map((vm) => vmAppProtectableContainer(vault.id, vm)),
            );
        }
        return { value };
    }

    private virtualMachines(vault: VaultModel): DiscoveredResource[] {
        const protectedSources = this.protectedSources(vault);
        return this.deps.discovery
            .virtualMachines(vault.id)
            .filter((vm) => !protectedSources.has(vm.id.toLowerCase()))
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((vm) => vmProtectableItem(vault.id, vm));
    }

    // Counting happens on first pages only: a client walking the pages of one list is one call.
    private fileShares(vault: VaultModel, isFirstPage: boolean): DiscoveredResource[] {
        const calls = isFirstPage ? this.deps.discovery.countStorageListCall(vault.id) : this.deps.store.getDiscovery(vault.id).storageListCalls;
        if (calls <= this.deps.behaviour().fileShareVisibleAfterListCalls) return [];
        const protectedSources = this.protectedSources(vault);
        const accounts = new Map(this.deps.discovery.storageAccounts(vault.id).map((account) => [account.id.toLowerCase(), account]));
        return this.deps.discovery
            .fileShares(vault.id)
            .filter((share) => !protectedSources.has(share.id.toLowerCase()))
            .flatMap((share) => {
                const accountId = share.id.slice(0, share.id.toLowerCase().indexOf("/fileservices/")).toLowerCase();
                const account = accounts.get(accountId);
                return account && parseStorageAccountId(account.id) ? [fileShareProtectableItem(vault.id, account, share)] : [];
            });
    }

    // Registered VMs' SQL instances and databases, as their last inquiry found them; a database with an item (any state) is no longer offered.
    private sqlWorkloads(vault: VaultModel): DiscoveredResource[] {
        const intents = this.deps.store.listIntents(vault.id).map((intent) => intent.properties.autoProtection).filter((target) => target !== undefined);
        return this.deps.store
            .listContainers(vault.id)
            .filter((container) => container.properties.containerType === "VMAppContainer")
            .flatMap((container) => {
                const protectedNames = new Set(this.deps.store.listItemsIn(container).map((item) => item.name.toLowerCase()));
                return inquiredInstances(this.deps.store, container).flatMap((instance) => {
                    const open = instance.databases.filter((database) => !protectedNames.has(sqlDatabaseItemName(instance.name, database).toLowerCase()));
                    const autoProtected = intents.some(
                        (target) => target.containerName.toLowerCase() === container.name.toLowerCase() && target.instanceName.toLowerCase() === instance.name.toLowerCase(),
                    );
                    return [
                        sqlInstanceProtectableItem(vault.id, container, instance, open.length, autoProtected),
                        ...open.map((database) => sqlDatabaseProtectableItem(vault.id, container, instance, database)),
                    ];
                });
            });
    }

    // What already has an item in this vault (in any state) is no longer offered.
    private protectedSources(vault: VaultModel): Set<string> {
        return new Set(this.deps.store.viewItems(vault.id).map((item) => (item.properties.dataSourceId ?? item.properties.sourceResourceId).toLowerCase()));
    }
}
