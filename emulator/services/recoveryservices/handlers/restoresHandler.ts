import { parseVirtualMachineId } from "../../compute/virtualMachines";
import { listFileShares, parseStorageAccountId } from "../../storageaccounts/storageAccounts";
import { parseContainerName } from "../names/backupNames";
import { sameId } from "../names/backupIds";
import {
    bmsUserErrorRecoveryPointNotFound,
    userErrorBackupItemSoftDeleted,
    userErrorInvalidRequestParameter,
    userErrorPointInTimeOutsideLogRanges,
    userErrorRestoreTargetNotFound,
    userErrorStorageAccountNotFound,
} from "../recoveryServicesErrors";
import type { ProtectedItemModel, VaultModel } from "../state/backupStore";
import { LOG_RANGE_POINT } from "../views/recoveryPointView";
import type { BackupOperation } from "../work/backupOperations";
import type { FileSpec, RestorePlan, RestoreWork } from "../work/restores";
import type { HandlerDependencies } from "./handlerDependencies";
import type { ItemTarget, ProtectedItemsHandler } from "./protectedItemsHandler";
import { requireVault } from "./vaultScope";

type Body = Record<string, any>;

const COPY_OPTIONS = ["CreateCopy", "Skip", "Overwrite", "FailOnConflict"] as const;

/**
 * Restores (Restores.Trigger): POST `recoveryPoints/{rp}/restore`, 202 with the item's poll URLs
 * (a long-running operation in the official client: its poller follows Azure-AsyncOperation, then the
 * Location answers 200). The request is read and its targets checked before the 202 (bad input is a
 * 400 naming the parameter); what can only be known when the data lands (a database or VM that
 * exists, a file conflict) fails the Restore job. A stopped item's points restore; a soft-deleted
 * item's do not until it is undeleted.
 */
export class RestoresHandler {
    constructor(
        private readonly deps: HandlerDependencies,
        private readonly items: ProtectedItemsHandler,
        private readonly restores: RestoreWork,
    ) {}

    /** POST `protectedItems/{item}/recoveryPoints/{rp}/restore` with `{properties: {objectType, recoveryType, …}}`. */
    trigger(target: ItemTarget, recoveryPointName: string, body: unknown): BackupOperation {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        if (item.properties.isScheduledForDeferredDelete) throw userErrorBackupItemSoftDeleted();
        const properties: Body | undefined = isObject(body) && isObject(body.properties) ? body.properties : undefined;
        if (!properties) throw userErrorInvalidRequestParameter("properties");
        const objectType = String(properties.objectType ?? "");
        const recoveryType = String(properties.recoveryType ?? "");
        const isPointInTime = objectType.toLowerCase() === "azureworkloadsqlpointintimerestorerequest";
        const point = isPointInTime && recoveryPointName.toLowerCase() === LOG_RANGE_POINT.toLowerCase() ? undefined : this.deps.store.getRecoveryPoint(item.id, recoveryPointName);
        if (!point && !(isPointInTime && recoveryPointName.toLowerCase() === LOG_RANGE_POINT.toLowerCase())) throw bmsUserErrorRecoveryPointNotFound();
        const plan = this.planOf(vault, item, objectType, recoveryType, properties, isPointInTime);
        return this.restores.start(vault, item, { objectType, recoveryType, recoveryPointName: point?.name ?? LOG_RANGE_POINT }, plan);
    }

    private planOf(vault: VaultModel, item: ProtectedItemModel, objectType: string, recoveryType: string, properties: Body, isPointInTime: boolean): RestorePlan {
        switch (item.properties.workloadType) {
            case "VM":
                if (objectType.toLowerCase() !== "iaasvmrestorerequest") throw userErrorInvalidRequestParameter("objectType");
                return this.vmPlan(item, recoveryType, properties);
            case "AzureFileShare":
                if (objectType.toLowerCase() !== "azurefilesharerestorerequest") throw userErrorInvalidRequestParameter("objectType");
                return this.fileSharePlan(item, recoveryType, properties);
            case "SQLDataBase":
                if (objectType.toLowerCase() !== "azureworkloadsqlrestorerequest" && !isPointInTime) throw userErrorInvalidRequestParameter("objectType");
                return this.sqlPlan(vault, item, recoveryType, properties, isPointInTime);
        }
    }

    // RestoreDisks needs a storage account (the disks land there); AlternateLocation a new VM's id in an existing group.
    private vmPlan(item: ProtectedItemModel, recoveryType: string, properties: Body): RestorePlan {
        if (properties.sourceResourceId !== undefined && !sameId(String(properties.sourceResourceId), item.properties.sourceResourceId)) throw userErrorInvalidRequestParameter("sourceResourceId");
        switch (recoveryType.toLowerCase()) {
            case "restoredisks": {
                const accountId = typeof properties.storageAccountId === "string" ? properties.storageAccountId : "";
                const account = parseStorageAccountId(accountId) ? this.deps.store.shared.getResource(accountId) : undefined;
                if (!account) throw userErrorStorageAccountNotFound();
                return { kind: "RestoreDisks", storageAccountId: account.id, ...(typeof properties.targetResourceGroupId === "string" ? { targetResourceGroupId: properties.targetResourceGroupId } : {}) };
            }
            case "alternatelocation": {
                const vmId = typeof properties.targetVirtualMachineId === "string" ? properties.targetVirtualMachineId : "";
                const parts = parseVirtualMachineId(vmId);
                if (!parts) throw userErrorInvalidRequestParameter("targetVirtualMachineId");
                if (!this.deps.store.shared.getResourceGroup(parts.subscriptionId, parts.resourceGroupName)) throw userErrorRestoreTargetNotFound(`resource group '${parts.resourceGroupName}'`);
                const vmIdCanonical = `/subscriptions/${parts.subscriptionId}/resourceGroups/${this.deps.store.shared.getResourceGroup(parts.subscriptionId, parts.resourceGroupName)!.name}/providers/Microsoft.Compute/virtualMachines/${parts.vmName}`;
                return { kind: "AlternateLocation", targetVirtualMachineId: vmIdCanonical, ...(typeof properties.region === "string" ? { region: properties.region } : {}) };
            }
            case "originallocation":
                return { kind: "OriginalLocation" };
            default:
                throw userErrorInvalidRequestParameter("recoveryType");
        }
    }

    // The same share (OriginalLocation) or `targetDetails {name, targetResourceId}` (AlternateLocation); all files or the listed ones.
    private fileSharePlan(item: ProtectedItemModel, recoveryType: string, properties: Body): RestorePlan {
        const copyOptions = COPY_OPTIONS.find((option) => option.toLowerCase() === String(properties.copyOptions ?? "").toLowerCase());
        if (!copyOptions) throw userErrorInvalidRequestParameter("copyOptions");
        const requestType = String(properties.restoreRequestType ?? "FullShareRestore").toLowerCase();
        if (requestType !== "fullsharerestore" && requestType !== "itemlevelrestore") throw userErrorInvalidRequestParameter("restoreRequestType");
        let targetShareId: string;
        if (recoveryType.toLowerCase() === "originallocation") {
            targetShareId = item.properties.dataSourceId!;
        } else if (recoveryType.toLowerCase() === "alternatelocation") {
            const details: Body = isObject(properties.targetDetails) ? properties.targetDetails : {};
            const accountId = typeof details.targetResourceId === "string" ? details.targetResourceId : "";
            const account = parseStorageAccountId(accountId) ? this.deps.store.shared.getResource(accountId) : undefined;
            if (!account) throw userErrorStorageAccountNotFound();
            const share = listFileShares(this.deps.store.shared, account.id).find((candidate) => candidate.name.toLowerCase() === String(details.name ?? "").toLowerCase());
            if (!share) throw userErrorRestoreTargetNotFound(`file share '${String(details.name ?? "")}'`);
            targetShareId = share.id;
        } else {
            throw userErrorInvalidRequestParameter("recoveryType");
        }
        if (requestType === "fullsharerestore") return { kind: "FileShare", targetShareId, copyOptions };
        const specs = Array.isArray(properties.restoreFileSpecs) ? properties.restoreFileSpecs : [];
        if (specs.length === 0 || !specs.every((spec: unknown) => isObject(spec) && typeof spec.path === "string")) throw userErrorInvalidRequestParameter("restoreFileSpecs");
        return {
            kind: "FileShare",
            targetShareId,
            copyOptions,
            specs: specs.map(
                (spec: Body): FileSpec => ({
                    path: trimSlashes(spec.path),
                    isDirectory: String(spec.fileSpecType ?? "File").toLowerCase() === "directory",
                    ...(typeof spec.targetFolderPath === "string" ? { targetFolderPath: trimSlashes(spec.targetFolderPath) } : {}),
                }),
            ),
        };
    }

    /**
     * OriginalLocation overwrites the database (`targetInfo.overwriteOption: Overwrite` needed);
     * AlternateLocation writes `targetInfo.databaseName` (`{instance}/{db}`, as azure-cli's recovery
     * config writes it) in the registered VM `targetInfo.containerId` names. A point in time must lie
     * in a log time range.
     */
    private sqlPlan(vault: VaultModel, item: ProtectedItemModel, recoveryType: string, properties: Body, isPointInTime: boolean): RestorePlan {
        const targetInfo: Body = isObject(properties.targetInfo) ? properties.targetInfo : {};
        const overwrite = String(targetInfo.overwriteOption ?? "").toLowerCase() === "overwrite";
        let pointInTimeMs: number | undefined;
        if (isPointInTime) {
            pointInTimeMs = typeof properties.pointInTime === "string" ? Date.parse(properties.pointInTime) : Number.NaN;
            if (Number.isNaN(pointInTimeMs)) throw userErrorInvalidRequestParameter("pointInTime");
            const inRange = this.deps.runs.sql.timeRanges(item.id).some((range) => pointInTimeMs! >= Date.parse(range.startTime) && pointInTimeMs! <= Date.parse(range.endTime));
            if (!inRange) throw userErrorPointInTimeOutsideLogRanges();
        }
        const sourceInstance = String(item.properties.extra.parentName ?? "");
        const sourceVm = item.properties.sourceResourceId;
        const time = pointInTimeMs !== undefined ? { pointInTimeMs } : {};
        if (recoveryType.toLowerCase() === "originallocation") {
            return { kind: "SqlDatabase", targetVmId: sourceVm, instanceName: sourceInstance, databaseName: item.properties.friendlyName, overwrite, ...time };
        }
        if (recoveryType.toLowerCase() !== "alternatelocation") throw userErrorInvalidRequestParameter("recoveryType");
        const containerName = typeof targetInfo.containerId === "string" ? targetInfo.containerId.split("/").pop() ?? "" : "";
        const parsed = parseContainerName(containerName);
        const container = parsed ? this.deps.store.getContainer(vault.id, parsed.name) : undefined;
        if (!container || container.properties.containerType !== "VMAppContainer") throw userErrorInvalidRequestParameter("targetInfo.containerId");
        const databaseName = String(targetInfo.databaseName ?? "");
        const [instanceName, name] = databaseName.includes("/") ? [databaseName.slice(0, databaseName.indexOf("/")), databaseName.slice(databaseName.indexOf("/") + 1)] : [sourceInstance, databaseName];
        if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(name)) throw userErrorInvalidRequestParameter("targetInfo.databaseName");
        const instance = this.deps.store.shared.getResource(`${container.properties.sourceResourceId}/sqlInstances/${instanceName}`);
        if (!instance) throw userErrorRestoreTargetNotFound(`SQL instance '${instanceName}'`);
        return { kind: "SqlDatabase", targetVmId: container.properties.sourceResourceId, instanceName: instance.name, databaseName: name, overwrite, ...time };
    }
}

function trimSlashes(path: string): string {
    return path.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
}

function isObject(value: unknown): value is Body {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
