import * as pulumi from "@pulumi/pulumi";
import type { ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { getArmResource, listProtectableItems, refreshContainers, type ProtectedItemProperties } from "./api";
import { checkProtectionInputs, verifyPolicy, type CheckedProtectionInputs, type ItemNames, type ProtectionOutputs, type ProtectionWorkload } from "./protection";
import { ProtectedItemResource, type ProtectedItemArgs } from "./protectedItemResource";
import { protectionOutputPlaceholders, protectionResourceProvider } from "./protectionProvider";
import { sameArmId } from "./vaultRef";

/** The Microsoft.Compute api-version used to check that a VM exists. */
const computeApiVersion = "2024-07-01";
const vmIdPattern = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/?$/i;

/** Inputs of {@link VmProtection}. Give the vault as `vaultId` or `vault`, the policy as `policyId` or `policyName`. */
export interface VmProtectionArgs extends ProtectedItemArgs {
    /** ARM id of the VM to protect. */
    vmId: pulumi.Input<string>;
    /** Back up only these data disks (by LUN) and the OS disk; an empty list means the OS disk only. */
    includedDiskLuns?: pulumi.Input<pulumi.Input<number>[]>;
    /** Back up every disk but these data disks (by LUN). */
    excludedDiskLuns?: pulumi.Input<pulumi.Input<number>[]>;
}

/** Inputs after `check`. */
export interface CheckedVmProtectionInputs extends CheckedProtectionInputs {
    vmId: string;
    includedDiskLuns?: number[];
    excludedDiskLuns?: number[];
}

/** Outputs of {@link VmProtection}. */
export interface VmProtectionOutputs extends ProtectionOutputs {
    vmId: string;
    includedDiskLuns?: number[];
    excludedDiskLuns?: number[];
    /** The disks backed up, in words: "all disks", "OS disk only", "OS disk and LUNs 0, 2", … */
    diskSelection: string;
}

const secretInputs: string[] = [];

function checkLuns(checker: InputChecker, property: string, value: unknown): number[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return value as never;
    if (!Array.isArray(value) || value.some((lun) => !Number.isInteger(lun) || lun < 0 || lun > 63)) {
        checker.fail(property, `${property} must be a list of data disk LUNs (integers from 0 to 63)`);
        return undefined;
    }
    return [...new Set(value as number[])].sort((a, b) => a - b);
}

/** Validates and normalizes inputs before any API call; failures name the field and the accepted values. */
export function checkVmProtectionInputs(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker(secretInputs);
    const checked: Record<string, unknown> = checkProtectionInputs(checker, news);
    if (isUnknown(news.vmId)) checked.vmId = news.vmId;
    else if (typeof news.vmId !== "string" || !vmIdPattern.test(news.vmId)) {
        checker.fail("vmId", "vmId must be the ARM id of a VM: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>");
    } else checked.vmId = news.vmId;
    if (news.includedDiskLuns !== undefined && news.excludedDiskLuns !== undefined) {
        checker.fail("includedDiskLuns", "give includedDiskLuns (back up only these data disks) or excludedDiskLuns (back up all but these), not both");
    } else {
        checked.includedDiskLuns = checkLuns(checker, "includedDiskLuns", news.includedDiskLuns);
        checked.excludedDiskLuns = checkLuns(checker, "excludedDiskLuns", news.excludedDiskLuns);
    }
    return checker.result(checked);
}

/** The disks backed up, in words (an empty inclusion list is easy to misread, so it is said plainly). */
export function describeDiskSelection(inputs: { includedDiskLuns?: number[]; excludedDiskLuns?: number[] }): string {
    if (inputs.includedDiskLuns) return inputs.includedDiskLuns.length === 0 ? "OS disk only" : `OS disk and data disks at LUNs ${inputs.includedDiskLuns.join(", ")}`;
    if (inputs.excludedDiskLuns && inputs.excludedDiskLuns.length > 0) return `all disks except data disks at LUNs ${inputs.excludedDiskLuns.join(", ")}`;
    return "all disks";
}

function diskExclusion(inputs: { includedDiskLuns?: number[]; excludedDiskLuns?: number[] }): { diskLunList: number[]; isInclusionList: boolean } | undefined {
    if (inputs.includedDiskLuns) return { diskLunList: inputs.includedDiskLuns, isInclusionList: true };
    if (inputs.excludedDiskLuns && inputs.excludedDiskLuns.length > 0) return { diskLunList: inputs.excludedDiskLuns, isInclusionList: false };
    return undefined;
}

/** The disk selection the live item holds, as inputs name it. */
function liveDiskLuns(live: ProtectedItemProperties): { includedDiskLuns?: number[]; excludedDiskLuns?: number[] } {
    const exclusion = live.extendedProperties?.diskExclusionProperties;
    if (!exclusion?.diskLunList) return {};
    const luns = [...exclusion.diskLunList].sort((a, b) => a - b);
    if (exclusion.isInclusionList) return { includedDiskLuns: luns };
    return luns.length > 0 ? { excludedDiskLuns: luns } : {};
}

/** Names as the service builds them from the VM's resource group and name (compared case-insensitively). */
function namesFromVmId(vmId: string): ItemNames {
    const [, , rg, vm] = vmIdPattern.exec(vmId)!.map((s) => s && decodeURIComponent(s));
    const core = `iaasvmcontainerv2;${rg.toLowerCase()};${vm.toLowerCase()}`;
    return { containerName: `IaasVMContainer;${core}`, protectedItemName: `VM;${core}` };
}

/** How VMs are found and protected. */
export const vmWorkload: ProtectionWorkload<CheckedVmProtectionInputs> = {
    resource: "VmProtection",
    backupManagementType: "AzureIaasVM",
    protectedItemType: "Microsoft.Compute/virtualMachines",
    policyProblem: (policy) =>
        policy.properties.backupManagementType === "AzureIaasVM" ? undefined : `is for ${policy.properties.backupManagementType} items; a VM needs an AzureIaasVM policy`,
    knownNames: (inputs) => namesFromVmId(inputs.vmId),
    async discover(client, vault, inputs, wait) {
        const find = async () =>
            (await listProtectableItems(client, vault, "backupManagementType eq 'AzureIaasVM'")).find((item) => sameArmId(item.properties.virtualMachineId, inputs.vmId));
        let found = await find();
        if (!found) {
            // The vault discovers VMs only when asked (seed 001: refresh, then list).
            wait.log.info(`discovering VMs in vault ${vault.name}`);
            await refreshContainers(client, vault, "AzureIaasVM", wait);
            found = await find();
        }
        if (!found) {
            throw new Error(
                `VmProtection: vault ${vault.name} cannot protect ${inputs.vmId}: it is not among the VMs the vault can protect ` +
                    "(the VM must exist in the vault's region and subscription, and not be protected by another vault)",
            );
        }
        // Seed 001: containerName = "iaasvmcontainer;" + name, protectedItemName = "vm;" + name.
        return { containerName: `iaasvmcontainer;${found.name}`, protectedItemName: `vm;${found.name}` };
    },
    bodyProperties: (inputs) => {
        const exclusion = diskExclusion(inputs);
        return { sourceResourceId: inputs.vmId, ...(exclusion ? { extendedProperties: { diskExclusionProperties: exclusion } } : {}) };
    },
    friendlyName: (inputs) => decodeURIComponent(inputs.vmId.replace(/\/+$/, "").replace(/^.*\//, "")),
    liveMatches: (inputs, live) => {
        const want = liveDiskLuns({ extendedProperties: { diskExclusionProperties: diskExclusion(inputs) } } as ProtectedItemProperties);
        return JSON.stringify(want) === JSON.stringify(liveDiskLuns(live));
    },
};

/** Reads during `check` what only Azure knows (never writes): the VM exists, its LUNs, the policy fits. */
async function verifyReferences(client: ArmClient, inputs: Record<string, any>): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = (await verifyPolicy(client, inputs, vmWorkload)).map(([property, reason]) => ({ property, reason }));
    if (typeof inputs.vmId === "string" && !isUnknown(inputs.vmId)) {
        const vm = await getArmResource(client, inputs.vmId, computeApiVersion, "VirtualMachines.Get");
        if (!vm) failures.push({ property: "vmId", reason: `vmId: no VM ${inputs.vmId} exists` });
        const dataDisks = (vm?.properties as { storageProfile?: { dataDisks?: Array<{ lun: number }> } } | undefined)?.storageProfile?.dataDisks;
        const luns = new Set((dataDisks ?? []).map((d) => d.lun));
        for (const property of ["includedDiskLuns", "excludedDiskLuns"]) {
            const unknown = Array.isArray(inputs[property]) && dataDisks ? (inputs[property] as number[]).filter((lun) => !luns.has(lun)) : [];
            if (unknown.length > 0) failures.push({ property, reason: `${property}: the VM has no data disk at LUN ${unknown.join(", ")} (its data disks: ${[...luns].sort((a, b) => a - b).join(", ") || "none"})` });
        }
    }
    return failures;
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const vmProtectionProvider = protectionResourceProvider<CheckedVmProtectionInputs, VmProtectionOutputs>({
    workload: vmWorkload,
    check: checkVmProtectionInputs,
    verify: verifyReferences,
    comparisons: (olds, news) => [
        { field: "vmId", desired: typeof news.vmId === "string" && sameArmId(news.vmId, olds.vmId) ? olds.vmId : news.vmId, live: olds.vmId, replaces: true },
        { field: "includedDiskLuns", desired: news.includedDiskLuns ?? null, live: olds.includedDiskLuns ?? null },
        { field: "excludedDiskLuns", desired: news.excludedDiskLuns?.length ? news.excludedDiskLuns : null, live: olds.excludedDiskLuns ?? null },
    ],
    outputs: (inputs, live) => {
        const disks = liveDiskLuns(live.properties);
        return { vmId: inputs.vmId, ...disks, diskSelection: describeDiskSelection(disks) };
    },
    inputsFromLive: (stored, live) => ({ vmId: stored.vmId, ...liveDiskLuns(live.properties) }),
    sourceResourceId: (stored) => stored.vmId,
    label: (values) => values.vmId?.replace(/^.*\//, ""),
    describe: (inputs, log) => log.info(`backing up ${describeDiskSelection(inputs)}`),
});

const provider = lazyProvider("dist/provider/azurebackup/vmProtection", "vmProtectionProvider");

/**
 * Azure Backup protection of a VM in a Recovery Services vault: discovery, protection with a policy,
 * policy changes in place, stopping protection while keeping the data, and disks by LUN. The opaque
 * container and item names are outputs. `pulumi destroy` keeps the backup data unless
 * `onDelete: "deleteData"`; a soft-deleted item is undeleted and protected again.
 */
export class VmProtection extends ProtectedItemResource {
    declare readonly vmId: pulumi.Output<string>;
    declare readonly diskSelection: pulumi.Output<string>;
    declare readonly includedDiskLuns: pulumi.Output<number[] | undefined>;
    declare readonly excludedDiskLuns: pulumi.Output<number[] | undefined>;

    constructor(name: string, args: VmProtectionArgs, opts?: pulumi.CustomResourceOptions) {
        // Placeholders so every output exists (the vault given by parts still yields vaultId).
        const outputs = { ...protectionOutputPlaceholders, diskSelection: undefined, includedDiskLuns: undefined, excludedDiskLuns: undefined };
        super(provider, name, { ...outputs, ...args }, opts, "azurebackup", "VmProtection");
    }
}
