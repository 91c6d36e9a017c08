import { invalidRequestContent } from "../protocol/armErrors";
import type { DatabaseBackupSetting } from "../state/models";
import { invalidParameter } from "./appServiceErrors";
import { parseDatabases } from "./backupRequest";
import { containerSasUrl, enumValue, isObject, optionalBoolean, optionalString } from "./requestFields";

/** `operationType` of a RestoreRequest (a closed enum). */
export type BackupRestoreOperationType = "Default" | "Clone" | "Relocation" | "Snapshot" | "CloudFS";

const OPERATION_TYPES: readonly BackupRestoreOperationType[] = ["Default", "Clone", "Relocation", "Snapshot", "CloudFS"];

/** A validated RestoreRequest body. */
export interface ParsedRestoreRequest {
    /** Container SAS URL holding the backup blob; read permission needed. */
    storageAccountUrl: string;
    /** True to restore over an existing app (required to restore into the backed-up app itself). */
    overwrite: boolean;
    /** Blob to restore; defaults to the backup's own blob. */
    blobName?: string;
    /** Name of the app restored into. */
    siteName?: string;
    databases: DatabaseBackupSetting[];
    ignoreConflictingHostNames: boolean;
    ignoreDatabases: boolean;
    operationType: BackupRestoreOperationType;
    adjustConnectionStrings?: boolean;
    appServicePlan?: string;
    hostingEnvironment?: string;
}

/**
 * Validates a RestoreRequest (POST `backups/{id}/restore`): `storageAccountUrl` and `overwrite` are
 * required, as in the REST spec; booleans and `operationType` are coerced like the service's binder
 * does. `location`, `kind` and unknown members are ignored.
 */
export function parseRestoreRequest(body: unknown): ParsedRestoreRequest {
    if (!isObject(body)) throw invalidRequestContent("The request body must be a JSON object.");
    const properties = body.properties;
    if (properties === undefined || properties === null) throw invalidParameter("properties", "missing");
    if (!isObject(properties)) throw invalidParameter("properties", "Expected an object.");

    const url = optionalString(properties.storageAccountUrl, "properties.storageAccountUrl");
    if (!url || url.trim() === "") throw invalidParameter("properties.storageAccountUrl", "missing");
    const overwrite = optionalBoolean(properties.overwrite, "properties.overwrite");
    if (overwrite === undefined) throw invalidParameter("properties.overwrite", "missing");

    const parsed: ParsedRestoreRequest = {
        storageAccountUrl: containerSasUrl(url, "properties.storageAccountUrl"),
        overwrite,
        databases: parseDatabases(properties.databases),
        ignoreConflictingHostNames: optionalBoolean(properties.ignoreConflictingHostNames, "properties.ignoreConflictingHostNames") ?? false,
        ignoreDatabases: optionalBoolean(properties.ignoreDatabases, "properties.ignoreDatabases") ?? false,
        operationType:
            properties.operationType === undefined || properties.operationType === null
                ? "Default"
                : enumValue(properties.operationType, OPERATION_TYPES, "properties.operationType"),
    };
    for (const name of ["blobName", "siteName", "appServicePlan", "hostingEnvironment"] as const) {
        const text = optionalString(properties[name], `properties.${name}`);
        if (text !== undefined && text.trim() !== "") parsed[name] = text;
    }
    const adjust = optionalBoolean(properties.adjustConnectionStrings, "properties.adjustConnectionStrings");
    if (adjust !== undefined) parsed.adjustConnectionStrings = adjust;
    return parsed;
}
