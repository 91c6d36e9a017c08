import { parseVirtualMachineId, type VirtualMachineModel } from "../../compute/virtualMachines";
import { displayId, parsePolicyId, policyId, protectionIntentId, type VaultTarget } from "../names/backupIds";
import { vmContainerName, vmItemName } from "../names/backupNames";
import { stateOf } from "../lifecycle/protectedItemState";
import {
    bmsUserErrorConflictingProtectionOperation,
    bmsUserErrorInvalidConfigureProtectionRequest,
    bmsUserErrorInvalidPolicyForGivenProvider,
    bmsUserErrorPolicyNotFound,
    bmsUserErrorProtectionIntentNotFound,
    userErrorInvalidRequestParameter,
} from "../recoveryServicesErrors";
import type { ListResult } from "../requests/paging";
import type { VaultModel } from "../state/backupStore";
import { BACKUP_TYPES } from "../state/models";
import { toProtectionIntentResource, type VaultResource } from "../views/vaultView";
import type { HandlerDependencies } from "./handlerDependencies";
import { vmContainerRecord, vmItemRecord } from "./protectedItemsHandler";
import { requireVault } from "./vaultScope";

/**
 * Protection intents (`backupFabrics/Azure/backupProtectionIntent/{intent}`), the `AzureResourceItem`
 * kind: what the portal sends when a VM is created with backup on. The PUT answers 200 at once with
 * the VM protected (IRPending; no refresh needed), its ConfigureBackup job running its course; SQL
 * auto-protection intents come with the SQL-in-VM follow-up.
 */
export class ProtectionIntentHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /** PUT `backupProtectionIntent/{intent}` (ProtectionIntent_CreateOrUpdate.json): 200, synchronous. */
    createOrUpdate(target: VaultTarget, intentName: string, body: unknown): VaultResource {
        const vault = requireVault(this.deps.store, target);
        const properties = isObject(body) && isObject(body.properties) ? body.properties : undefined;
        if (!properties) throw bmsUserErrorInvalidConfigureProtectionRequest();
        if (typeof properties.protectionIntentItemType !== "string" || properties.protectionIntentItemType.toLowerCase() !== "azureresourceitem") {
            throw userErrorInvalidRequestParameter("protectionIntentItemType");
        }
        const vm = this.requireVm(vault, properties.sourceResourceId);
        const policy = this.requirePolicy(vault, properties.policyId);
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
        const intent = this.deps.store.putIntent({
            id: protectionIntentId(vault.id, intentName),
            name: this.deps.store.getIntent(vault.id, intentName)?.name ?? intentName,
            type: BACKUP_TYPES.protectionIntent,
            properties: {
                protectionIntentItemType: "AzureResourceItem",
                backupManagementType: "AzureIaasVM",
                sourceResourceId: vm.id,
                policyId: policyId(vault.id, policy.name),
                itemId: item ? displayId(item.id) : "",
                protectionState: item ? "Protected" : "ProtectionFailed",
            },
        });
        return toProtectionIntentResource(intent);
    }

    /** GET `backupProtectionIntent/{intent}`. */
    get(target: VaultTarget, intentName: string): VaultResource {
        const vault = requireVault(this.deps.store, target);
        const intent = this.deps.store.getIntent(vault.id, intentName);
        if (!intent) throw bmsUserErrorProtectionIntentNotFound();
        return toProtectionIntentResource(intent);
    }

    /** DELETE `backupProtectionIntent/{intent}`: 204 (BackupProtectionIntent_Delete.json); the protected item stays. */
    delete(target: VaultTarget, intentName: string): void {
        const vault = requireVault(this.deps.store, target);
        this.deps.store.deleteIntent(vault.id, intentName);
    }

    /** GET `backupProtectionIntents`. */
    list(target: VaultTarget): ListResult<VaultResource> {
        const vault = requireVault(this.deps.store, target);
        return { value: this.deps.store.listIntents(vault.id).map(toProtectionIntentResource) };
    }

    // The VM must exist in the vault's subscription; no refresh is needed (the portal protects at creation).
    private requireVm(vault: VaultModel, sourceResourceId: unknown): VirtualMachineModel {
        const parts = typeof sourceResourceId === "string" ? parseVirtualMachineId(sourceResourceId) : undefined;
        const vaultSubscription = vault.id.split("/")[2]?.toLowerCase();
        const vm = parts && parts.subscriptionId.toLowerCase() === vaultSubscription ? this.deps.store.shared.getResource<VirtualMachineModel["properties"]>(sourceResourceId as string) : undefined;
        if (!vm) throw bmsUserErrorInvalidConfigureProtectionRequest();
        return vm;
    }

    private requirePolicy(vault: VaultModel, id: unknown) {
        const parsed = typeof id === "string" ? parsePolicyId(id) : undefined;
        const policy = parsed && parsed.vault.vaultName.toLowerCase() === vault.name.toLowerCase() ? this.deps.store.getPolicy(vault.id, parsed.policyName) : undefined;
        if (!policy) throw bmsUserErrorPolicyNotFound();
        if (policy.properties.backupManagementType !== "AzureIaasVM") throw bmsUserErrorInvalidPolicyForGivenProvider();
        return policy;
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
