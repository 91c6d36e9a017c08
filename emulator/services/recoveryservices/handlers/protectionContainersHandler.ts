import { parseStorageAccountId, storageAccountId } from "../../storageaccounts/storageAccounts";
import { parseVirtualMachineId } from "../../compute/virtualMachines";
import { fabricId, parseVaultId, sameId, type VaultTarget } from "../names/backupIds";
import { parseContainerName } from "../names/backupNames";
import {
    bmsUserErrorContainerHasDatasources,
    bmsUserErrorContainerObjectNotFound,
    bmsUserErrorObjectLocked,
    userErrorInvalidRequestParameter,
    userErrorStorageAccountNotFound,
    userErrorWorkloadVmNotDiscovered,
} from "../recoveryServicesErrors";
import { matchesFilter, parseODataFilter } from "../requests/odataFilter";
import type { ListResult } from "../requests/paging";
import type { ContainerModel, VaultModel } from "../state/backupStore";
import { BACKUP_MANAGEMENT_TYPES, type BackupManagementType, type ContainerRecord } from "../state/models";
import type { BackupOperation } from "../work/backupOperations";
import type { RegistrationResult } from "../work/containerWork";
import { vmAppContainerRecord } from "../work/sqlRecords";
import { toProtectionContainerResource, type ProtectionContainerResource } from "../views/containerView";
import { toOperationStatus, type OperationStatusResource } from "../views/operationStatusView";
import type { HandlerDependencies } from "./handlerDependencies";
import { pollAnswerOf, requireOperation, type PollAnswer } from "./pollAnswer";
import { requireVault } from "./vaultScope";

/** What a register PUT answers: the container (200) or the operation registering it (202). */
export type RegisterAnswer = { kind: "registered"; container: ProtectionContainerResource } | { kind: "accepted"; operation: BackupOperation };

/**
 * Protection containers and the fabric: ProtectionContainers refresh / register / get / unregister /
 * inquire, their operation results and statuses, and BackupProtectionContainers list.
 */
export class ProtectionContainersHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /** POST `backupFabrics/Azure/refreshContainers?$filter=backupManagementType eq '…'`: starts discovery (all kinds without a filter). */
    refresh(target: VaultTarget, filter: string | undefined): BackupOperation {
        const vault = requireVault(this.deps.store, target);
        const wanted = parseODataFilter(filter).backupmanagementtype;
        let types: BackupManagementType[] = [...BACKUP_MANAGEMENT_TYPES];
        if (wanted !== undefined) {
            const match = BACKUP_MANAGEMENT_TYPES.find((type) => type.toLowerCase() === wanted.toLowerCase());
            if (!match) throw userErrorInvalidRequestParameter("backupManagementType");
            types = [match];
        }
        return this.deps.containers.refresh(vault, types);
    }

    /** GET `backupFabrics/Azure/operationResults/{id}`: 202 while the refresh runs, then 204 (RefreshContainers_OperationResults.json). */
    getRefreshOperationResult(target: VaultTarget, operationId: string): PollAnswer {
        const vault = requireVault(this.deps.store, target);
        return pollAnswerOf(requireOperation(this.deps.operations, vault.id, operationId, ["fabric"]), () => undefined);
    }

    /** GET `backupFabrics/Azure/operationsStatus/{id}`: the refresh's status. */
    getRefreshOperationStatus(target: VaultTarget, operationId: string): OperationStatusResource {
        const vault = requireVault(this.deps.store, target);
        const operation = requireOperation(this.deps.operations, vault.id, operationId, ["fabric"]);
        return toOperationStatus(operation, `${fabricId(vault.id)}/operationsStatus/${operation.id}`);
    }

    /**
     * PUT `protectionContainers/{container}`: registers a storage account (ProtectionContainers_Register.json)
     * or a VM for its SQL workloads (`VMAppContainer;Compute;{rg};{vm}`, seed 002's step 3). Registering
     * one already registered answers it as it is.
     */
    register(target: VaultTarget, rawName: string, body: unknown): RegisterAnswer {
        const vault = requireVault(this.deps.store, target);
        const name = parseContainerName(rawName);
        if (!name) throw userErrorInvalidRequestParameter("containerName");
        const properties = isObject(body) && isObject(body.properties) ? body.properties : {};
        // IaaS VM containers are never registered: they come with a protected VM.
        if (name.containerType === "IaasVMContainer" || (properties.containerType !== undefined && String(properties.containerType).toLowerCase() !== name.containerType.toLowerCase())) {
            throw userErrorInvalidRequestParameter("containerType");
        }
        const existing = this.deps.store.getContainer(vault.id, name.name);
        if (existing) return { kind: "registered", container: this.view(vault, existing) };
        if (this.deps.operations.runningOn(vault.id, { containerName: name.name })) throw bmsUserErrorObjectLocked();
        const record =
            name.containerType === "VMAppContainer"
                ? this.vmAppContainerRecord(vault, name.resourceGroupName, name.resourceName, properties)
                : this.storageContainerRecord(vault, name.resourceGroupName, name.resourceName, properties);
        const result: RegistrationResult = this.deps.containers.register(vault, name, record);
        return result.kind === "accepted" ? result : { kind: "registered", container: this.view(vault, result.container) };
    }

    /** GET `protectionContainers/{container}`. */
    get(target: VaultTarget, rawName: string): ProtectionContainerResource {
        const vault = requireVault(this.deps.store, target);
        return this.view(vault, this.requireContainer(vault, rawName));
    }

    /** DELETE `protectionContainers/{container}`: unregisters (202), refused while backup items remain; `absent` when not registered. */
    unregister(target: VaultTarget, rawName: string): BackupOperation | "absent" {
        const vault = requireVault(this.deps.store, target);
        const name = parseContainerName(rawName);
        const container = name ? this.deps.store.getContainer(vault.id, name.name) : undefined;
        if (!container) return "absent";
        if (this.deps.operations.runningOn(vault.id, { containerName: container.name })) throw bmsUserErrorObjectLocked();
        if (this.deps.store.listItemsIn(container).length > 0) throw bmsUserErrorContainerHasDatasources();
        return this.deps.containers.unregister(vault, container);
    }

    /** POST `protectionContainers/{container}/inquire`: 202; a VM's SQL instances and databases become protectable when it ends. */
    inquire(target: VaultTarget, rawName: string): BackupOperation {
        const vault = requireVault(this.deps.store, target);
        const container = this.requireContainer(vault, rawName);
        if (this.deps.operations.runningOn(vault.id, { containerName: container.name })) throw bmsUserErrorObjectLocked();
        return this.deps.containers.inquire(vault, container);
    }

    /** GET `protectionContainers/{container}/operationResults/{id}`: 202 running, 200 with the container, or 204 once it is gone. */
    getOperationResult(target: VaultTarget, rawName: string, operationId: string): PollAnswer {
        const vault = requireVault(this.deps.store, target);
        const operation = requireOperation(this.deps.operations, vault.id, operationId, ["container"]);
        return pollAnswerOf(operation, () => {
            const container = this.deps.store.getContainer(vault.id, operation.containerName ?? rawName);
            return container ? this.view(vault, container) : undefined;
        });
    }

    /** GET `protectionContainers/{container}/operationsStatus/{id}`. */
    getOperationStatus(target: VaultTarget, operationId: string): OperationStatusResource {
        const vault = requireVault(this.deps.store, target);
        return toOperationStatus(requireOperation(this.deps.operations, vault.id, operationId, ["container"]));
    }

    /** GET `backupProtectionContainers?$filter=backupManagementType eq '…'`. */
    list(target: VaultTarget, filter: string | undefined): ListResult<ProtectionContainerResource> {
        const vault = requireVault(this.deps.store, target);
        const conditions = parseODataFilter(filter);
        const value = this.deps.store
            .listContainers(vault.id)
            .filter((container) => matchesFilter(conditions.backupmanagementtype, container.properties.backupManagementType))
            .filter((container) => matchesFilter(conditions.friendlyname, container.properties.friendlyName))
            .map((container) => this.view(vault, container));
        return { value };
    }

    private requireContainer(vault: VaultModel, rawName: string): ContainerModel {
        const name = parseContainerName(rawName);
        const container = name ? this.deps.store.getContainer(vault.id, name.name) : undefined;
        if (!container) throw bmsUserErrorContainerObjectNotFound();
        return container;
    }

    // The storage account must exist in the vault's subscription and be the one the name names.
    private storageContainerRecord(vault: VaultModel, resourceGroupName: string, accountName: string, properties: Record<string, unknown>): ContainerRecord {
        const subscriptionId = parseVaultId(vault.id)!.subscriptionId;
        const sourceResourceId = typeof properties.sourceResourceId === "string" ? properties.sourceResourceId : undefined;
        const parsed = sourceResourceId ? parseStorageAccountId(sourceResourceId) : undefined;
        if (sourceResourceId !== undefined && (!parsed || parsed.resourceGroupName.toLowerCase() !== resourceGroupName.toLowerCase() || parsed.accountName.toLowerCase() !== accountName.toLowerCase())) {
            throw userErrorInvalidRequestParameter("sourceResourceId");
        }
        if (parsed && parsed.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) throw userErrorStorageAccountNotFound();
        const account = this.deps.store.shared.getResource(storageAccountId(subscriptionId, resourceGroupName, accountName));
        if (!account) throw userErrorStorageAccountNotFound();
        return {
            containerType: "StorageContainer",
            backupManagementType: "AzureStorage",
            friendlyName: account.name,
            sourceResourceId: sourceResourceId ?? account.id,
            registrationStatus: "Registered",
            healthStatus: "Healthy",
            isImplicit: false,
            extra: { acquireStorageAccountLock: properties.acquireStorageAccountLock === "NotAcquire" ? "NotAcquire" : "Acquire" },
        };
    }

    // A VM registers for SQL once an AzureWorkload refresh found it (it runs SQL Server, in the vault's region).
    private vmAppContainerRecord(vault: VaultModel, resourceGroupName: string, vmName: string, properties: Record<string, unknown>): ContainerRecord {
        if (properties.backupManagementType !== undefined && String(properties.backupManagementType).toLowerCase() !== "azureworkload") throw userErrorInvalidRequestParameter("backupManagementType");
        if (properties.workloadType !== undefined && properties.workloadType !== null && String(properties.workloadType).toLowerCase() !== "sqldatabase") throw userErrorInvalidRequestParameter("workloadType");
        const sourceResourceId = typeof properties.sourceResourceId === "string" ? properties.sourceResourceId : undefined;
        const parsed = sourceResourceId ? parseVirtualMachineId(sourceResourceId) : undefined;
        if (sourceResourceId !== undefined && (!parsed || parsed.resourceGroupName.toLowerCase() !== resourceGroupName.toLowerCase() || parsed.vmName.toLowerCase() !== vmName.toLowerCase())) {
            throw userErrorInvalidRequestParameter("sourceResourceId");
        }
        const vm = this.deps.discovery.workloadVirtualMachines(vault.id).find((candidate) => {
            const parts = parseVirtualMachineId(candidate.id)!;
            return parts.resourceGroupName.toLowerCase() === resourceGroupName.toLowerCase() && parts.vmName.toLowerCase() === vmName.toLowerCase();
        });
        if (!vm || (sourceResourceId !== undefined && !sameId(sourceResourceId, vm.id))) throw userErrorWorkloadVmNotDiscovered();
        return vmAppContainerRecord(vm);
    }

    private view(vault: VaultModel, container: ContainerModel): ProtectionContainerResource {
        const count = this.deps.store.listItemsIn(container).filter((item) => !item.properties.isScheduledForDeferredDelete).length;
        return toProtectionContainerResource(container, count, this.deps.store.getInquiry(container));
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
