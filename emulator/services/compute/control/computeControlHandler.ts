import { randomUUID } from "node:crypto";
import { ArmError } from "../../../platform/arm/armErrors";
import { requireResourceGroup } from "../../../platform/arm/armScope";
import type { EmulatorStore } from "../../../platform/state/store";
import { VIRTUAL_MACHINE_TYPE, virtualMachineId, type VirtualMachineModel } from "../virtualMachines";

/** Body of `PUT /_emulator/subscriptions/{sub}/resourceGroups/{rg}/virtualMachines/{vm}`. */
export interface VirtualMachineSeed {
    /** Defaults to the resource group's location. */
    location?: string;
    /** Defaults to `Standard_D2s_v3`. */
    vmSize?: string;
    /** Defaults to `Linux`. */
    osType?: "Windows" | "Linux";
    /** LUNs of the data disks (0–63, distinct); default none. */
    dataDiskLuns?: number[];
    tags?: Record<string, string>;
}

/** Seeds and removes virtual machines (the control API's Microsoft.Compute part). */
export class ComputeControlHandler {
    constructor(private readonly store: EmulatorStore) {}

    /** Creates or replaces a VM in an existing resource group; `created` tells which. */
    putVirtualMachine(subscriptionId: string, resourceGroupName: string, vmName: string, seed: unknown): { created: boolean; value: VirtualMachineModel } {
        const group = requireResourceGroup(this.store, subscriptionId, resourceGroupName);
        const input = parseSeed(seed);
        const id = virtualMachineId(subscriptionId, group.name, vmName);
        const existing = this.store.getResource<VirtualMachineModel["properties"]>(id);
        const name = existing?.name ?? vmName;
        const value = this.store.putResource<VirtualMachineModel["properties"]>({
            id: existing?.id ?? id,
            name,
            type: VIRTUAL_MACHINE_TYPE,
            location: input.location ?? existing?.location ?? group.location,
            ...(input.tags ?? existing?.tags ? { tags: input.tags ?? existing?.tags } : {}),
            properties: {
                // The VM keeps its unique id across re-seeding, as a real VM does across updates.
                vmId: existing?.properties.vmId ?? randomUUID(),
                provisioningState: "Succeeded",
                hardwareProfile: { vmSize: input.vmSize ?? existing?.properties.hardwareProfile.vmSize ?? "Standard_D2s_v3" },
                storageProfile: {
                    osDisk: { osType: input.osType ?? existing?.properties.storageProfile.osDisk.osType ?? "Linux", name: `${name}_OsDisk_1`, createOption: "FromImage" },
                    dataDisks: (input.dataDiskLuns ?? existing?.properties.storageProfile.dataDisks.map((disk) => disk.lun) ?? []).map((lun) => ({
                        lun,
                        name: `${name}_DataDisk_${lun}`,
                        diskSizeGB: 32,
                        createOption: "Empty" as const,
                    })),
                },
            },
        });
        return { created: !existing, value };
    }

    /** Deletes a seeded VM (its backups in vaults stay, as they do in Azure). */
    deleteVirtualMachine(subscriptionId: string, resourceGroupName: string, vmName: string): void {
        if (!this.store.deleteResource(virtualMachineId(subscriptionId, resourceGroupName, vmName))) {
            throw new ArmError(404, "NotFound", `Virtual machine '${vmName}' does not exist.`);
        }
    }
}

function parseSeed(seed: unknown): VirtualMachineSeed {
    if (seed === undefined || seed === null) return {};
    if (typeof seed !== "object" || Array.isArray(seed)) throw badRequest("The body must be a JSON object.");
    const { location, vmSize, osType, dataDiskLuns, tags } = seed as Record<string, unknown>;
    if (location !== undefined && typeof location !== "string") throw badRequest("'location' must be a string.");
    if (vmSize !== undefined && typeof vmSize !== "string") throw badRequest("'vmSize' must be a string.");
    if (osType !== undefined && osType !== "Windows" && osType !== "Linux") throw badRequest("'osType' must be 'Windows' or 'Linux'.");
    if (dataDiskLuns !== undefined) {
        const valid = Array.isArray(dataDiskLuns) && dataDiskLuns.every((lun) => Number.isInteger(lun) && lun >= 0 && lun <= 63) && new Set(dataDiskLuns).size === dataDiskLuns.length;
        if (!valid) throw badRequest("'dataDiskLuns' must be a list of distinct integers from 0 to 63.");
    }
    if (tags !== undefined && (typeof tags !== "object" || tags === null || Array.isArray(tags))) throw badRequest("'tags' must be an object of strings.");
    return seed as VirtualMachineSeed;
}

function badRequest(message: string): ArmError {
    return new ArmError(400, "BadRequest", message);
}
