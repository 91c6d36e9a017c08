import type { ArmResourceModel } from "../../../platform/state/models";
import { firstItemEventAtMs } from "../lifecycle/itemEvents";
import type { EmulatorStore } from "../../../platform/state/store";
import {
    containerId,
    discoveryId,
    fabricId,
    jobId,
    policyId,
    protectedItemId,
    protectionIntentId,
    recoveryPointId,
    resourceGuardProxyId,
} from "../names/backupIds";
import {
    BACKUP_TYPES,
    type ContainerRecord,
    type DiscoveryRecord,
    type FileShareSnapshotRecord,
    type IlrSessionRecord,
    type JobRecord,
    type LogChainRecord,
    type PolicyRecord,
    type ProtectedItemRecord,
    type ProtectionIntentRecord,
    type RecoveryPointRecord,
    type ResourceGuardProxyRecord,
    type RestoreRecord,
    type SqlDatabaseSnapshotRecord,
    type VmSnapshotRecord,
    type VaultRecord,
    type WorkloadInquiryRecord,
} from "./models";

/** A stored vault. */
export type VaultModel = ArmResourceModel<VaultRecord>;
/** A stored policy. */
export type PolicyModel = ArmResourceModel<PolicyRecord>;
/** A stored container. */
export type ContainerModel = ArmResourceModel<ContainerRecord>;
/** A stored protected item. */
export type ProtectedItemModel = ArmResourceModel<ProtectedItemRecord>;
/** A stored recovery point. */
export type RecoveryPointModel = ArmResourceModel<RecoveryPointRecord>;
/** A stored job. */
export type JobModel = ArmResourceModel<JobRecord>;
/** A stored protection intent. */
export type ProtectionIntentModel = ArmResourceModel<ProtectionIntentRecord>;

const EMPTY_DISCOVERY: DiscoveryRecord = { virtualMachineIds: [], workloadVirtualMachineIds: [], storageAccountIds: [], fileShareIds: [], storageListCalls: 0 };

/**
 * Typed access to what the Azure Backup emulation keeps in the shared store. Records live under the
 * ids the service uses (so removing a vault or its resource group removes its policies, containers,
 * items, recovery points and jobs, as ARM does); reads return copies. The store remembers when each
 * item's first event on the backup clock falls, so the timeline, which looks before every request,
 * reads only the items with something due instead of every item of every vault.
 */
export class BackupStore {
    // Lower-cased item id → the item's id and its first event's time; entries of items removed with
    // their container, vault or group are dropped when next looked at.
    private readonly itemEventTimes = new Map<string, { id: string; atMs: number }>();

    constructor(private readonly store: EmulatorStore) {}

    /** The vault with this id. */
    getVault(id: string): VaultModel | undefined {
        return this.store.getResource<VaultRecord>(id);
    }

    /** Stores a vault. */
    putVault(vault: VaultModel): VaultModel {
        return this.store.putResource(vault);
    }

    /** Forgets when items have events (the store itself is cleared by the platform's reset). */
    reset(): void {
        this.itemEventTimes.clear();
    }

    /** A policy by name (any casing). */
    getPolicy(vault: string, name: string): PolicyModel | undefined {
        return this.store.getResource<PolicyRecord>(policyId(vault, name));
    }

    /** Stores a policy. */
    putPolicy(policy: PolicyModel): PolicyModel {
        return this.store.putResource(policy);
    }

    /** Removes a policy; false when there was none. */
    deletePolicy(vault: string, name: string): boolean {
        return this.store.deleteResource(policyId(vault, name));
    }

    /** The vault's policies in name order. */
    listPolicies(vault: string): PolicyModel[] {
        return sortByName(this.store.listChildResources<PolicyRecord>(vault, BACKUP_TYPES.policy));
    }

    /** A container by canonical name (any casing). */
    getContainer(vault: string, name: string): ContainerModel | undefined {
        return this.store.getResource<ContainerRecord>(containerId(vault, name));
    }

    /** Stores a container. */
    putContainer(container: ContainerModel): ContainerModel {
        return this.store.putResource(container);
    }

    /** Removes a container (and anything still under it). */
    deleteContainer(vault: string, name: string): boolean {
        return this.store.deleteResource(containerId(vault, name));
    }

    /** The vault's containers in name order. */
    listContainers(vault: string): ContainerModel[] {
        return sortByName(this.store.listChildResources<ContainerRecord>(fabricId(vault), BACKUP_TYPES.container));
    }

    /** An item by canonical container and item name. */
    getItem(vault: string, container: string, item: string): ProtectedItemModel | undefined {
        return this.store.getResource<ProtectedItemRecord>(protectedItemId(vault, container, item));
    }

    /** An item by id. */
    getItemById(id: string): ProtectedItemModel | undefined {
        return this.store.getResource<ProtectedItemRecord>(id);
    }

    /** Stores an item. */
    putItem(item: ProtectedItemModel): ProtectedItemModel {
        const atMs = firstItemEventAtMs(item.properties);
        if (atMs === undefined) this.itemEventTimes.delete(item.id.toLowerCase());
        else this.itemEventTimes.set(item.id.toLowerCase(), { id: item.id, atMs });
        return this.store.putResource(item);
    }

    /** Removes an item with its recovery points. */
    deleteItem(id: string): boolean {
        this.itemEventTimes.delete(id.toLowerCase());
        return this.store.deleteResource(id);
    }

    /** The items with an event on the backup clock due by `nowMs` (any vault), in id order as listing them would give. */
    itemsWithEventsDueBy(nowMs: number): ProtectedItemModel[] {
        const due: ProtectedItemModel[] = [];
        for (const [key, { id, atMs }] of this.itemEventTimes) {
            if (atMs > nowMs) continue;
            const item = this.getItemById(id);
            if (item) due.push(item);
            else this.itemEventTimes.delete(key);
        }
        return due.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
    }

    /** The items of one container, in name order. */
    listItemsIn(container: ContainerModel): ProtectedItemModel[] {
        return sortByName(this.store.listChildResources<ProtectedItemRecord>(container.id, BACKUP_TYPES.protectedItem));
    }

    /** Every item of the vault, container by container. */
    listItems(vault: string): ProtectedItemModel[] {
        return this.listContainers(vault).flatMap((container) => this.listItemsIn(container));
    }

    /** Every item of the vault, not copies and in no order: only to look at (count, collect ids) within the request. */
    viewItems(vault: string): ReadonlyArray<Readonly<ProtectedItemModel>> {
        return this.store
            .viewChildResources<ContainerRecord>(fabricId(vault), BACKUP_TYPES.container)
            .flatMap((container) => this.store.viewChildResources<ProtectedItemRecord>(container.id, BACKUP_TYPES.protectedItem));
    }

    /** Stores a recovery point (and, for file shares, the files it captured). */
    putRecoveryPoint(itemId: string, name: string, record: RecoveryPointRecord, snapshot?: FileShareSnapshotRecord): RecoveryPointModel {
        const id = recoveryPointId(itemId, name);
        if (snapshot) this.store.putResource<FileShareSnapshotRecord>({ id: `${id}/content`, name: "content", type: BACKUP_TYPES.fileShareSnapshot, properties: snapshot });
        return this.store.putResource({ id, name, type: BACKUP_TYPES.recoveryPoint, properties: record });
    }

    /** The recovery points of an item, newest first. */
    listRecoveryPoints(itemId: string): RecoveryPointModel[] {
        return this.store
            .listChildResources<RecoveryPointRecord>(itemId, BACKUP_TYPES.recoveryPoint)
            .sort((a, b) => b.properties.recoveryPointTime.localeCompare(a.properties.recoveryPointTime) || b.name.localeCompare(a.name));
    }

    /** One recovery point. */
    getRecoveryPoint(itemId: string, name: string): RecoveryPointModel | undefined {
        return this.store.getResource<RecoveryPointRecord>(recoveryPointId(itemId, name));
    }

    /** Removes a recovery point with what it captured. */
    deleteRecoveryPoint(recoveryPointResourceId: string): boolean {
        return this.store.deleteResource(recoveryPointResourceId);
    }

    /** What a VM recovery point captured (its size and disks). */
    getVmSnapshot(recoveryPointResourceId: string): VmSnapshotRecord | undefined {
        return this.store.getResource<VmSnapshotRecord>(`${recoveryPointResourceId}/vmContent`)?.properties;
    }

    /** Keeps what a VM recovery point captured. */
    putVmSnapshot(recoveryPointResourceId: string, snapshot: VmSnapshotRecord): void {
        this.store.putResource<VmSnapshotRecord>({ id: `${recoveryPointResourceId}/vmContent`, name: "vmContent", type: BACKUP_TYPES.vmSnapshot, properties: snapshot });
    }

    /** The item-level recovery session of a recovery point, expired or not. */
    getIlrSession(recoveryPointResourceId: string): IlrSessionRecord | undefined {
        return this.store.getResource<IlrSessionRecord>(`${recoveryPointResourceId}/ilrSession`)?.properties;
    }

    /** Replaces the item-level recovery session of a recovery point. */
    putIlrSession(recoveryPointResourceId: string, session: IlrSessionRecord): void {
        this.store.putResource<IlrSessionRecord>({ id: `${recoveryPointResourceId}/ilrSession`, name: "ilrSession", type: BACKUP_TYPES.ilrSession, properties: session });
    }

    /** Ends the item-level recovery session of a recovery point; false when there was none. */
    deleteIlrSession(recoveryPointResourceId: string): boolean {
        return this.store.deleteResource(`${recoveryPointResourceId}/ilrSession`);
    }

    /** Records what a restore wrote (kept under the vault, newest last by name). */
    putRestore(vault: string, restore: RestoreRecord): void {
        this.store.putResource<RestoreRecord>({ id: `${vault}/emulator/restores/${restore.jobId}`, name: restore.jobId, type: BACKUP_TYPES.restore, properties: restore });
    }

    /** What the vault's completed restores wrote, oldest first. */
    listRestores(vault: string): RestoreRecord[] {
        return this.store
            .listChildResources<RestoreRecord>(`${vault}/emulator`, BACKUP_TYPES.restore)
            .map((model) => model.properties)
            .sort((a, b) => a.completedAt.localeCompare(b.completedAt));
    }

    /** The files a file-share recovery point captured. */
    getFileShareSnapshot(recoveryPointResourceId: string): FileShareSnapshotRecord | undefined {
        return this.store.getResource<FileShareSnapshotRecord>(`${recoveryPointResourceId}/content`)?.properties;
    }

    /** The database content a SQL recovery point captured. */
    getSqlSnapshot(recoveryPointResourceId: string): SqlDatabaseSnapshotRecord | undefined {
        return this.store.getResource<SqlDatabaseSnapshotRecord>(`${recoveryPointResourceId}/sqlContent`)?.properties;
    }

    /** Keeps the database content a SQL recovery point captured. */
    putSqlSnapshot(recoveryPointResourceId: string, snapshot: SqlDatabaseSnapshotRecord): void {
        this.store.putResource<SqlDatabaseSnapshotRecord>({ id: `${recoveryPointResourceId}/sqlContent`, name: "sqlContent", type: BACKUP_TYPES.sqlDatabaseSnapshot, properties: snapshot });
    }

    /** The log chain of a SQL item, when it has one. */
    getLogChain(itemId: string): LogChainRecord | undefined {
        return this.store.getResource<LogChainRecord>(`${itemId}/emulator/logChain`)?.properties;
    }

    /** Replaces the log chain of a SQL item. */
    putLogChain(itemId: string, chain: LogChainRecord): void {
        this.store.putResource<LogChainRecord>({ id: `${itemId}/emulator/logChain`, name: "logChain", type: BACKUP_TYPES.logChain, properties: chain });
    }

    /** What the last completed inquiry of a container found, when one completed. */
    getInquiry(container: ContainerModel): WorkloadInquiryRecord | undefined {
        return this.store.getResource<WorkloadInquiryRecord>(`${container.id}/emulator/inquiry`)?.properties;
    }

    /** Records what an inquiry of a container found (it goes with the container). */
    putInquiry(container: ContainerModel, inquiry: WorkloadInquiryRecord): void {
        this.store.putResource<WorkloadInquiryRecord>({ id: `${container.id}/emulator/inquiry`, name: "inquiry", type: BACKUP_TYPES.workloadInquiry, properties: inquiry });
    }

    /** A job by name (its GUID). */
    getJob(vault: string, name: string): JobModel | undefined {
        return this.store.getResource<JobRecord>(jobId(vault, name));
    }

    /** Stores a job. */
    putJob(job: JobModel): JobModel {
        return this.store.putResource(job);
    }

    /** The vault's jobs, newest first. */
    listJobs(vault: string): JobModel[] {
        return this.store
            .listChildResources<JobRecord>(vault, BACKUP_TYPES.job)
            .sort((a, b) => b.properties.startTime.localeCompare(a.properties.startTime) || b.name.localeCompare(a.name));
    }

    /** A protection intent by name. */
    getIntent(vault: string, name: string): ProtectionIntentModel | undefined {
        return this.store.getResource<ProtectionIntentRecord>(protectionIntentId(vault, name));
    }

    /** Stores a protection intent. */
    putIntent(intent: ProtectionIntentModel): ProtectionIntentModel {
        return this.store.putResource(intent);
    }

    /** Removes a protection intent; false when there was none. */
    deleteIntent(vault: string, name: string): boolean {
        return this.store.deleteResource(protectionIntentId(vault, name));
    }

    /** The vault's protection intents in name order. */
    listIntents(vault: string): ProtectionIntentModel[] {
        return sortByName(this.store.listChildResources<ProtectionIntentRecord>(fabricId(vault), BACKUP_TYPES.protectionIntent));
    }

    /** What the vault has discovered so far. */
    getDiscovery(vault: string): DiscoveryRecord {
        return { ...structuredClone(EMPTY_DISCOVERY), ...this.store.getResource<DiscoveryRecord>(discoveryId(vault))?.properties };
    }

    /** Replaces what the vault has discovered. */
    putDiscovery(vault: string, discovery: DiscoveryRecord): void {
        this.store.putResource<DiscoveryRecord>({ id: discoveryId(vault), name: "discovery", type: BACKUP_TYPES.discovery, properties: discovery });
    }

    /** The vault's resource-guard proxy, when MUA is set up. */
    getResourceGuardProxy(vault: string): ArmResourceModel<ResourceGuardProxyRecord> | undefined {
        return this.store.getResource<ResourceGuardProxyRecord>(resourceGuardProxyId(vault));
    }

    /** Stores the vault's resource-guard proxy. */
    putResourceGuardProxy(vault: string, record: ResourceGuardProxyRecord): void {
        this.store.putResource<ResourceGuardProxyRecord>({ id: resourceGuardProxyId(vault), name: "VaultProxy", type: BACKUP_TYPES.resourceGuardProxy, properties: record });
    }

    /** Removes the vault's resource-guard proxy. */
    deleteResourceGuardProxy(vault: string): void {
        this.store.deleteResource(resourceGuardProxyId(vault));
    }

    /** The underlying shared store (for reading VMs and storage accounts). */
    get shared(): EmulatorStore {
        return this.store;
    }
}

function sortByName<T extends { name: string }>(models: T[]): T[] {
    return models.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}
