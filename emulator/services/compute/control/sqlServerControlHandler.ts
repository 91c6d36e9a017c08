import { ArmError } from "../../../platform/arm/armErrors";
import type { EmulatorStore } from "../../../platform/state/store";
import { SQL_TYPES, defaultServerName, listSqlDatabases, listSqlInstances, sqlDatabaseId, sqlInstanceId, vmIdOfSqlResource, type SqlInstanceModel } from "../sqlServers";
import { virtualMachineId, type VirtualMachineModel } from "../virtualMachines";

/** A VM as the SQL control routes name it. */
export interface VirtualMachineRef {
    subscriptionId: string;
    resourceGroupName: string;
    vmName: string;
}

/** A database of an instance seed: a name (its content kept, or empty when new), or a name with content. */
export type SqlDatabaseSeedEntry = string | { name: string; content?: string };

/** Body of `PUT …/virtualMachines/{vm}/sqlInstances/{instance}`. */
export interface SqlInstanceSeed {
    /** Default: the VM's computer name (its name, lower-cased, at most 15 characters). */
    serverName?: string;
    /** The instance's databases: those not listed are dropped; absent keeps the current ones (none for a new instance). */
    databases?: SqlDatabaseSeedEntry[];
}

/** Body of `PUT …/sqlInstances/{instance}/databases/{database}`. */
export interface SqlDatabaseSeed {
    /** The database's data; a new database without it is empty, an existing one keeps its own. */
    content?: string;
}

/** A database as the control API shows it. */
export interface SqlDatabaseState {
    id: string;
    name: string;
    content: string;
}

/** An instance as the control API shows it, with its databases. */
export interface SqlInstanceState {
    id: string;
    name: string;
    vmId: string;
    serverName: string;
    databases: SqlDatabaseState[];
}

// SQL Server's own limits: instance names up to 16 characters, database names up to 128.
const INSTANCE_NAME = /^[A-Za-z_][A-Za-z0-9_$#]{0,15}$/;
const DATABASE_NAME = /^[^/\\;?#%]{1,128}$/;
const DATABASE_NAME_RULE = "A database name is 1 to 128 characters without '/', '\\', ';', '?', '#' or '%'.";

/**
 * Seeds SQL Server inside VMs (the control API's part for Azure Backup's SQL workloads): instances
 * with their databases, databases added, changed and dropped later, so "every database, now and later"
 * can be tested, and each database's content, so what a backup captured can be checked.
 */
export class SqlServerControlHandler {
    constructor(private readonly store: EmulatorStore) {}

    /** Creates or replaces an instance on an existing VM, with the databases given. */
    putInstance(vm: VirtualMachineRef, instanceName: string, body: unknown): { created: boolean; value: SqlInstanceState } {
        const machine = this.requireVm(vm);
        if (!INSTANCE_NAME.test(instanceName)) throw badRequest("An instance name is 1 to 16 letters, digits, '_', '$' or '#', starting with a letter or '_' (MSSQLSERVER for the default instance).");
        const seed = parseInstanceSeed(body);
        const existing = this.store.getResource<SqlInstanceModel["properties"]>(sqlInstanceId(machine.id, instanceName));
        const instance = this.store.putResource<SqlInstanceModel["properties"]>({
            id: existing?.id ?? sqlInstanceId(machine.id, instanceName),
            name: existing?.name ?? instanceName,
            type: SQL_TYPES.instance,
            properties: { serverName: seed.serverName ?? existing?.properties.serverName ?? defaultServerName(machine.name) },
        });
        if (seed.databases) {
            const wanted = new Map(seed.databases.map((entry) => (typeof entry === "string" ? { name: entry } : entry)).map((entry) => [entry.name.toLowerCase(), entry]));
            for (const database of listSqlDatabases(this.store, instance.id)) if (!wanted.has(database.name.toLowerCase())) this.store.deleteResource(database.id);
            for (const entry of wanted.values()) this.putDatabaseIn(instance, entry.name, entry.content);
        }
        return { created: !existing, value: this.state(instance) };
    }

    /** The instance with its databases. */
    getInstance(vm: VirtualMachineRef, instanceName: string): SqlInstanceState {
        return this.state(this.requireInstance(vm, instanceName));
    }

    /** The VM's instances. */
    listInstances(vm: VirtualMachineRef): { value: SqlInstanceState[] } {
        return { value: listSqlInstances(this.store, this.requireVm(vm).id).map((instance) => this.state(instance)) };
    }

    /** Removes an instance with its databases (their backups in vaults stay). */
    deleteInstance(vm: VirtualMachineRef, instanceName: string): void {
        this.store.deleteResource(this.requireInstance(vm, instanceName).id);
    }

    /** Creates a database, or replaces its content. */
    putDatabase(vm: VirtualMachineRef, instanceName: string, databaseName: string, body: unknown): { created: boolean; value: SqlDatabaseState } {
        const instance = this.requireInstance(vm, instanceName);
        const seed = parseDatabaseSeed(body);
        const existed = this.store.getResource(sqlDatabaseId(vmIdOf(instance), instance.name, databaseName)) !== undefined;
        return { created: !existed, value: this.putDatabaseIn(instance, databaseName, seed.content) };
    }

    /** One database with its content. */
    getDatabase(vm: VirtualMachineRef, instanceName: string, databaseName: string): SqlDatabaseState {
        const instance = this.requireInstance(vm, instanceName);
        const database = this.store.getResource<{ content: string }>(sqlDatabaseId(vmIdOf(instance), instance.name, databaseName));
        if (!database) throw notFound(`SQL instance '${instance.name}' has no database '${databaseName}'.`);
        return { id: database.id, name: database.name, content: database.properties.content };
    }

    /** Drops a database (its backups in vaults stay). */
    deleteDatabase(vm: VirtualMachineRef, instanceName: string, databaseName: string): void {
        const instance = this.requireInstance(vm, instanceName);
        if (!this.store.deleteResource(sqlDatabaseId(vmIdOf(instance), instance.name, databaseName))) throw notFound(`SQL instance '${instance.name}' has no database '${databaseName}'.`);
    }

    private putDatabaseIn(instance: SqlInstanceModel, databaseName: string, content: string | undefined): SqlDatabaseState {
        if (!DATABASE_NAME.test(databaseName)) throw badRequest(DATABASE_NAME_RULE);
        const id = sqlDatabaseId(vmIdOf(instance), instance.name, databaseName);
        const existing = this.store.getResource<{ content: string }>(id);
        const database = this.store.putResource({
            id: existing?.id ?? id,
            name: existing?.name ?? databaseName,
            type: SQL_TYPES.database,
            properties: { content: content ?? existing?.properties.content ?? "" },
        });
        return { id: database.id, name: database.name, content: database.properties.content };
    }

    private state(instance: SqlInstanceModel): SqlInstanceState {
        return {
            id: instance.id,
            name: instance.name,
            vmId: vmIdOf(instance),
            serverName: instance.properties.serverName,
            databases: listSqlDatabases(this.store, instance.id).map((database) => ({ id: database.id, name: database.name, content: database.properties.content })),
        };
    }

    private requireVm(vm: VirtualMachineRef): VirtualMachineModel {
        const machine = this.store.getResource<VirtualMachineModel["properties"]>(virtualMachineId(vm.subscriptionId, vm.resourceGroupName, vm.vmName));
        if (!machine) throw notFound(`Virtual machine '${vm.vmName}' does not exist.`);
        return machine;
    }

    private requireInstance(vm: VirtualMachineRef, instanceName: string): SqlInstanceModel {
        const machine = this.requireVm(vm);
        const instance = this.store.getResource<SqlInstanceModel["properties"]>(sqlInstanceId(machine.id, instanceName));
        if (!instance) throw notFound(`Virtual machine '${machine.name}' has no SQL instance '${instanceName}'.`);
        return instance;
    }
}

function vmIdOf(instance: SqlInstanceModel): string {
    return vmIdOfSqlResource(instance.id)!;
}

function parseInstanceSeed(body: unknown): SqlInstanceSeed {
    if (body === undefined || body === null) return {};
    if (typeof body !== "object" || Array.isArray(body)) throw badRequest("The body must be a JSON object such as {\"databases\": [\"orders\"]}.");
    const { serverName, databases } = body as Record<string, unknown>;
    if (serverName !== undefined && (typeof serverName !== "string" || serverName.trim() === "")) throw badRequest("'serverName' must be a non-empty string.");
    if (databases !== undefined) {
        const valid =
            Array.isArray(databases) &&
            databases.every(
                (entry) =>
                    typeof entry === "string" ||
                    (typeof entry === "object" && entry !== null && typeof (entry as Record<string, unknown>).name === "string" && ["string", "undefined"].includes(typeof (entry as Record<string, unknown>).content)),
            );
        if (!valid) throw badRequest("'databases' must be a list of names or {name, content?} objects.");
        const names = (databases as SqlDatabaseSeedEntry[]).map((entry) => (typeof entry === "string" ? entry : entry.name));
        // Checked before anything changes, so a bad list leaves the instance as it was.
        if (!names.every((name) => DATABASE_NAME.test(name))) throw badRequest(DATABASE_NAME_RULE);
        if (new Set(names.map((name) => name.toLowerCase())).size !== names.length) throw badRequest("'databases' names a database twice.");
    }
    return body as SqlInstanceSeed;
}

function parseDatabaseSeed(body: unknown): SqlDatabaseSeed {
    if (body === undefined || body === null) return {};
    if (typeof body !== "object" || Array.isArray(body)) throw badRequest("The body must be a JSON object such as {\"content\": \"…\"}.");
    const { content } = body as Record<string, unknown>;
    if (content !== undefined && typeof content !== "string") throw badRequest("'content' must be a string.");
    return body as SqlDatabaseSeed;
}

function badRequest(message: string): ArmError {
    return new ArmError(400, "BadRequest", message);
}

function notFound(message: string): ArmError {
    return new ArmError(404, "NotFound", message);
}
