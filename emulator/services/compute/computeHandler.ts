import { resourceNotFound } from "../../platform/arm/armErrors";
import { requireResourceGroup } from "../../platform/arm/armScope";
import type { EmulatorStore } from "../../platform/state/store";
import { virtualMachineId, type VirtualMachineModel } from "./virtualMachines";

/** A VM as named in a request path. */
export interface VirtualMachineTarget {
    subscriptionId: string;
    resourceGroupName: string;
    vmName: string;
}

/**
 * Microsoft.Compute, read-only: a VM seeded through the control API can be read back on its own id,
 * so a backup provider can check at preview that the VM it is asked to protect exists.
 */
export class ComputeHandler {
    constructor(private readonly store: EmulatorStore) {}

    /** GET `virtualMachines/{vm}`: the VM; 404 ResourceNotFound when it was never seeded. */
    getVirtualMachine(target: VirtualMachineTarget): VirtualMachineModel {
        requireResourceGroup(this.store, target.subscriptionId, target.resourceGroupName);
        const vm = this.store.getResource<VirtualMachineModel["properties"]>(virtualMachineId(target.subscriptionId, target.resourceGroupName, target.vmName));
        if (!vm) throw resourceNotFound(`Microsoft.Compute/virtualMachines/${target.vmName}`, target.resourceGroupName);
        return vm;
    }
}
