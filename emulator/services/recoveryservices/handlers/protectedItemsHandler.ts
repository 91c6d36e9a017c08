import { parseVirtualMachineId, type VirtualMachineModel } from "../../compute/virtualMachines";
import { newProtectedItemDataId, parsePolicyId, parseVaultId, sameId, type VaultTarget } from "../names/backupIds";
import { parseItemBody, type ParsedItemBody } from "../lifecycle/itemRequest";
import { stateOf } from "../lifecycle/protectedItemState";
import {
    bmsUserErrorConflictingProtectionOperation,
    bmsUserErrorDataSourceObjectNotFound,
    bmsUserErrorInvalidConfigureProtectionRequest,
    bmsUserErrorInvalidPolicyForGivenProvider,
    bmsUserErrorObjectLocked,
    bmsUserErrorPolicyNotFound,
    userErrorOperationDeniedOnImmutableItem,
    userErrorResourceGuardOperationRequestMissing,
} from "../recoveryServicesErrors";
import { matchesFilter, parseODataFilter } from "../requests/odataFilter";
import type { ListResult } from "../requests/paging";
import type { PolicyModel, ProtectedItemModel, VaultModel } from "../state/backupStore";
import type { ContainerRecord, ProtectedItemRecord } from "../state/models";
import type { BackupOperation } from "../work/backupOperations";
import type { ConfigurePlan } from "../work/protectionWork";
import { sqlDatabaseItemRecord } from "../work/sqlRecords";
import { toOperationStatus, type OperationStatusResource } from "../views/operationStatusView";
import { toProtectedItemResource, type ProtectedItemResource } from "../views/protectedItemView";
import type { HandlerDependencies } from "./handlerDependencies";
import { pollAnswerOf, requireOperation, type PollAnswer } from "./pollAnswer";
import { locateItem, type LocatedItem } from "./protectedItemLocator";
import { requireVault } from "./vaultScope";

/** A protected item as a request path names it. */
export interface ItemTarget extends VaultTarget {
    containerName: string;
    protectedItemName: string;
}

/**
 * Protected items: ProtectedItems create-or-update / get / delete, BackupProtectedItems list, and
 * the operation results and statuses of item operations (item level) and deletions (vault level).
 * A PUT is read into a request (protect, stop, suspend, undelete), the item's lifecycle state decides
 * what it may do, the vault's guards (multi-user authorization, immutability) have their say, and the
 * change runs as an operation answered 202.
 */
export class ProtectedItemsHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /** PUT `protectedItems/{item}`: 202 with the operation that protects, changes policy, stops or undeletes. */
    createOrUpdate(target: ItemTarget, body: unknown): BackupOperation {
        const vault = requireVault(this.deps.store, target);
        const parsed = parseItemBody(body);
        const located = locateItem(this.deps.store, vault, target.containerName, target.protectedItemName);
        if (!located) {
            // Unknown names: an item that does not exist cannot be stopped; one that cannot be found cannot be protected.
            throw parsed.request.kind === "protect" ? bmsUserErrorInvalidConfigureProtectionRequest() : bmsUserErrorDataSourceObjectNotFound();
        }
        const transition = stateOf(located.existing?.properties).onUpdate(parsed.request);
        const running = this.deps.operations.runningOn(vault.id, { itemName: located.itemName });
        if (running) throw running.kind === "ConfigureBackup" && transition === "configure" ? bmsUserErrorConflictingProtectionOperation() : bmsUserErrorObjectLocked();
        switch (transition) {
            case "configure":
                return this.deps.protection.configure(vault, this.configurePlan(vault, located, parsed), located.existing);
            case "stop":
                this.requireResourceGuardApproval(vault, parsed.resourceGuardOperationRequests);
                return this.deps.protection.stop(vault, located.existing!, "stop");
            case "suspend":
                // Suspending (retain as per policy) needs an immutable vault; the service refuses it otherwise
                // with its immutability error, confusing as it reads (Azure/azure-rest-api-specs#32688).
                if (vault.properties.security.immutabilityState === "Disabled") throw userErrorOperationDeniedOnImmutableItem();
                this.requireResourceGuardApproval(vault, parsed.resourceGuardOperationRequests);
                return this.deps.protection.stop(vault, located.existing!, "suspend");
            case "undelete":
                return this.deps.protection.undelete(vault, located.existing!);
            default:
                throw bmsUserErrorInvalidConfigureProtectionRequest();
        }
    }

    /** GET `protectedItems/{item}`: soft-deleted items included (the live service answers them, flagged). */
    get(target: ItemTarget): ProtectedItemResource {
        const vault = requireVault(this.deps.store, target);
        return this.view(vault, this.requireItem(vault, target));
    }

    /**
     * DELETE `protectedItems/{item}`: stop protection and delete data, 202 tracked at the vault level;
     * `absent` (204) when there is nothing left to delete. Under multi-user authorization the deletion
     * must have been unlocked first (`backupResourceGuardProxies/VaultProxy/unlockDelete`), as clients do.
     */
    delete(target: ItemTarget): BackupOperation | "absent" {
        const vault = requireVault(this.deps.store, target);
        const located = locateItem(this.deps.store, vault, target.containerName, target.protectedItemName);
        const item = located?.existing;
        if (!item || stateOf(item.properties).onDelete() === "none") return "absent";
        if (this.deps.operations.runningOn(vault.id, { itemName: item.name })) throw bmsUserErrorObjectLocked();
        if (vault.properties.security.isMultiUserAuthorizationEnabled && !this.consumeUnlockedDeletion(vault, item)) throw userErrorResourceGuardOperationRequestMissing();
        return this.deps.protection.deleteData(vault, item);
    }

    /** GET `backupProtectedItems?$filter=backupManagementType eq '…' and itemType eq '…'` (soft-deleted items included). */
    list(target: VaultTarget, filter: string | undefined): ListResult<ProtectedItemResource> {
        const vault = requireVault(this.deps.store, target);
        const conditions = parseODataFilter(filter);
        const value = this.deps.store
            .listItems(vault.id)
            .filter((item) => matchesFilter(conditions.backupmanagementtype, item.properties.backupManagementType))
            .filter((item) => matchesFilter(conditions.itemtype ?? conditions.workloadtype, item.properties.workloadType))
            .filter((item) => matchesFilter(conditions.friendlyname, item.properties.friendlyName))
            .filter((item) => conditions.policyname === undefined || (item.properties.policyId !== undefined && parsePolicyId(item.properties.policyId)?.policyName.toLowerCase() === conditions.policyname.toLowerCase()))
            .map((item) => this.view(vault, item));
        return { value };
    }

    /**
     * GET `protectedItems/{item}/operationResults/{id}`: 202 while running, then 200 with the item
     * (the official client's poller accepts no 204 here), or 204 once the item is gone.
     */
    getOperationResult(target: ItemTarget, operationId: string): PollAnswer {
        const vault = requireVault(this.deps.store, target);
        const operation = requireOperation(this.deps.operations, vault.id, operationId, ["item"]);
        return pollAnswerOf(operation, () => {
            const item = operation.containerName && operation.itemName ? this.deps.store.getItem(vault.id, operation.containerName, operation.itemName) : undefined;
            return item ? this.view(vault, item) : undefined;
        });
    }

    /** GET `protectedItems/{item}/operationsStatus/{id}`: the status, with the job's id. */
    getOperationStatus(target: ItemTarget, operationId: string): OperationStatusResource {
        const vault = requireVault(this.deps.store, target);
        return toOperationStatus(requireOperation(this.deps.operations, vault.id, operationId, ["item"]));
    }

    /** GET `backupOperationResults/{id}` (a deletion's Location): 202 while running, then 204. */
    getBackupOperationResult(target: VaultTarget, operationId: string): PollAnswer {
        const vault = requireVault(this.deps.store, target);
        return pollAnswerOf(requireOperation(this.deps.operations, vault.id, operationId, ["vault", "item", "container", "job"]), () => undefined);
    }

    /** GET `backupOperations/{id}` (a deletion's Azure-AsyncOperation): the status, with the job's id. */
    getBackupOperationStatus(target: VaultTarget, operationId: string): OperationStatusResource {
        const vault = requireVault(this.deps.store, target);
        return toOperationStatus(requireOperation(this.deps.operations, vault.id, operationId, ["vault", "item", "container", "job"]));
    }

    /** The item a path names; 404 BMSUserErrorDataSourceObjectNotFound otherwise. */
    requireItem(vault: VaultModel, target: ItemTarget): ProtectedItemModel {
        const item = locateItem(this.deps.store, vault, target.containerName, target.protectedItemName)?.existing;
        if (!item) throw bmsUserErrorDataSourceObjectNotFound();
        return item;
    }

    /** Renders an item with the vault's soft-delete retention. */
    view(vault: VaultModel, item: ProtectedItemModel): ProtectedItemResource {
        return toProtectedItemResource(item, vault.properties.security.softDeleteRetentionDays);
    }

    private configurePlan(vault: VaultModel, located: LocatedItem, parsed: ParsedItemBody): ConfigurePlan {
        const policy = this.requirePolicy(vault, (parsed.request as { policyId: string }).policyId);
        const backupManagementType = located.kind === "VM" ? "AzureIaasVM" : located.kind === "AzureFileShare" ? "AzureStorage" : "AzureWorkload";
        if (policy.properties.backupManagementType !== backupManagementType) throw bmsUserErrorInvalidPolicyForGivenProvider();
        // A workload policy is for one workload: a SQL database needs one for SQLDataBase (not SAP HANA, say).
        if (located.kind === "SQLDataBase" && String(policy.properties.workLoadType ?? "").toLowerCase() !== "sqldatabase") throw bmsUserErrorInvalidPolicyForGivenProvider();
        const plan: ConfigurePlan = {
            containerName: located.container,
            itemName: located.itemName,
            policy,
            ...(parsed.diskExclusionProperties && located.kind === "VM" ? { diskExclusionProperties: parsed.diskExclusionProperties } : {}),
        };
        if (located.existing) return plan;
        if (located.kind === "VM") return { ...plan, ...this.newVmItem(vault, located, parsed) };
        return { ...plan, newItem: located.kind === "AzureFileShare" ? this.newFileShareItem(vault, located, parsed) : this.newSqlDatabaseItem(located, parsed) };
    }

    // A SQL database is protectable once an inquiry of its registered VM found it.
    private newSqlDatabaseItem(located: LocatedItem, parsed: ParsedItemBody): ProtectedItemRecord {
        const found = located.sqlDatabase;
        if (parsed.protectedItemType.toLowerCase() !== "azurevmworkloadsqldatabase" || !found) throw bmsUserErrorInvalidConfigureProtectionRequest();
        if (parsed.sourceResourceId !== undefined && !sameId(parsed.sourceResourceId, found.container.properties.sourceResourceId)) throw bmsUserErrorInvalidConfigureProtectionRequest();
        return sqlDatabaseItemRecord(found.container, found.instance, found.databaseName);
    }

    // A VM is protectable once a refresh found it; its container comes into being with the item.
    private newVmItem(vault: VaultModel, located: LocatedItem, parsed: ParsedItemBody): { newItem: ProtectedItemRecord; implicitContainer: ContainerRecord } {
        if (parsed.protectedItemType.toLowerCase() !== "microsoft.compute/virtualmachines") throw bmsUserErrorInvalidConfigureProtectionRequest();
        const vm = this.deps.discovery
            .virtualMachines(vault.id)
            .find((candidate) => {
                const parts = parseVirtualMachineId(candidate.id)!;
                return parts.resourceGroupName.toLowerCase() === located.container.resourceGroupName.toLowerCase() && parts.vmName.toLowerCase() === located.container.resourceName.toLowerCase();
            });
        if (!vm || (parsed.sourceResourceId !== undefined && !sameId(parsed.sourceResourceId, vm.id))) throw bmsUserErrorInvalidConfigureProtectionRequest();
        return { newItem: vmItemRecord(vm, located.container.name), implicitContainer: vmContainerRecord(vm) };
    }

    // A file share is protectable once a refresh found it and its storage account is registered.
    private newFileShareItem(vault: VaultModel, located: LocatedItem, parsed: ParsedItemBody): ProtectedItemRecord {
        if (parsed.protectedItemType.toLowerCase() !== "azurefileshareprotecteditem") throw bmsUserErrorInvalidConfigureProtectionRequest();
        const container = this.deps.store.getContainer(vault.id, located.container.name);
        const share = located.fileShare;
        if (!container || !share || !this.deps.discovery.isDiscovered(vault.id, share.id)) throw bmsUserErrorInvalidConfigureProtectionRequest();
        const accountId = container.properties.sourceResourceId;
        if (parsed.sourceResourceId !== undefined && !sameId(parsed.sourceResourceId, accountId)) throw bmsUserErrorInvalidConfigureProtectionRequest();
        return {
            protectedItemType: "AzureFileShareProtectedItem",
            backupManagementType: "AzureStorage",
            workloadType: "AzureFileShare",
            friendlyName: share.name,
            sourceResourceId: accountId,
            dataSourceId: share.id,
            containerName: container.name,
            protectionState: "IRPending",
            protectionStatus: "Healthy",
            healthStatus: "Passed",
            protectedItemDataId: newProtectedItemDataId(),
            extra: {},
        };
    }

    private requirePolicy(vault: VaultModel, id: string): PolicyModel {
        const parsed = parsePolicyId(id);
        const vaultTarget = parseVaultId(vault.id)!;
        const sameVault =
            parsed &&
            parsed.vault.subscriptionId.toLowerCase() === vaultTarget.subscriptionId.toLowerCase() &&
            parsed.vault.resourceGroupName.toLowerCase() === vaultTarget.resourceGroupName.toLowerCase() &&
            parsed.vault.vaultName.toLowerCase() === vaultTarget.vaultName.toLowerCase();
        const policy = sameVault ? this.deps.store.getPolicy(vault.id, parsed.policyName) : undefined;
        if (!policy) throw bmsUserErrorPolicyNotFound();
        return policy;
    }

    // Under multi-user authorization, stopping protection needs an approved operation request of the vault's Resource Guard.
    private requireResourceGuardApproval(vault: VaultModel, requests: readonly string[]): void {
        const { isMultiUserAuthorizationEnabled, resourceGuardId } = vault.properties.security;
        if (!isMultiUserAuthorizationEnabled) return;
        const approved = requests.some((request) => resourceGuardId === undefined || request.toLowerCase().startsWith(resourceGuardId.toLowerCase()));
        if (!approved) throw userErrorResourceGuardOperationRequestMissing();
    }

    // An unlock (from `unlockDelete`) is good for one deletion of that item before it expires.
    private consumeUnlockedDeletion(vault: VaultModel, item: ProtectedItemModel): boolean {
        const proxy = this.deps.store.getResourceGuardProxy(vault.id);
        const key = item.id.toLowerCase();
        const expiry = proxy?.properties.unlockedDeletions[key];
        if (!proxy || expiry === undefined || expiry < this.deps.clock.nowMs()) return false;
        delete proxy.properties.unlockedDeletions[key];
        this.deps.store.putResourceGuardProxy(vault.id, proxy.properties);
        return true;
    }
}

/** The record a newly protected VM starts from. */
export function vmItemRecord(vm: VirtualMachineModel, containerName: string): ProtectedItemRecord {
    return {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        backupManagementType: "AzureIaasVM",
        workloadType: "VM",
        friendlyName: vm.name,
        sourceResourceId: vm.id,
        containerName,
        protectionState: "IRPending",
        protectionStatus: "Healthy",
        healthStatus: "Passed",
        protectedItemDataId: newProtectedItemDataId(),
        extra: { virtualMachineId: vm.id },
    };
}

/** The implicit container of a protected VM. */
export function vmContainerRecord(vm: VirtualMachineModel): ContainerRecord {
    return {
        containerType: "IaasVMContainer",
        backupManagementType: "AzureIaasVM",
        friendlyName: vm.name,
        sourceResourceId: vm.id,
        registrationStatus: "Registered",
        healthStatus: "Healthy",
        isImplicit: true,
        extra: { virtualMachineId: vm.id, virtualMachineVersion: "Compute", resourceGroup: parseVirtualMachineId(vm.id)!.resourceGroupName },
    };
}
