import type { RouteDefinition } from "../../../platform/pipeline/router";
import { deleted, route, upserted, type ControlEndpoint } from "../../../control/controlRouteHelpers";
import type { ComputeControlHandler } from "./computeControlHandler";

const VM = "/_emulator/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/virtualMachines/{vmName}";

/** Control routes of the Microsoft.Compute emulation: seeding and removing VMs. */
export function computeControlRoutes(handler: ComputeControlHandler): RouteDefinition<ControlEndpoint>[] {
    return [
        route("PUT", VM, "PutVirtualMachine", ({ params, body }) => upserted(handler.putVirtualMachine(params.subscriptionId, params.resourceGroupName, params.vmName, body))),
        route("DELETE", VM, "DeleteVirtualMachine", ({ params }) => deleted(() => handler.deleteVirtualMachine(params.subscriptionId, params.resourceGroupName, params.vmName))),
    ];
}
