import { encodeSegment, resourceGroupControlPath, type ControlClientConstructor } from "../../../control/controlClientBase";
import type { VirtualMachineModel } from "../virtualMachines";
import type { VirtualMachineSeed } from "./computeControlHandler";
import type { SqlDatabaseSeed, SqlDatabaseState, SqlInstanceSeed, SqlInstanceState, VirtualMachineRef } from "./sqlServerControlHandler";

export type { VirtualMachineSeed } from "./computeControlHandler";
export type { VirtualMachineModel } from "../virtualMachines";
export type { SqlDatabaseSeed, SqlDatabaseSeedEntry, SqlDatabaseState, SqlInstanceSeed, SqlInstanceState, VirtualMachineRef } from "./sqlServerControlHandler";

/** Adds the Microsoft.Compute part to a control client: seeding and removing VMs, and the SQL Server inside them. */
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

        /** PUT …/virtualMachines/{vm}/sqlInstances/{instance}: creates or replaces a SQL Server instance with its databases (`{databases: ["orders", {name, content}]}`). */
        putSqlInstance(vm: VirtualMachineRef, instanceName: string, seed: SqlInstanceSeed = {}): Promise<SqlInstanceState> {
            return this.call("PUT", sqlInstancePath(vm, instanceName), seed);
        }

        /** GET …/sqlInstances/{instance}: the instance with its databases and their content. */
        getSqlInstance(vm: VirtualMachineRef, instanceName: string): Promise<SqlInstanceState> {
            return this.call("GET", sqlInstancePath(vm, instanceName));
        }

        /** GET …/virtualMachines/{vm}/sqlInstances. */
        async listSqlInstances(vm: VirtualMachineRef): Promise<SqlInstanceState[]> {
            return (await this.call<{ value: SqlInstanceState[] }>("GET", `${vmPath(vm)}/sqlInstances`)).value;
        }

        /** DELETE …/sqlInstances/{instance}, with its databases. */
        async deleteSqlInstance(vm: VirtualMachineRef, instanceName: string): Promise<void> {
            await this.call("DELETE", sqlInstancePath(vm, instanceName));
        }

        /** PUT …/sqlInstances/{instance}/databases/{db}: adds a database (empty unless `content` is given) or replaces its content. */
        putSqlDatabase(vm: VirtualMachineRef, instanceName: string, databaseName: string, seed: SqlDatabaseSeed = {}): Promise<SqlDatabaseState> {
            return this.call("PUT", `${sqlInstancePath(vm, instanceName)}/databases/${encodeSegment(databaseName)}`, seed);
        }

        /** GET …/databases/{db}: the database with its content now. */
        getSqlDatabase(vm: VirtualMachineRef, instanceName: string, databaseName: string): Promise<SqlDatabaseState> {
            return this.call("GET", `${sqlInstancePath(vm, instanceName)}/databases/${encodeSegment(databaseName)}`);
        }

        /** DELETE …/databases/{db}: drops the database. */
        async deleteSqlDatabase(vm: VirtualMachineRef, instanceName: string, databaseName: string): Promise<void> {
            await this.call("DELETE", `${sqlInstancePath(vm, instanceName)}/databases/${encodeSegment(databaseName)}`);
        }
    }
    return ComputeControlClient;
}

function vmPath(vm: VirtualMachineRef): string {
    return `${resourceGroupControlPath(vm.subscriptionId, vm.resourceGroupName)}/virtualMachines/${encodeSegment(vm.vmName)}`;
}

function sqlInstancePath(vm: VirtualMachineRef, instanceName: string): string {
    return `${vmPath(vm)}/sqlInstances/${encodeSegment(instanceName)}`;
}
