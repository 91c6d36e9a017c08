import type { ArmClient } from "../core/arm/armClient";
import { isArmError } from "../core/arm/armError";
import { formatSiteId, type SiteRef } from "./siteRef";

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
