import { parseVirtualMachineId, type VirtualMachineModel } from "../../compute/virtualMachines";
import { displayId, parsePolicyId, policyId, protectionIntentId, sameId, type VaultTarget } from "../names/backupIds";
import { parseContainerName, vmContainerName, vmItemName } from "../names/backupNames";
import { stateOf } from "../lifecycle/protectedItemState";
import {
    bmsUserErrorConflictingProtectionOperation,
    bmsUserErrorInvalidConfigureProtectionRequest,
    bmsUserErrorInvalidPolicyForGivenProvider,
    bmsUserErrorPolicyNotFound,
    bmsUserErrorProtectionIntentNotFound,
    userErrorInvalidRequestParameter,
} from "../recoveryServicesErrors";
import { parseIntentItemId } from "../requests/intentItemId";
import type { ListResult } from "../requests/paging";
import type { ContainerModel, PolicyModel, ProtectionIntentModel, VaultModel } from "../state/backupStore";
import { BACKUP_TYPES, type BackupManagementType, type InquiredInstance } from "../state/models";
import { toProtectionIntentResource, type VaultResource } from "../views/vaultView";
import { findInquiredInstance } from "../work/workloadInquiry";
import type { HandlerDependencies } from "./handlerDependencies";
import { vmContainerRecord, vmItemRecord } from "./protectedItemsHandler";
import { requireVault } from "./vaultScope";

/**
 * Protection intents (`backupFabrics/Azure/backupProtectionIntent/{intent}`), two kinds:
 * `AzureResourceItem`, what the portal sends when a VM is created with backup on (the PUT answers 200
 * at once with the VM protected, IRPending, no refresh needed, its ConfigureBackup job running its
 * course); and `AzureWorkloadSQLAutoProtectionIntent` on a SQL instance, whose every database, those
 * the vault knows now and those later inquiries find, gets protected with the policy
 * (`AutoProtection`), the intent `Protecting` while their ConfigureBackup jobs run, then `Protected`.
 */
export class ProtectionIntentHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /** PUT `backupProtectionIntent/{intent}` (ProtectionIntent_CreateOrUpdate.json): 200, synchronous. */
    createOrUpdate(target: VaultTarget, intentName: string, body: unknown): VaultResource {
        const vault = requireVault(this.deps.store, target);
        const properties = isObject(body) && isObject(body.properties) ? body.properties : undefined;
        if (!properties) throw bmsUserErrorInvalidConfigureProtectionRequest();
        const kind = typeof properties.protectionIntentItemType === "string" ? properties.protectionIntentItemType.toLowerCase() : "";
        if (kind === "azureresourceitem") return this.protectVm(vault, intentName, properties);
        if (kind === "azureworkloadsqlautoprotectionintent") return this.autoProtectSqlInstance(vault, intentName, properties);
        throw userErrorInvalidRequestParameter("protectionIntentItemType");
    }

    /** GET `backupProtectionIntent/{intent}`. */
    get(target: VaultTarget, intentName: string): VaultResource {
        const vault = requireVault(this.deps.store, target);
        const intent = this.deps.store.getIntent(vault.id, intentName);
        if (!intent) throw bmsUserErrorProtectionIntentNotFound();
        return this.view(vault, intent);
    }

    /** DELETE `backupProtectionIntent/{intent}`: 204 (BackupProtectionIntent_Delete.json); what it protected stays protected. */
    delete(target: VaultTarget, intentName: string): void {
        const vault = requireVault(this.deps.store, target);
        this.deps.store.deleteIntent(vault.id, intentName);
    }

    /** GET `backupProtectionIntents`. */
    list(target: VaultTarget): ListResult<VaultResource> {
        const vault = requireVault(this.deps.store, target);
        return { value: this.deps.store.listIntents(vault.id).map((intent) => this.view(vault, intent)) };
    }

    // AzureResourceItem: the VM is protected at once, as the portal does at VM creation.
    private protectVm(vault: VaultModel, intentName: string, properties: Record<string, unknown>): VaultResource {
        const vm = this.requireVm(vault, properties.sourceResourceId);
        const policy = this.requirePolicy(vault, properties.policyId, "AzureIaasVM");
        const { resourceGroupName, vmName } = parseVirtualMachineId(vm.id)!;
        const container = vmContainerName(resourceGroupName, vmName);
        const itemName = vmItemName(resourceGroupName, vmName);
        const existing = this.deps.store.getItem(vault.id, container.name, itemName);
        // The item's lifecycle rules apply: a soft-deleted VM must be undeleted first.
        stateOf(existing?.properties).onUpdate({ kind: "protect", policyId: policy.id });
        const alreadyFollows = existing?.properties.policyId?.toLowerCase() === policyId(vault.id, policy.name).toLowerCase();
        if (!alreadyFollows) {
            if (this.deps.operations.runningOn(vault.id, { itemName })) throw bmsUserErrorConflictingProtectionOperation();
            this.deps.protection.configure(
                vault,
                { containerName: container, itemName, policy, applyNow: true, ...(existing ? {} : { newItem: vmItemRecord(vm, container.name), implicitContainer: vmContainerRecord(vm) }) },
                existing,
            );
        }
        const item = this.deps.store.getItem(vault.id, container.name, itemName);
        const intent = this.putIntent(vault, intentName, {
            protectionIntentItemType: "AzureResourceItem",
            backupManagementType: "AzureIaasVM",
            sourceResourceId: vm.id,
            policyId: policyId(vault.id, policy.name),
            itemId: item ? displayId(item.id) : "",
            protectionState: item ? "Protected" : "ProtectionFailed",
        });
        return this.view(vault, intent);
    }

    /**
     * AzureWorkloadSQLAutoProtectionIntent: `itemId` names a SQL instance the last inquiry of its
     * registered VM found (`…/protectionContainers/VMAppContainer;Compute;{rg};{vm}/protectableItems/SQLInstance;{instance}`);
     * its databases without an item are protected now, and those later inquiries find, while the intent exists.
     */
    private autoProtectSqlInstance(vault: VaultModel, intentName: string, properties: Record<string, unknown>): VaultResource {
        if (properties.workloadItemType !== undefined && properties.workloadItemType !== null && String(properties.workloadItemType).toLowerCase() !== "sqlinstance") {
            throw userErrorInvalidRequestParameter("workloadItemType");
        }
        if (properties.backupManagementType !== undefined && properties.backupManagementType !== null && String(properties.backupManagementType).toLowerCase() !== "azureworkload") {
            throw userErrorInvalidRequestParameter("backupManagementType");
        }
        const { container, instance } = this.requireSqlInstance(vault, properties.itemId);
        if (typeof properties.sourceResourceId === "string" && !sameId(properties.sourceResourceId, container.properties.sourceResourceId)) throw bmsUserErrorInvalidConfigureProtectionRequest();
        const policy = this.requirePolicy(vault, properties.policyId, "AzureWorkload");
        if (String(policy.properties.workLoadType ?? "").toLowerCase() !== "sqldatabase") throw bmsUserErrorInvalidPolicyForGivenProvider();
        const intent = this.putIntent(vault, intentName, {
            protectionIntentItemType: "AzureWorkloadSQLAutoProtectionIntent",
            backupManagementType: "AzureWorkload",
            workloadItemType: "SQLInstance",
            sourceResourceId: container.properties.sourceResourceId,
            policyId: policyId(vault.id, policy.name),
            // Answered as sent: BackupProtectionIntent_Get.json shows the spelling clients wrote.
            itemId: String(properties.itemId).trim(),
            protectionState: "Protecting",
            autoProtection: { containerName: container.name, instanceName: instance.name, operationIds: [] },
        });
        this.deps.autoProtection.protectDatabases(vault, intent);
        return this.view(vault, this.deps.store.getIntent(vault.id, intent.name)!);
    }

    private putIntent(vault: VaultModel, intentName: string, properties: ProtectionIntentModel["properties"]): ProtectionIntentModel {
        return this.deps.store.putIntent({
            id: protectionIntentId(vault.id, intentName),
            name: this.deps.store.getIntent(vault.id, intentName)?.name ?? intentName,
            type: BACKUP_TYPES.protectionIntent,
            properties,
        });
    }

    private view(vault: VaultModel, intent: ProtectionIntentModel): VaultResource {
        if (!intent.properties.autoProtection) return toProtectionIntentResource(intent);
        return toProtectionIntentResource({ ...intent, properties: { ...intent.properties, protectionState: this.deps.autoProtection.stateOf(vault.id, intent.properties) } });
    }

    // The VM must exist in the vault's subscription; no refresh is needed (the portal protects at creation).
    private requireVm(vault: VaultModel, sourceResourceId: unknown): VirtualMachineModel {
        const parts = typeof sourceResourceId === "string" ? parseVirtualMachineId(sourceResourceId) : undefined;
        const vaultSubscription = vault.id.split("/")[2]?.toLowerCase();
        const vm = parts && parts.subscriptionId.toLowerCase() === vaultSubscription ? this.deps.store.shared.getResource<VirtualMachineModel["properties"]>(sourceResourceId as string) : undefined;
        if (!vm) throw bmsUserErrorInvalidConfigureProtectionRequest();
        return vm;
    }

    // The instance must be one a completed inquiry of a VM registered with this vault found.
    private requireSqlInstance(vault: VaultModel, itemId: unknown): { container: ContainerModel; instance: InquiredInstance } {
        const reference = parseIntentItemId(itemId);
        const container = reference && reference.vaultName.toLowerCase() === vault.name.toLowerCase() ? this.findVmAppContainer(vault, reference.containerName) : undefined;
        const instanceName = /^sqlinstance;(.+)$/i.exec(reference?.protectableItemName ?? "")?.[1];
        const instance = container && instanceName ? findInquiredInstance(this.deps.store, container, instanceName) : undefined;
        if (!container || !instance) throw bmsUserErrorInvalidConfigureProtectionRequest();
        return { container, instance };
    }

    // `VMAppContainer;Compute;{rg};{vm}`, or `VMAppContainer;Compute;{vm}` as BackupProtectionIntent_Get.json writes it (when one VM of the vault has that name).
    private findVmAppContainer(vault: VaultModel, rawName: string): ContainerModel | undefined {
        const parsed = parseContainerName(rawName);
        if (parsed) return parsed.containerType === "VMAppContainer" ? this.deps.store.getContainer(vault.id, parsed.name) : undefined;
        const short = /^vmappcontainer;compute;([^;]+)$/i.exec(rawName.trim());
        const matches = short
            ? this.deps.store.listContainers(vault.id).filter((container) => container.properties.containerType === "VMAppContainer" && container.properties.friendlyName.toLowerCase() === short[1].toLowerCase())
            : [];
        return matches.length === 1 ? matches[0] : undefined;
    }

    private requirePolicy(vault: VaultModel, id: unknown, kind: BackupManagementType): PolicyModel {
        const parsed = typeof id === "string" ? parsePolicyId(id) : undefined;
        const policy = parsed && parsed.vault.vaultName.toLowerCase() === vault.name.toLowerCase() ? this.deps.store.getPolicy(vault.id, parsed.policyName) : undefined;
        if (!policy) throw bmsUserErrorPolicyNotFound();
        if (policy.properties.backupManagementType !== kind) throw bmsUserErrorInvalidPolicyForGivenProvider();
        return policy;
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
