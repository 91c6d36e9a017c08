import { parseContainerName, sqlDatabaseItemName } from "../names/backupNames";
import { parsePolicyId } from "../names/backupIds";
import type { ContainerModel, ProtectionIntentModel, VaultModel } from "../state/backupStore";
import type { ProtectionIntentRecord } from "../state/models";
import type { BackupWorkDependencies } from "./backupWork";
import type { ProtectionWork } from "./protectionWork";
import { sqlDatabaseItemRecord } from "./sqlRecords";
import { findInquiredInstance } from "./workloadInquiry";

/**
 * SQL auto-protection (`AzureWorkloadSQLAutoProtectionIntent` on a SQL instance): while the intent
 * exists, every database of the instance the vault knows gets protected with the intent's policy,
 * those known when the intent is put and those later inquiries find ("As the instruction is to back
 * up all future databases, the operation is done at a SQLInstance level", Back up SQL Server with the
 * CLI), each with its own ConfigureBackup job. Databases that already have an item (in any state,
 * another policy or stopped included) are left as they are; deleting the intent stops protecting new
 * databases and leaves protected ones protected.
 */
export class AutoProtection {
    constructor(
        private readonly deps: BackupWorkDependencies,
        private readonly protection: ProtectionWork,
    ) {}

    /** Protects the intent's instance's databases that have no item yet; records the operations on the intent. */
    protectDatabases(vault: VaultModel, intent: ProtectionIntentModel, atMs?: number): void {
        const target = intent.properties.autoProtection;
        const container = target ? this.deps.store.getContainer(vault.id, target.containerName) : undefined;
        const policyName = parsePolicyId(intent.properties.policyId)?.policyName;
        const policy = policyName ? this.deps.store.getPolicy(vault.id, policyName) : undefined;
        const instance = target && container ? findInquiredInstance(this.deps.store, container, target.instanceName) : undefined;
        if (!target || !container || !policy || !instance) return;
        const containerName = parseContainerName(container.name)!;
        const existing = new Set(this.deps.store.listItemsIn(container).map((item) => item.name.toLowerCase()));
        const operationIds: string[] = [];
        for (const databaseName of instance.databases) {
            const itemName = sqlDatabaseItemName(instance.name, databaseName);
            if (existing.has(itemName.toLowerCase()) || this.deps.operations.runningOn(vault.id, { itemName })) continue;
            const plan = { containerName: { ...containerName, name: container.name }, itemName, policy, newItem: sqlDatabaseItemRecord(container, instance, databaseName), ...(atMs !== undefined ? { startAtMs: atMs } : {}) };
            operationIds.push(this.protection.configure(vault, plan, undefined).id);
        }
        // The intent reports the last batch it started (Protecting while it runs); with nothing new it keeps its state.
        if (operationIds.length > 0) {
            const current = this.deps.store.getIntent(vault.id, intent.name);
            if (current?.properties.autoProtection) this.deps.store.putIntent({ ...current, properties: { ...current.properties, autoProtection: { ...current.properties.autoProtection, operationIds } } });
        }
    }

    /** After an inquiry of a container ended at `atMs`: every SQL auto-protection intent on one of its instances protects what is new. */
    afterInquiry(vault: VaultModel, container: ContainerModel, atMs: number): void {
        for (const intent of this.deps.store.listIntents(vault.id)) {
            if (intent.properties.autoProtection?.containerName.toLowerCase() === container.name.toLowerCase()) this.protectDatabases(vault, intent, atMs);
        }
    }

    /** The intent's `protectionState`: Protecting while a ConfigureBackup it started runs, ProtectionFailed when one of them failed, else Protected. */
    stateOf(vaultId: string, intent: ProtectionIntentRecord): ProtectionIntentRecord["protectionState"] {
        const operations = (intent.autoProtection?.operationIds ?? []).map((id) => this.deps.operations.get(vaultId, id)).filter((operation) => operation !== undefined);
        if (operations.some((operation) => operation.status === "InProgress")) return "Protecting";
        return operations.some((operation) => operation.status === "Failed") ? "ProtectionFailed" : "Protected";
    }
}
