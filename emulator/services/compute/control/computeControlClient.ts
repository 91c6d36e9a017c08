import { encodeSegment, resourceGroupControlPath, type ControlClientConstructor } from "../../../control/controlClientBase";
import type { VirtualMachineModel } from "../virtualMachines";
import type { VirtualMachineSeed } from "./computeControlHandler";

export type { VirtualMachineSeed } from "./computeControlHandler";
export type { VirtualMachineModel } from "../virtualMachines";

/** Adds the Microsoft.Compute part to a control client: seeding and removing VMs. */
export function withComputeControl<TBase extends ControlClientConstructor>(Base: TBase) {
    abstract class ComputeControlClient extends Base {
        /** PUT /_emulator/subscriptions/{sub}/resourceGroups/{rg}/virtualMachines/{vm}: creates or replaces a VM (readable over ARM afterwards). */
        putVirtualMachine(subscriptionId: string, resourceGroupName: string, vmName: string, seed: VirtualMachineSeed = {}): Promise<VirtualMachineModel> {
            return this.call("PUT", `${resourceGroupControlPath(subscriptionId, resourceGroupName)}/virtualMachines/${encodeSegment(vmName)}`, seed);
        }

        /** DELETE …/virtualMachines/{vm}. */
        async deleteVirtualMachine(subscriptionId: string, resourceGroupName: string, vmName: string): Promise<void> {
            await this.call("DELETE", `${resourceGroupControlPath(subscriptionId, resourceGroupName)}/virtualMachines/${encodeSegment(vmName)}`);
        }
    }
    return ComputeControlClient;
}
