import { invalidRequestContent } from "../../../platform/arm/armErrors";
import type { BackupRequestProperties, BackupSchedule, DatabaseBackupSetting, DatabaseType, FrequencyUnit } from "../state/models";
import { invalidParameter } from "../appServiceErrors";
import { enumValue, integer, isObject, optionalBoolean, optionalString } from "./requestFields";

/** A validated BackupRequest body, normalized to what the service stores. */
export interface ParsedBackupRequest {
    kind?: string;
    properties: BackupRequestProperties;
}

/** Closed enum values, canonical spelling; input matches case-insensitively or by ordinal, as Json.NET does. */
const FREQUENCY_UNITS: readonly FrequencyUnit[] = ["Day", "Hour"];
const DATABASE_TYPES: readonly DatabaseType[] = ["SqlAzure", "MySql", "LocalMySql", "PostgreSql"];

/**
 * Fields of a schedule that must be present. The REST spec marks these four both `required` and
 * with defaults (7, Day, true, 30); the emulator enforces presence, so a client that relies on the
 * defaults is caught here rather than by the live service's less predictable handling.
 */
export const REQUIRED_SCHEDULE_FIELDS = ["frequencyInterval", "frequencyUnit", "keepAtLeastOneBackup", "retentionPeriodInDays"] as const;

/**
 * Validates a BackupRequest (PUT `config/backup`) like the service: `storageAccountUrl` required; a
 * given schedule needs its four core fields; enums are closed. Values are coerced the way the
 * service's Json.NET binder coerces them (`"7"` → 7, `"True"` → true), which the REST article's own
 * example relies on. Read-only `lastExecutionTime` is ignored; an omitted `startTime` becomes the
 * time of the request, as on the live service; an omitted `enabled` is false (the article: it
 * "must be set to true to enable automatic backups").
 */
export function parseBackupRequest(body: unknown, now: Date): ParsedBackupRequest {
    if (!isObject(body)) throw invalidRequestContent("The request body must be a JSON object.");
    const properties = body.properties;
    if (properties === undefined || properties === null) throw invalidParameter("properties", "missing");
    if (!isObject(properties)) throw invalidParameter("properties", "Expected an object.");

    const storageAccountUrl = optionalString(properties.storageAccountUrl, "properties.storageAccountUrl");
    if (!storageAccountUrl || storageAccountUrl.trim() === "") throw invalidParameter("properties.storageAccountUrl", "missing");

    const parsed: BackupRequestProperties = {
        enabled: optionalBoolean(properties.enabled, "properties.enabled") ?? false,
        storageAccountUrl,
        databases: parseDatabases(properties.databases),
    };
    const backupName = optionalString(properties.backupName, "properties.backupName");
    if (backupName !== undefined) parsed.backupName = backupName;
    const schedule = parseSchedule(properties.backupSchedule, now);
    if (schedule) parsed.backupSchedule = schedule;

    const kind = optionalString(body.kind, "kind");
    return kind !== undefined ? { kind, properties: ordered(parsed) } : { properties: ordered(parsed) };
}

function parseSchedule(value: unknown, now: Date): BackupSchedule | undefined {
    const field = "properties.backupSchedule";
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw invalidParameter(field, "Expected an object.");
    for (const name of REQUIRED_SCHEDULE_FIELDS) {
        if (value[name] === undefined || value[name] === null) throw invalidParameter(`${field}.${name}`, "missing");
    }
    const frequencyInterval = integer(value.frequencyInterval, `${field}.frequencyInterval`, 1);
    const frequencyUnit = enumValue(value.frequencyUnit, FREQUENCY_UNITS, `${field}.frequencyUnit`);
    const keepAtLeastOneBackup = optionalBoolean(value.keepAtLeastOneBackup, `${field}.keepAtLeastOneBackup`)!;
    const retentionPeriodInDays = integer(value.retentionPeriodInDays, `${field}.retentionPeriodInDays`, 0);
    let startTime = optionalString(value.startTime, `${field}.startTime`);
    if (startTime !== undefined && Number.isNaN(Date.parse(startTime))) {
        throw invalidParameter(`${field}.startTime`, "Expected an ISO 8601 date and time.");
    }
    startTime ??= now.toISOString();
    return { frequencyInterval, frequencyUnit, keepAtLeastOneBackup, retentionPeriodInDays, startTime };
}

/** Validates `properties.databases` of a BackupRequest or RestoreRequest; absent means none. */
export function parseDatabases(value: unknown): DatabaseBackupSetting[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw invalidParameter("properties.databases", "Expected an array.");
    return value.map((entry, index) => {
        const field = `properties.databases[${index}]`;
        if (!isObject(entry)) throw invalidParameter(field, "Expected an object.");
        if (entry.databaseType === undefined || entry.databaseType === null) throw invalidParameter(`${field}.databaseType`, "missing");
        const setting: DatabaseBackupSetting = { databaseType: enumValue(entry.databaseType, DATABASE_TYPES, `${field}.databaseType`) };
        for (const name of ["name", "connectionStringName", "connectionString"] as const) {
            const text = optionalString(entry[name], `${field}.${name}`);
            if (text !== undefined) setting[name] = text;
        }
        return setting;
    });
}

// The service answers properties in a fixed order; keep it so stored JSON reads like the service's.
function ordered(p: BackupRequestProperties): BackupRequestProperties {
    return {
        ...(p.backupName !== undefined ? { backupName: p.backupName } : {}),
        enabled: p.enabled,
        storageAccountUrl: p.storageAccountUrl,
        ...(p.backupSchedule ? { backupSchedule: p.backupSchedule } : {}),
        databases: p.databases,
    };
}
