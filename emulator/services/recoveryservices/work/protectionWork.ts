import { configureProtection, softDelete, stopProtection, suspendBackups, undelete } from "../lifecycle/itemTransitions";
import type { ContainerName } from "../names/backupNames";
import { containerId, policyId, protectedItemId } from "../names/backupIds";
import {
    bmsUserErrorContainerObjectNotFound,
    bmsUserErrorDataSourceObjectNotFound,
    bmsUserErrorPolicyNotFound,
    userErrorBackupItemSoftDeleted,
    userErrorDeleteBackupItemOnImmutableItem,
} from "../recoveryServicesErrors";
import type { PolicyModel, ProtectedItemModel, VaultModel } from "../state/backupStore";
import { BACKUP_TYPES, type ContainerRecord, type JobOperation, type ProtectedItemRecord } from "../state/models";
import type { BackupOperation } from "./backupOperations";
import type { BackupRuns } from "./backupRuns";
import type { BackupWorkDependencies } from "./backupWork";
import { itemJobSubject } from "./jobSubjects";

/** What protecting an item (or changing its policy) takes. */
export interface ConfigurePlan {
    containerName: ContainerName;
    /** Created with the item when missing: IaaS VM containers exist because a VM is protected, not because they were registered. */
    implicitContainer?: ContainerRecord;
    /** Canonical item name. */
    itemName: string;
    /** The record a new item starts from; absent when the item exists. */
    newItem?: ProtectedItemRecord;
    policy: PolicyModel;
    diskExclusionProperties?: ProtectedItemRecord["diskExclusionProperties"];
    /**
     * Configure at once rather than when the operation ends (protection intents answer synchronously,
     * the item already there); the ConfigureBackup job still runs its course.
     */
    applyNow?: boolean;
    /** When the operation starts, when not now (auto-protection started by an inquiry that ended earlier on the backup clock). */
    startAtMs?: number;
}

/**
 * The protected-item transitions as the service runs them: each starts an operation with its job
 * (ConfigureBackup, DisableBackup, Undelete, DeleteBackupData) and changes the item when the
 * operation ends, re-reading the state then (the vault's soft-delete and immutability settings are
 * those in force at the end). Validation happens before, in the handlers and lifecycle states.
 */
export class ProtectionWork {
    constructor(
        private readonly deps: BackupWorkDependencies,
        private readonly runs: BackupRuns,
    ) {}

    /** ConfigureBackup: protects a new item, changes the policy of one, or resumes a stopped one. */
    configure(vault: VaultModel, plan: ConfigurePlan, existing: ProtectedItemModel | undefined): BackupOperation {
        const subject = existing?.properties ?? plan.newItem!;
        const apply = (atMs: number) => this.applyConfigure(vault.id, plan, atMs);
        const forced = this.deps.failures.take("ConfigureBackup", subject.friendlyName);
        if (plan.applyNow && !forced) apply(this.deps.clock.nowMs());
        return this.startItemOperation(vault, "ConfigureBackup", plan.containerName.name, plan.itemName, subject, plan.policy.name, plan.applyNow ? () => undefined : apply, forced, plan.startAtMs);
    }

    /** DisableBackup: stops protection keeping the data (`stop`) or as per policy (`suspend`). */
    stop(vault: VaultModel, item: ProtectedItemModel, how: "stop" | "suspend"): BackupOperation {
        const forced = this.deps.failures.take("DisableBackup", item.properties.friendlyName);
        return this.startItemOperation(vault, "DisableBackup", item.properties.containerName, item.name, item.properties, undefined, () => {
            const current = this.requireItem(item.id);
            if (current.properties.isScheduledForDeferredDelete) throw userErrorBackupItemSoftDeleted();
            this.deps.store.putItem({ ...current, properties: how === "stop" ? stopProtection(current.properties) : suspendBackups(current.properties) });
        }, forced);
    }

    /** Undelete: brings a soft-deleted item back, protection stopped. */
    undelete(vault: VaultModel, item: ProtectedItemModel): BackupOperation {
        const forced = this.deps.failures.take("Undelete", item.properties.friendlyName);
        return this.startItemOperation(vault, "Undelete", item.properties.containerName, item.name, item.properties, undefined, () => {
            const current = this.requireItem(item.id);
            if (current.properties.isScheduledForDeferredDelete) this.deps.store.putItem({ ...current, properties: undelete(current.properties) });
        }, forced);
    }

    /**
     * DeleteBackupData: stops protection and deletes the data. With soft delete on (Enabled or
     * AlwaysON) the item stays soft-deleted for the retention days; off, it goes with its recovery
     * points. An immutable vault (Unlocked or Locked) fails the operation, as the live service does
     * (the DELETE is accepted, the operation fails with UserErrorDeleteBackupItemOnImmutableItem).
     * Tracked at the vault level (`backupOperations`, `backupOperationResults`), as ProtectedItem_Delete.json shows.
     */
    deleteData(vault: VaultModel, item: ProtectedItemModel): BackupOperation {
        const forced = this.deps.failures.take("DeleteBackupData", item.properties.friendlyName);
        const job = this.deps.jobs.start(vault.id, "DeleteBackupData", itemJobSubject(item.properties), this.deps.clock.nowMs(), true);
        return this.deps.operations.start({
            vaultId: vault.id,
            kind: "DeleteBackupData",
            scope: "vault",
            containerName: item.properties.containerName,
            itemName: item.name,
            entityFriendlyName: item.properties.friendlyName,
            startMs: this.deps.clock.nowMs(),
            durationMs: this.deps.behaviour().deleteMs,
            jobName: job.name,
            ...(forced ? { forced } : {}),
            complete: (atMs) => {
                const security = this.deps.store.getVault(vault.id)?.properties.security ?? vault.properties.security;
                if (security.immutabilityState !== "Disabled") throw userErrorDeleteBackupItemOnImmutableItem();
                const current = this.deps.store.getItemById(item.id);
                if (!current || current.properties.isScheduledForDeferredDelete) return;
                if (security.softDeleteState === "Disabled") this.purge(vault.id, current);
                else this.deps.store.putItem({ ...current, properties: softDelete(current.properties, atMs, security.softDeleteRetentionDays) });
            },
        });
    }

    /** Removes an item and its recovery points for good; an IaaS VM container left empty goes too. */
    purge(vaultId: string, item: ProtectedItemModel): void {
        this.deps.store.deleteItem(item.id);
        const container = this.deps.store.getContainer(vaultId, item.properties.containerName);
        if (container?.properties.isImplicit && this.deps.store.listItemsIn(container).length === 0) this.deps.store.deleteContainer(vaultId, container.name);
    }

    private applyConfigure(vaultId: string, plan: ConfigurePlan, atMs: number): void {
        const policy = this.deps.store.getPolicy(vaultId, plan.policy.name);
        if (!policy) throw bmsUserErrorPolicyNotFound();
        let container = this.deps.store.getContainer(vaultId, plan.containerName.name);
        if (!container) {
            if (!plan.implicitContainer) throw bmsUserErrorContainerObjectNotFound();
            container = this.deps.store.putContainer({ id: containerId(vaultId, plan.containerName.name), name: plan.containerName.name, type: BACKUP_TYPES.container, properties: plan.implicitContainer });
        }
        const existing = this.deps.store.getItem(vaultId, container.name, plan.itemName);
        const base = existing?.properties ?? plan.newItem;
        if (!base) throw bmsUserErrorDataSourceObjectNotFound();
        if (base.isScheduledForDeferredDelete) throw userErrorBackupItemSoftDeleted();
        const first = !base.lastRecoveryPoint && this.deps.behaviour().firstBackupImmediately;
        const next = first ? atMs : this.runs.nextBackupAfter(policy.properties, atMs);
        const record = configureProtection(base, policyId(vaultId, policy.name), next, this.runs.nextLogBackupAfter(policy.properties, base, atMs));
        if (plan.diskExclusionProperties) record.diskExclusionProperties = plan.diskExclusionProperties;
        this.deps.store.putItem({
            id: existing?.id ?? protectedItemId(vaultId, container.name, plan.itemName),
            name: existing?.name ?? plan.itemName,
            type: BACKUP_TYPES.protectedItem,
            properties: record,
        });
    }

    private startItemOperation(
        vault: VaultModel,
        operation: JobOperation,
        containerName: string,
        itemName: string,
        subject: ProtectedItemRecord,
        policyName: string | undefined,
        complete: (atMs: number) => void,
        forced: { code: string; message: string } | undefined,
        startAtMs?: number,
    ): BackupOperation {
        const now = startAtMs ?? this.deps.clock.nowMs();
        const job = this.deps.jobs.start(vault.id, operation, itemJobSubject(subject, policyName), now, true);
        return this.deps.operations.start({
            vaultId: vault.id,
            kind: operation,
            scope: "item",
            containerName,
            itemName,
            entityFriendlyName: subject.friendlyName,
            startMs: now,
            durationMs: durationOf(operation, this.deps.behaviour()),
            jobName: job.name,
            ...(forced ? { forced } : {}),
            complete,
        });
    }

    private requireItem(id: string): ProtectedItemModel {
        const item = this.deps.store.getItemById(id);
        if (!item) throw bmsUserErrorDataSourceObjectNotFound();
        return item;
    }
}

function durationOf(operation: JobOperation, behaviour: ReturnType<BackupWorkDependencies["behaviour"]>): number {
    switch (operation) {
        case "ConfigureBackup":
            return behaviour.configureMs;
        case "DisableBackup":
            return behaviour.disableMs;
        case "Undelete":
            return behaviour.undeleteMs;
        case "DeleteBackupData":
            return behaviour.deleteMs;
        default:
            return behaviour.configureMs;
    }
}
