import { ok, type ArmRoute } from "../../platform/arm/armOperation";
import type { ComputeHandler } from "./computeHandler";

const VM = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}";

/** The Microsoft.Compute route table: reading a seeded VM. */
export function computeRoutes(handler: ComputeHandler): ArmRoute[] {
    return [
        {
            method: "GET",
            template: VM,
            operation: "VirtualMachines.Get",
            handler: ({ params }) => ok(handler.getVirtualMachine({ subscriptionId: params.subscriptionId, resourceGroupName: params.resourceGroupName, vmName: params.vmName })),
        },
    ];
}
