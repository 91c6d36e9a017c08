import { ArmError, invalidRequestContent } from "../../../platform/arm/armErrors";
import type { DatabaseBackupSetting } from "../state/models";
import { invalidParameter } from "../appServiceErrors";
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
    /** Name of the app restored into, as sent. */
    siteName?: string;
    /** `siteName` parsed. */
    targetSite?: NamedSite;
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
    if (parsed.siteName !== undefined) parsed.targetSite = parseSiteName(parsed.siteName);
    const adjust = optionalBoolean(properties.adjustConnectionStrings, "properties.adjustConnectionStrings");
    if (adjust !== undefined) parsed.adjustConnectionStrings = adjust;
    return parsed;
}

/** An app or slot named by `properties.siteName`; `slotName` is absent when only the app is named. */
export interface NamedSite {
    siteName: string;
    slotName?: string;
}

// App names are letters, digits and hyphens, slot names too: neither holds `/` or parentheses.
const SITE_NAME = /^([^/()]+)(?:\/([^/()]+)|\(([^/()]+)\))?$/;

/**
 * Parses `properties.siteName`: `app`, `app/slot` (the slot's ARM name) or `app(slot)` (App Service's
 * own spelling, which Az PowerShell sends); 400 for anything else.
 */
export function parseSiteName(value: string): NamedSite {
    const match = SITE_NAME.exec(value.trim());
    if (!match) throw invalidParameter("properties.siteName", "Expected an app name, 'app/slot' or 'app(slot)'.");
    const slotName = match[2] ?? match[3];
    return slotName === undefined ? { siteName: match[1].trim() } : { siteName: match[1].trim(), slotName: slotName.trim() };
}

/** True when the slot named is the production one: none, or `Production` (App Service reserves the name). */
export function isProductionSlot(slotName: string | undefined): boolean {
    return slotName === undefined || slotName.toLowerCase() === "production";
}

/** 404: `properties.siteName` names no app (or slot) of the subscription. */
export function restoreTargetNotFound(siteName: string, subscriptionId: string): ArmError {
    return new ArmError(
        404,
        "NotFound",
        `Cannot find Site with name '${siteName}' in subscription '${subscriptionId}'. properties.siteName names the app to restore into ('app', 'app/slot' or 'app(slot)'); it must exist.`,
        { target: "properties.siteName" },
    );
}
