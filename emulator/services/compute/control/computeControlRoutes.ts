import type { RouteDefinition } from "../../../platform/pipeline/router";
import { deleted, ok, route, upserted, type ControlEndpoint } from "../../../control/controlRouteHelpers";
import type { ComputeControlHandler } from "./computeControlHandler";
import type { SqlServerControlHandler, VirtualMachineRef } from "./sqlServerControlHandler";

const VM = "/_emulator/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/virtualMachines/{vmName}";
const SQL_INSTANCE = `${VM}/sqlInstances/{instanceName}`;
const SQL_DATABASE = `${SQL_INSTANCE}/databases/{databaseName}`;

/** Control routes of the Microsoft.Compute emulation: seeding and removing VMs, and the SQL Server inside them. */
export function computeControlRoutes(handler: ComputeControlHandler, sql: SqlServerControlHandler): RouteDefinition<ControlEndpoint>[] {
    return [
        route("PUT", VM, "PutVirtualMachine", ({ params, body }) => upserted(handler.putVirtualMachine(params.subscriptionId, params.resourceGroupName, params.vmName, body))),
        route("DELETE", VM, "DeleteVirtualMachine", ({ params }) => deleted(() => handler.deleteVirtualMachine(params.subscriptionId, params.resourceGroupName, params.vmName))),
        route("GET", `${VM}/sqlInstances`, "ListSqlInstances", ({ params }) => ok(sql.listInstances(vmOf(params)))),
        route("PUT", SQL_INSTANCE, "PutSqlInstance", ({ params, body }) => upserted(sql.putInstance(vmOf(params), params.instanceName, body))),
        route("GET", SQL_INSTANCE, "GetSqlInstance", ({ params }) => ok(sql.getInstance(vmOf(params), params.instanceName))),
        route("DELETE", SQL_INSTANCE, "DeleteSqlInstance", ({ params }) => deleted(() => sql.deleteInstance(vmOf(params), params.instanceName))),
        route("PUT", SQL_DATABASE, "PutSqlDatabase", ({ params, body }) => upserted(sql.putDatabase(vmOf(params), params.instanceName, params.databaseName, body))),
        route("GET", SQL_DATABASE, "GetSqlDatabase", ({ params }) => ok(sql.getDatabase(vmOf(params), params.instanceName, params.databaseName))),
        route("DELETE", SQL_DATABASE, "DeleteSqlDatabase", ({ params }) => deleted(() => sql.deleteDatabase(vmOf(params), params.instanceName, params.databaseName))),
    ];
}

function vmOf(params: Record<string, string>): VirtualMachineRef {
    return { subscriptionId: params.subscriptionId, resourceGroupName: params.resourceGroupName, vmName: params.vmName };
}
