import type { ArmResourceModel } from "../../../platform/state/models";
import { SQL_TYPES, vmIdOfSqlResource } from "../../compute/sqlServers";
import { VIRTUAL_MACHINE_TYPE, type VirtualMachineModel } from "../../compute/virtualMachines";
import { STORAGE_TYPES, type FileShareModel, type StorageAccountModel } from "../../storageaccounts/storageAccounts";
import { parseVaultId } from "../names/backupIds";
import type { BackupStore, VaultModel } from "../state/backupStore";
import type { BackupManagementType, DiscoveryRecord } from "../state/models";

/** What one refresh found: the ids (lower-cased) of what it can offer for protection. */
export type DiscoverySnapshot = Pick<DiscoveryRecord, "virtualMachineIds" | "workloadVirtualMachineIds" | "storageAccountIds" | "fileShareIds">;

/**
 * Discovery, as the service does it: a refresh (`refreshContainers`) inventories the vault's
 * subscription for what it can protect in the vault's region (Azure Backup protects resources of its
 * own region only): VMs for AzureIaasVM, VMs running SQL Server (with at least one instance) for
 * AzureWorkload, storage accounts and their file shares for AzureStorage. Only
 * what a completed refresh found is protectable; a VM seeded after the last refresh stays invisible
 * until the next one, as on the live service.
 */
export class Discovery {
    constructor(private readonly store: BackupStore) {}

    /** Inventories the vault's subscription for the given kinds (taken when the refresh starts). */
    snapshot(vault: VaultModel, types: readonly BackupManagementType[]): Partial<DiscoverySnapshot> {
        const subscriptionPrefix = `/subscriptions/${parseVaultId(vault.id)!.subscriptionId}/`.toLowerCase();
        const region = normalizeRegion(vault.location);
        const inScope = (resource: ArmResourceModel<unknown>) => resource.id.toLowerCase().startsWith(subscriptionPrefix) && normalizeRegion(resource.location) === region;
        const resources = this.store.shared.snapshot().resources;
        const snapshot: Partial<DiscoverySnapshot> = {};
        if (types.includes("AzureIaasVM")) {
            snapshot.virtualMachineIds = resources.filter((resource) => resource.type === VIRTUAL_MACHINE_TYPE && inScope(resource)).map((resource) => resource.id.toLowerCase());
        }
        if (types.includes("AzureWorkload")) {
            const withSql = new Set(resources.filter((resource) => resource.type === SQL_TYPES.instance).map((resource) => vmIdOfSqlResource(resource.id)?.toLowerCase()));
            snapshot.workloadVirtualMachineIds = resources
                .filter((resource) => resource.type === VIRTUAL_MACHINE_TYPE && inScope(resource) && withSql.has(resource.id.toLowerCase()))
                .map((resource) => resource.id.toLowerCase());
        }
        if (types.includes("AzureStorage")) {
            const accounts = resources.filter((resource) => resource.type === STORAGE_TYPES.account && inScope(resource)).map((resource) => resource.id.toLowerCase());
            snapshot.storageAccountIds = accounts;
            snapshot.fileShareIds = resources
                .filter((resource) => resource.type === STORAGE_TYPES.share && accounts.some((account) => resource.id.toLowerCase().startsWith(`${account}/`)))
                .map((resource) => resource.id.toLowerCase());
        }
        return snapshot;
    }

    /** Records what a completed refresh found; the AzureStorage list-call count starts again. */
    apply(vaultId: string, snapshot: Partial<DiscoverySnapshot>): void {
        const discovery = this.store.getDiscovery(vaultId);
        if (snapshot.virtualMachineIds) discovery.virtualMachineIds = snapshot.virtualMachineIds;
        if (snapshot.workloadVirtualMachineIds) discovery.workloadVirtualMachineIds = snapshot.workloadVirtualMachineIds;
        if (snapshot.storageAccountIds) discovery.storageAccountIds = snapshot.storageAccountIds;
        if (snapshot.fileShareIds) {
            discovery.fileShareIds = snapshot.fileShareIds;
            discovery.storageListCalls = 0;
        }
        this.store.putDiscovery(vaultId, discovery);
    }

    /** Counts a first-page list of AzureStorage protectable items; returns the count including this one. */
    countStorageListCall(vaultId: string): number {
        const discovery = this.store.getDiscovery(vaultId);
        discovery.storageListCalls++;
        this.store.putDiscovery(vaultId, discovery);
        return discovery.storageListCalls;
    }

    /** Discovered VMs that still exist (the stored ones, only to read: see EmulatorStore.viewResource). */
    virtualMachines(vaultId: string): ReadonlyArray<Readonly<VirtualMachineModel>> {
        return this.existing<VirtualMachineModel["properties"]>(this.store.getDiscovery(vaultId).virtualMachineIds);
    }

    /** VMs running SQL Server that an AzureWorkload refresh found and that still exist. */
    workloadVirtualMachines(vaultId: string): ReadonlyArray<Readonly<VirtualMachineModel>> {
        return this.existing<VirtualMachineModel["properties"]>(this.store.getDiscovery(vaultId).workloadVirtualMachineIds);
    }

    /** Discovered storage accounts that still exist. */
    storageAccounts(vaultId: string): ReadonlyArray<Readonly<StorageAccountModel>> {
        return this.existing(this.store.getDiscovery(vaultId).storageAccountIds) as unknown as ReadonlyArray<Readonly<StorageAccountModel>>;
    }

    /** Discovered file shares that still exist. */
    fileShares(vaultId: string): ReadonlyArray<Readonly<FileShareModel>> {
        return this.existing<FileShareModel["properties"]>(this.store.getDiscovery(vaultId).fileShareIds);
    }

    /** True when a completed refresh found this resource (VM, storage account or share id). */
    isDiscovered(vaultId: string, resourceId: string): boolean {
        const discovery = this.store.getDiscovery(vaultId);
        const id = resourceId.replace(/\/+$/, "").toLowerCase();
        return discovery.virtualMachineIds.includes(id) || discovery.storageAccountIds.includes(id) || discovery.fileShareIds.includes(id);
    }

    // Views, not copies: callers filter these per request over every discovered resource, and only read them.
    private existing<P>(ids: readonly string[]): Array<Readonly<ArmResourceModel<P>>> {
        return ids.map((id) => this.store.shared.viewResource<P>(id)).filter((resource): resource is Readonly<ArmResourceModel<P>> => resource !== undefined);
    }
}

/** `West Europe` and `westeurope` name the same region. */
export function normalizeRegion(location: string | undefined): string {
    return (location ?? "").toLowerCase().replace(/\s+/g, "");
}
