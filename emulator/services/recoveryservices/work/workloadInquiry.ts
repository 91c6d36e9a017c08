import { getSqlDatabase, listSqlDatabases, listSqlInstances, sqlInstanceId } from "../../compute/sqlServers";
import { parseSqlDatabaseReference } from "../names/backupNames";
import type { BackupStore, ContainerModel } from "../state/backupStore";
import type { InquiredInstance } from "../state/models";

/**
 * What inquiries of a VMAppContainer find (seed 002, step 4: "the service can inquire the SQL server
 * to get more details on the DBs present"). An inquiry takes the VM's SQL Server inventory when it
 * starts and the vault knows it once it ends; a database created afterwards stays unknown to the
 * vault until the next inquiry, as on the live service. What the inquiry found and has been dropped
 * since is left out, as discovered VMs that no longer exist are.
 */

/** The VM's SQL Server instances with their databases, as an inquiry starting now finds them. */
export function inventorySqlServer(store: BackupStore, vmId: string): InquiredInstance[] {
    return listSqlInstances(store.shared, vmId).map((instance) => ({
        name: instance.name,
        serverName: instance.properties.serverName,
        databases: listSqlDatabases(store.shared, instance.id).map((database) => database.name),
    }));
}

/** What the last completed inquiry of the container found and still exists; nothing before the first inquiry. */
export function inquiredInstances(store: BackupStore, container: ContainerModel): InquiredInstance[] {
    const inquiry = store.getInquiry(container);
    if (!inquiry) return [];
    const vmId = container.properties.sourceResourceId;
    return inquiry.instances
        .filter((instance) => store.shared.getResource(sqlInstanceId(vmId, instance.name)) !== undefined)
        .map((instance) => ({ ...instance, databases: instance.databases.filter((database) => getSqlDatabase(store.shared, vmId, instance.name, database) !== undefined) }));
}

/** An instance the last inquiry found, by name in any casing. */
export function findInquiredInstance(store: BackupStore, container: ContainerModel, instanceName: string): InquiredInstance | undefined {
    return inquiredInstances(store, container).find((instance) => instance.name.toLowerCase() === instanceName.toLowerCase());
}

/** A database the last inquiry found, named `{instance};{db}` in any casing. */
export function findInquiredDatabase(store: BackupStore, container: ContainerModel, reference: string): { instance: InquiredInstance; databaseName: string } | undefined {
    const parsed = parseSqlDatabaseReference(reference);
    const instance = parsed ? findInquiredInstance(store, container, parsed.instanceName) : undefined;
    const databaseName = instance?.databases.find((database) => database.toLowerCase() === parsed!.databaseName.toLowerCase());
    return instance && databaseName ? { instance, databaseName } : undefined;
}
