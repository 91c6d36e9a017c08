import { randomUUID } from "node:crypto";
import type { ArmResourceModel } from "../../platform/state/models";
import { resourceGroupId } from "../../platform/state/resourceIds";

/** ARM type of a virtual machine. */
export const VIRTUAL_MACHINE_TYPE = "Microsoft.Compute/virtualMachines";

/** One data disk of a VM; the LUN is what Azure Backup's disk exclusion names. */
export interface DataDisk {
    lun: number;
    name: string;
    diskSizeGB: number;
    createOption: "Empty" | "Attach" | "FromImage";
}

/** The part of a VM's `properties` the emulator models: enough for a backup provider to check it exists. */
export interface VirtualMachineProperties {
    /** The VM's unique id (a GUID), as ARM returns it. */
    vmId: string;
    provisioningState: "Succeeded";
    hardwareProfile: { vmSize: string };
    storageProfile: {
        osDisk: { osType: "Windows" | "Linux"; name: string; createOption: "FromImage" };
        dataDisks: DataDisk[];
    };
}

/** A seeded virtual machine. */
export type VirtualMachineModel = ArmResourceModel<VirtualMachineProperties>;

/** Id of a virtual machine. */
export function virtualMachineId(subscriptionId: string, resourceGroupName: string, vmName: string): string {
    return `${resourceGroupId(subscriptionId, resourceGroupName)}/providers/${VIRTUAL_MACHINE_TYPE}/${vmName}`;
}

/** The parts of a VM id (`/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{vm}`), any casing; undefined for other ids. */
export function parseVirtualMachineId(id: string): { subscriptionId: string; resourceGroupName: string; vmName: string } | undefined {
    const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/?$/i.exec(id.trim());
    return match ? { subscriptionId: match[1], resourceGroupName: match[2], vmName: match[3] } : undefined;
}

/** What another service (an Azure Backup restore) creates a VM from. */
export interface VirtualMachineBlueprint {
    location?: string;
    vmSize: string;
    osType: "Windows" | "Linux";
    dataDisks: { lun: number; diskSizeGB: number }[];
    tags?: Record<string, string>;
}

/** A new VM model with a fresh `vmId`, its disks named as the control API names seeded ones (`{vm}_DataDisk_{lun}`). */
export function virtualMachineFromBlueprint(id: string, name: string, blueprint: VirtualMachineBlueprint): VirtualMachineModel {
    return {
        id,
        name,
        type: VIRTUAL_MACHINE_TYPE,
        ...(blueprint.location !== undefined ? { location: blueprint.location } : {}),
        ...(blueprint.tags ? { tags: blueprint.tags } : {}),
        properties: {
            vmId: randomUUID(),
            provisioningState: "Succeeded",
            hardwareProfile: { vmSize: blueprint.vmSize },
            storageProfile: {
                osDisk: { osType: blueprint.osType, name: `${name}_OsDisk_1`, createOption: "FromImage" },
                dataDisks: blueprint.dataDisks.map(({ lun, diskSizeGB }) => ({ lun, name: `${name}_DataDisk_${lun}`, diskSizeGB, createOption: "Attach" as const })),
            },
        },
    };
}
