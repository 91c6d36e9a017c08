import type { ArmClient, ArmResponse } from "../core/arm/armClient";
import { isArmError } from "../core/arm/armError";
import { formatSiteId, parseSiteId, type SiteRef } from "./siteRef";

/** The Microsoft.Web api-version every App Service call uses. */
export const webApiVersion = "2024-11-01";

/** A database included in a backup (`DatabaseBackupSetting`). */
export interface DatabaseBackupSetting {
    databaseType: "SqlAzure" | "MySql" | "LocalMySql" | "PostgreSql";
    name?: string;
    connectionStringName?: string;
    connectionString?: string;
}

/** The schedule part of a backup configuration (`BackupSchedule`). */
export interface BackupScheduleWire {
    frequencyInterval: number;
    frequencyUnit: "Day" | "Hour";
    keepAtLeastOneBackup: boolean;
    retentionPeriodInDays: number;
    startTime?: string;
    lastExecutionTime?: string;
}

/** `BackupRequest` properties: the body of the schedule and of on-demand backups. */
export interface BackupRequestProperties {
    backupName?: string;
    enabled?: boolean;
    storageAccountUrl: string;
    backupSchedule?: BackupScheduleWire;
    databases?: DatabaseBackupSetting[];
}

/** A `BackupRequest` resource as the service returns it. */
export interface BackupRequest {
    id?: string;
    name?: string;
    type?: string;
    properties: BackupRequestProperties;
}

function configPath(site: SiteRef): string {
    return `${formatSiteId(site)}/config/backup`;
}

/** True for the 404s that mean "not there": the schedule, the site, or its resource group. */
export function isNotFound(error: unknown): boolean {
    return isArmError(error) && error.statusCode === 404;
}

/**
 * Sets the site's backup schedule (WebApps_UpdateBackupConfiguration, PUT config/backup).
 * https://learn.microsoft.com/rest/api/appservice/web-apps/update-backup-configuration
 */
export async function updateBackupConfiguration(client: ArmClient, site: SiteRef, properties: BackupRequestProperties): Promise<BackupRequest> {
    const response = await client.send<BackupRequest>({
        method: "PUT",
        path: configPath(site),
        apiVersion: webApiVersion,
        body: { properties },
        operation: "WebApps.UpdateBackupConfiguration",
    });
    return response.body;
}

/**
 * Reads the site's backup schedule, SAS URL included (WebApps_GetBackupConfiguration, POST
 * config/backup/list: the only read there is). Undefined when the site has no schedule.
 * https://learn.microsoft.com/rest/api/appservice/web-apps/get-backup-configuration
 */
export async function getBackupConfiguration(client: ArmClient, site: SiteRef): Promise<BackupRequest | undefined> {
    try {
        const response = await client.send<BackupRequest>({
            method: "POST",
            path: `${configPath(site)}/list`,
            apiVersion: webApiVersion,
            operation: "WebApps.GetBackupConfiguration",
            // A read: safe to retry whatever happened to the first attempt.
            idempotent: true,
        });
        return response.body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/**
 * Removes the site's backup schedule (WebApps_DeleteBackupConfiguration, DELETE config/backup).
 * A site or schedule that is already gone counts as removed.
 * https://learn.microsoft.com/rest/api/appservice/web-apps/delete-backup-configuration
 */
export async function deleteBackupConfiguration(client: ArmClient, site: SiteRef): Promise<void> {
    try {
        await client.send({ method: "DELETE", path: configPath(site), apiVersion: webApiVersion, operation: "WebApps.DeleteBackupConfiguration" });
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}

/** Status of a backup (`BackupItemStatus`); older api-versions sent the ordinal instead of the name. */
export const backupItemStatuses = [
    "InProgress",
    "Failed",
    "Succeeded",
    "TimedOut",
    "Created",
    "Skipped",
    "PartiallySucceeded",
    "DeleteInProgress",
    "DeleteFailed",
    "Deleted",
] as const;

/** One of {@link backupItemStatuses}. */
export type BackupItemStatus = (typeof backupItemStatuses)[number];

/** `BackupItem` properties: one backup as the service reports it. */
export interface BackupItemProperties {
    /** The backup's number, the `{backupId}` of its paths. */
    id: number;
    /** Empty except in the answer of `backups/{id}/list`. */
    storageAccountUrl?: string;
    blobName?: string;
    name?: string;
    status?: BackupItemStatus | number;
    sizeInBytes?: number;
    created?: string;
    /** The service's account of what went wrong, for failed backups. */
    log?: string | null;
    databases?: DatabaseBackupSetting[];
    scheduled?: boolean;
    lastRestoreTimeStamp?: string | null;
    finishedTimeStamp?: string | null;
    correlationId?: string;
    websiteSizeInBytes?: number;
}

/** A `BackupItem` resource. */
export interface BackupItem {
    id?: string;
    name?: string;
    type?: string;
    properties: BackupItemProperties;
}

/** `RestoreRequest` properties. */
export interface RestoreRequestProperties {
    storageAccountUrl: string;
    blobName?: string;
    /** Must be true to restore over the app the request is sent to when it has content. */
    overwrite: boolean;
    /** The target app's name, when restoring into another app. */
    siteName?: string;
    databases?: DatabaseBackupSetting[];
    ignoreConflictingHostNames?: boolean;
    ignoreDatabases?: boolean;
    operationType?: "Default" | "Clone" | "Relocation" | "Snapshot" | "CloudFS";
}

/** The status name, whichever form the service sent; undefined when it sent none we know. */
export function normalizeBackupStatus(status: unknown): BackupItemStatus | undefined {
    if (typeof status === "number") return backupItemStatuses[status];
    if (typeof status !== "string") return undefined;
    return backupItemStatuses.find((s) => s.toLowerCase() === status.toLowerCase());
}

/** The ARM path of one backup of a site or slot. */
export function backupPath(site: SiteRef, backupId: number): string {
    return `${formatSiteId(site)}/backups/${backupId}`;
}

/** Parses the ARM id of a backup (`<site or slot id>/backups/<number>`); undefined if it is not one. */
export function parseBackupId(id: string): { site: SiteRef; backupNumber: number } | undefined {
    const m = /^(.+)\/backups\/(\d+)\/?$/i.exec(id);
    const site = m ? parseSiteId(m[1]) : undefined;
    return site && m ? { site, backupNumber: Number(m[2]) } : undefined;
}

// A service answering the same nextLink forever must not keep us paging.
const maxBackupPages = 1000;

/**
 * Starts an on-demand backup (WebApps_Backup, POST backup). Answers at once with the new item,
 * status Created; the backup itself runs afterwards. Not idempotent: each call makes a backup.
 * https://learn.microsoft.com/rest/api/appservice/web-apps/backup
 */
export async function startBackup(client: ArmClient, site: SiteRef, properties: BackupRequestProperties, signal?: AbortSignal): Promise<BackupItem> {
    const response = await client.send<BackupItem>({
        method: "POST",
        path: `${formatSiteId(site)}/backup`,
        apiVersion: webApiVersion,
        body: { properties },
        operation: "WebApps.Backup",
        signal,
    });
    return response.body;
}

/**
 * Every backup of a site, following `nextLink` page by page (WebApps_ListBackups, GET backups).
 * https://learn.microsoft.com/rest/api/appservice/web-apps/list-backups
 */
export async function listBackups(client: ArmClient, site: SiteRef, signal?: AbortSignal): Promise<BackupItem[]> {
    const items: BackupItem[] = [];
    const seen = new Set<string>();
    let path: string | undefined = `${formatSiteId(site)}/backups`;
    let apiVersion: string | undefined = webApiVersion;
    for (let page = 0; path; page++) {
        if (page >= maxBackupPages || seen.has(path)) throw new Error(`WebApps.ListBackups: the service kept answering with more pages (stopped after ${page})`);
        seen.add(path);
        const response: { body: { value?: BackupItem[]; nextLink?: string | null } } = await client.send({ method: "GET", path, apiVersion, operation: "WebApps.ListBackups", signal });
        items.push(...(response.body?.value ?? []));
        path = response.body?.nextLink || undefined;
        // nextLink carries its own api-version (and paging token).
        apiVersion = undefined;
    }
    return items;
}

/**
 * One backup's status, without its SAS (WebApps_GetBackupStatus, GET backups/{id}); undefined when
 * the backup (or its site) does not exist.
 * https://learn.microsoft.com/rest/api/appservice/web-apps/get-backup-status
 */
export async function getBackupStatus(client: ArmClient, site: SiteRef, backupId: number, signal?: AbortSignal): Promise<BackupItem | undefined> {
    try {
        const response = await client.send<BackupItem>({ method: "GET", path: backupPath(site, backupId), apiVersion: webApiVersion, operation: "WebApps.GetBackupStatus", signal });
        return response.body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/**
 * Asks the service to delete a backup, blob included (WebApps_DeleteBackup, DELETE backups/{id}).
 * The deletion goes on afterwards (DeleteInProgress, then Deleted or DeleteFailed). False when the
 * backup was already gone.
 * https://learn.microsoft.com/rest/api/appservice/web-apps/delete-backup
 */
export async function deleteBackup(client: ArmClient, site: SiteRef, backupId: number, signal?: AbortSignal): Promise<boolean> {
    try {
        await client.send({ method: "DELETE", path: backupPath(site, backupId), apiVersion: webApiVersion, operation: "WebApps.DeleteBackup", signal });
        return true;
    } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
    }
}

/**
 * One backup with its SAS URL (WebApps_ListBackupStatusSecrets, POST backups/{id}/list). Given
 * `storageAccountUrl`, the service stores it with the backup first: how a backup's SAS is rotated.
 * https://learn.microsoft.com/rest/api/appservice/web-apps/list-backup-status-secrets
 */
export async function listBackupStatusSecrets(client: ArmClient, site: SiteRef, backupId: number, storageAccountUrl?: string, signal?: AbortSignal): Promise<BackupItem> {
    const response = await client.send<BackupItem>({
        method: "POST",
        path: `${backupPath(site, backupId)}/list`,
        apiVersion: webApiVersion,
        // The service asks for a body even for a plain read: an empty object.
        body: storageAccountUrl ? { properties: { storageAccountUrl } } : {},
        operation: "WebApps.ListBackupStatusSecrets",
        // Reading, or storing the same SAS again, gives the same result however often it is done.
        idempotent: true,
        signal,
    });
    return response.body;
}

/**
 * Starts restoring a backup (WebApps_Restore, POST backups/{id}/restore) and returns the first
 * answer, for `pollArmOperation` to follow. Sent to the site that should receive the content: the
 * backup's own site (overwrite), or another app with `siteName` and `overwrite: false`.
 * https://learn.microsoft.com/rest/api/appservice/web-apps/restore
 */
export async function startRestore(client: ArmClient, site: SiteRef, backupId: number, properties: RestoreRequestProperties, signal?: AbortSignal): Promise<ArmResponse> {
    return client.send({
        method: "POST",
        path: `${backupPath(site, backupId)}/restore`,
        apiVersion: webApiVersion,
        body: { properties },
        operation: "WebApps.Restore",
        expectedStatus: [200, 201, 202],
        signal,
    });
}
