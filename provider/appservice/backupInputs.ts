import { InputChecker, isUnknown } from "../core/dynamic/checks";
import { fingerprint } from "../core/redact/sanitizer";
import { validateContainerSasUrl } from "../core/sas/containerSasUrl";
import type { DatabaseBackupSetting } from "./api";

/** Accepted values of a database's `databaseType`. */
export const databaseTypes = ["SqlAzure", "MySql", "LocalMySql", "PostgreSql"] as const;

/** A database as recorded in outputs: the connection string only by fingerprint. */
export interface DatabaseOutput {
    databaseType: string;
    name: string;
    connectionStringName?: string;
    connectionStringFingerprint?: string;
}

/**
 * Checks a list of databases ({ databaseType, name, connectionStringName?, connectionString? }) and
 * returns it normalized; undefined when absent or unknown at preview.
 */
export function checkDatabasesInput(checker: InputChecker, value: unknown): DatabaseBackupSetting[] | undefined {
    if (value === undefined || value === null || isUnknown(value)) return undefined;
    if (!Array.isArray(value)) {
        checker.fail("databases", "databases must be a list of { databaseType, name, connectionStringName?, connectionString? }");
        return undefined;
    }
    return value.map((db: Record<string, unknown> | null, i) => {
        const at = `databases[${i}]`;
        if (isUnknown(db)) return db as unknown as DatabaseBackupSetting;
        if (db === null || typeof db !== "object" || Array.isArray(db)) {
            checker.fail(at, `${at} must be { databaseType, name, connectionStringName?, connectionString? }; got ${db === null ? "null" : typeof db}`);
            return { databaseType: "SqlAzure" };
        }
        const setting: DatabaseBackupSetting = {
            databaseType: checker.oneOf(`${at}.databaseType`, db?.databaseType, databaseTypes) ?? "SqlAzure",
            name: checker.requiredString(`${at}.name`, db?.name),
        };
        const connectionStringName = checker.optionalString(`${at}.connectionStringName`, db?.connectionStringName);
        const connectionString = checker.optionalString(`${at}.connectionString`, db?.connectionString);
        if (connectionStringName === undefined && connectionString === undefined && !isUnknown(db?.connectionString) && !isUnknown(db?.connectionStringName)) {
            checker.fail(`${at}.connectionString`, `${at} needs a connectionString or a connectionStringName`);
        }
        if (connectionStringName !== undefined) setting.connectionStringName = connectionStringName;
        if (connectionString !== undefined) setting.connectionString = connectionString;
        return setting;
    });
}

/** Databases as outputs keep them: sorted by name, connection strings reduced to fingerprints. */
export function databaseOutputs(databases: DatabaseBackupSetting[] | undefined): DatabaseOutput[] {
    return (databases ?? [])
        .map((db) => ({
            databaseType: db.databaseType,
            name: db.name ?? "",
            ...(db.connectionStringName ? { connectionStringName: db.connectionStringName } : {}),
            ...(db.connectionString ? { connectionStringFingerprint: fingerprint(db.connectionString) } : {}),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

/** What identifies the databases of a backup, credentials left out: type, name, connection string name. */
export function databaseIdentities(databases: ReadonlyArray<DatabaseBackupSetting | DatabaseOutput> | undefined): Array<{ databaseType: string; name: string; connectionStringName?: string }> {
    return (databases ?? [])
        .map((db) => ({ databaseType: db.databaseType, name: db.name ?? "", ...(db.connectionStringName ? { connectionStringName: db.connectionStringName } : {}) }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

/** Options of {@link checkStorageAccountUrlInput}. */
export interface StorageAccountUrlCheck {
    /** Permission letters the SAS needs, e.g. "w" (backup) or "r" (restore). */
    requiredPermissions: string;
    /** What the SAS is for, quoted in the message when it is missing: "write", "read". */
    purpose: string;
    /** Time to compare the expiry with; `new Date(0)` checks the shape only. */
    now: Date;
}

/**
 * Checks `storageAccountUrl`: a container SAS URL granting the permissions, not expired at `now`.
 * Failures never quote the value (the checker leaves their property empty: it is a secret input).
 */
export function checkStorageAccountUrlInput(checker: InputChecker, value: unknown, options: StorageAccountUrlCheck): void {
    if (isUnknown(value)) return;
    if (typeof value !== "string" || value === "") {
        checker.fail("storageAccountUrl", `storageAccountUrl is required: a container SAS URL with ${options.purpose} permission`);
        return;
    }
    for (const reason of validateContainerSasUrl("storageAccountUrl", value, { requiredPermissions: options.requiredPermissions, now: options.now })) {
        checker.fail("storageAccountUrl", reason);
    }
}
