import type { ArmResourceModel } from "../../platform/state/models";
import type { EmulatorStore } from "../../platform/state/store";

/**
 * SQL Server inside seeded VMs (emulator-only documents under the VM's id, so deleting the VM removes
 * them): instances, and databases holding a text blob of content. Azure Backup's AzureWorkload
 * discovery finds VMs that have instances, its inquiries list the databases, and its backups capture
 * each database's content so that what a restore brings back can be checked.
 */
export const SQL_TYPES = {
    instance: "Emulator.Compute/virtualMachines/sqlInstances",
    database: "Emulator.Compute/virtualMachines/sqlInstances/databases",
} as const;

/** What the emulator keeps of a SQL Server instance. */
export interface SqlInstanceProperties {
    /** Host name the instance reports (`serverName` of Azure Backup's items): by default the VM's computer name. */
    serverName: string;
}

/** What the emulator keeps of a database: its data, as one text blob. */
export interface SqlDatabaseProperties {
    content: string;
}

/** A stored SQL Server instance. */
export type SqlInstanceModel = ArmResourceModel<SqlInstanceProperties>;

/** A stored database. */
export type SqlDatabaseModel = ArmResourceModel<SqlDatabaseProperties>;

/** Id of an instance: `<vm id>/sqlInstances/{instance}`. */
export function sqlInstanceId(vmId: string, instanceName: string): string {
    return `${vmId}/sqlInstances/${instanceName}`;
}

/** Id of a database: `<instance id>/databases/{database}`. */
export function sqlDatabaseId(vmId: string, instanceName: string, databaseName: string): string {
    return `${sqlInstanceId(vmId, instanceName)}/databases/${databaseName}`;
}

/** The VM id an instance or database id belongs to; undefined for other ids. */
export function vmIdOfSqlResource(id: string): string | undefined {
    const at = id.toLowerCase().indexOf("/sqlinstances/");
    return at > 0 ? id.slice(0, at) : undefined;
}

/**
 * The computer name Windows gives a VM by default, which SQL Server reports as its host: the VM name,
 * lower-cased, cut to 15 characters (azure-cli's SQL tests show `sql-clitestvm-d` for the VM
 * `sql-clitestvm-donotuse2`).
 */
export function defaultServerName(vmName: string): string {
    return vmName.toLowerCase().slice(0, 15);
}

/** The VM's instances, in name order. */
export function listSqlInstances(store: EmulatorStore, vmId: string): SqlInstanceModel[] {
    return byName(store.listChildResources<SqlInstanceProperties>(vmId, SQL_TYPES.instance));
}

/** An instance's databases, in name order. */
export function listSqlDatabases(store: EmulatorStore, instanceId: string): SqlDatabaseModel[] {
    return byName(store.listChildResources<SqlDatabaseProperties>(instanceId, SQL_TYPES.database));
}

/** One database (names in any casing). */
export function getSqlDatabase(store: EmulatorStore, vmId: string, instanceName: string, databaseName: string): SqlDatabaseModel | undefined {
    return store.getResource<SqlDatabaseProperties>(sqlDatabaseId(vmId, instanceName, databaseName));
}

function byName<T extends { name: string }>(models: T[]): T[] {
    return models.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

/** Creates a database or replaces its content (what a restore of an Azure Backup recovery point writes). */
export function writeSqlDatabase(store: EmulatorStore, vmId: string, instanceName: string, databaseName: string, content: string): SqlDatabaseModel {
    const existing = getSqlDatabase(store, vmId, instanceName, databaseName);
    return store.putResource<SqlDatabaseProperties>({
        id: existing?.id ?? sqlDatabaseId(vmId, instanceName, databaseName),
        name: existing?.name ?? databaseName,
        type: SQL_TYPES.database,
        properties: { content },
    });
}
