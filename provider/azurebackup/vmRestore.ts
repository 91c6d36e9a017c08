import * as pulumi from "@pulumi/pulumi";
import { armIdInput } from "../core/arm/armIdInput";
import { isUnknown } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { checkRecoveryPointOf, restoreOutputPlaceholders, restoreResourceProvider, type RestoreCommonArgs, type RestoreCommonOutputs, type RestoreWorkload } from "./restoreRun";

/** How a VM is restored: its disks into a storage account, a new VM, or the VM itself (its disks replaced). */
export const vmRestoreTypes = ["RestoreDisks", "AlternateLocation", "OriginalLocation"] as const;

/** Inputs of {@link VmRestore}. */
export interface VmRestoreArgs extends RestoreCommonArgs {
    /** ARM id of the recovery point to restore (of `protectedItemId`). */
    recoveryPointId: pulumi.Input<string>;
    /** RestoreDisks (the disks and the VM's configuration land in `storageAccountId`), AlternateLocation (a new VM), OriginalLocation (the source VM's disks replaced). */
    restoreType: pulumi.Input<(typeof vmRestoreTypes)[number]>;
    /** Staging storage account (RestoreDisks and AlternateLocation). */
    storageAccountId?: pulumi.Input<string>;
    /** RestoreDisks: resource group of the managed disks. */
    targetResourceGroupId?: pulumi.Input<string>;
    /** AlternateLocation: ARM id of the VM to create (it must not exist). */
    targetVirtualMachineId?: pulumi.Input<string>;
    /** AlternateLocation: the new VM's network. */
    virtualNetworkId?: pulumi.Input<string>;
    subnetId?: pulumi.Input<string>;
    /** Region of the restored VM or disks (default: the recovery point's). */
    region?: pulumi.Input<string>;
}

/** Outputs of {@link VmRestore}. */
export interface VmRestoreOutputs extends RestoreCommonOutputs {
    recoveryPointId: string;
    restoreType: string;
    storageAccountId?: string;
    targetResourceGroupId?: string;
    targetVirtualMachineId?: string;
    virtualNetworkId?: string;
    subnetId?: string;
    region?: string;
    /** RestoreDisks: where the VM's configuration and deployment template landed (to build a VM from the disks). */
    configBlobContainer?: string;
    configBlobName?: string;
    templateBlobUri?: string;
}

const fields = ["recoveryPointId", "restoreType", "storageAccountId", "targetResourceGroupId", "targetVirtualMachineId", "virtualNetworkId", "subnetId", "region"] as const;

/** The VM workload of the restore life cycle. */
export const vmRestoreWorkload: RestoreWorkload = {
    resource: "VmRestore",
    workloadType: "VM",
    fields,
    check(checker, news) {
        const restoreType = checker.oneOf("restoreType", news.restoreType, vmRestoreTypes);
        const checked: Record<string, unknown> = {
            recoveryPointId: news.recoveryPointId,
            restoreType,
            storageAccountId: armIdInput(checker, "storageAccountId", news.storageAccountId, "storageAccount", restoreType === "RestoreDisks" || restoreType === "AlternateLocation"),
            targetResourceGroupId: armIdInput(checker, "targetResourceGroupId", news.targetResourceGroupId, "resourceGroup", false),
            targetVirtualMachineId: armIdInput(checker, "targetVirtualMachineId", news.targetVirtualMachineId, "virtualMachine", restoreType === "AlternateLocation"),
            virtualNetworkId: armIdInput(checker, "virtualNetworkId", news.virtualNetworkId, "virtualNetwork", false),
            subnetId: armIdInput(checker, "subnetId", news.subnetId, "subnet", false),
            region: checker.optionalString("region", news.region),
        };
        if (news.recoveryPointId === undefined || news.recoveryPointId === null) checker.fail("recoveryPointId", "recoveryPointId is required: the ARM id of one of the item's recovery points");
        else checkRecoveryPointOf(checker, "recoveryPointId", news.recoveryPointId, news.protectedItemId);
        if (restoreType === "OriginalLocation" || restoreType === "RestoreDisks") {
            for (const field of ["targetVirtualMachineId", "virtualNetworkId", "subnetId"]) {
                if (checked[field] !== undefined && !isUnknown(checked[field])) checker.fail(field, `${field} applies to restoreType AlternateLocation only; got restoreType ${restoreType}`);
            }
        }
        return checked;
    },
    request(inputs, _item, live) {
        const pointName = decodeURIComponent(String(inputs.recoveryPointId).replace(/^.*\/recoveryPoints\//i, ""));
        const properties: Record<string, unknown> = {
            objectType: "IaasVMRestoreRequest",
            recoveryPointId: pointName,
            recoveryType: inputs.restoreType,
            sourceResourceId: live.properties.sourceResourceId,
            originalStorageAccountOption: false,
            createNewCloudService: false,
            encryptionDetails: { encryptionEnabled: false },
            ...(inputs.storageAccountId ? { storageAccountId: inputs.storageAccountId } : {}),
            ...(inputs.targetResourceGroupId ? { targetResourceGroupId: inputs.targetResourceGroupId } : {}),
            ...(inputs.targetVirtualMachineId ? { targetVirtualMachineId: inputs.targetVirtualMachineId } : {}),
            ...(inputs.virtualNetworkId ? { virtualNetworkId: inputs.virtualNetworkId } : {}),
            ...(inputs.subnetId ? { subnetId: inputs.subnetId } : {}),
            ...(inputs.region ? { region: inputs.region } : {}),
        };
        const target =
            inputs.restoreType === "RestoreDisks" ? `the disks into ${inputs.storageAccountId}` : inputs.restoreType === "AlternateLocation" ? `a new VM ${inputs.targetVirtualMachineId}` : `the disks of ${live.properties.sourceResourceId} in place`;
        return { recoveryPointName: pointName, recoveryType: inputs.restoreType, properties, summary: `${target} from recovery point ${pointName}` };
    },
    outputs(job) {
        const bag = ((job.properties.extendedInfo as { propertyBag?: Record<string, string> } | undefined)?.propertyBag ?? {}) as Record<string, string>;
        return {
            ...(bag["Config Blob Container Name"] ? { configBlobContainer: bag["Config Blob Container Name"] } : {}),
            ...(bag["Config Blob Name"] ? { configBlobName: bag["Config Blob Name"] } : {}),
            ...(bag["Template Blob Uri"] ? { templateBlobUri: bag["Template Blob Uri"] } : {}),
        };
    },
};

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const vmRestoreProvider = restoreResourceProvider(vmRestoreWorkload);

const provider = lazyProvider("dist/provider/azurebackup/vmRestore", "vmRestoreProvider");

/**
 * Restores a protected VM from a recovery point: its disks into a storage account, a new VM, or the
 * VM itself. Runs once at `up` and waits for the Restore job; runs again only when its inputs or
 * `triggers` change; refresh never restores; a rerun after an interrupted `up` adopts the job the
 * killed run started. Destroy forgets it (what was restored stays).
 */
export class VmRestore extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly jobStatus: pulumi.Output<string>;
    declare readonly completedAt: pulumi.Output<string | undefined>;
    declare readonly configBlobContainer: pulumi.Output<string | undefined>;
    declare readonly configBlobName: pulumi.Output<string | undefined>;
    declare readonly templateBlobUri: pulumi.Output<string | undefined>;

    constructor(name: string, args: VmRestoreArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...restoreOutputPlaceholders, configBlobContainer: undefined, configBlobName: undefined, templateBlobUri: undefined, ...args }, opts, "azurebackup", "VmRestore");
    }
}
