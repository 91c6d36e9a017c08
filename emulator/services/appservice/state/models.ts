import type { ArmResourceModel } from "../../../platform/state/models";

/** ARM resource types the App Service emulation stores. */
export const WEB_RESOURCE_TYPES = {
    site: "Microsoft.Web/sites",
    slot: "Microsoft.Web/sites/slots",
    siteConfig: "Microsoft.Web/sites/config",
    slotConfig: "Microsoft.Web/sites/slots/config",
    siteBackup: "Microsoft.Web/sites/backups",
    slotBackup: "Microsoft.Web/sites/slots/backups",
} as const;

/** The part of a site's (or slot's) properties the emulator models. */
export interface SiteProperties {
    name: string;
    state: "Running" | "Stopped";
    enabled: boolean;
    defaultHostName: string;
    hostNames: string[];
    resourceGroup: string;
}

/** A web app. */
export type SiteModel = ArmResourceModel<SiteProperties>;

/** A deployment slot of a web app (`name` is `site/slot`, as ARM returns it). */
export type SlotModel = ArmResourceModel<SiteProperties>;

/** `frequencyUnit` of a backup schedule (a closed enum). */
export type FrequencyUnit = "Day" | "Hour";

/** `databaseType` of a database backup setting. */
export type DatabaseType = "SqlAzure" | "MySql" | "LocalMySql" | "PostgreSql";

/** How often backups run and how long they are kept. */
export interface BackupSchedule {
    frequencyInterval: number;
    frequencyUnit: FrequencyUnit;
    keepAtLeastOneBackup: boolean;
    retentionPeriodInDays: number;
    startTime?: string;
    /** Read-only: set by the service when a scheduled backup ran. */
    lastExecutionTime?: string;
}

/** A database included in backups; `connectionString` is a secret. */
export interface DatabaseBackupSetting {
    databaseType: DatabaseType;
    name?: string;
    connectionStringName?: string;
    connectionString?: string;
}

/** `properties` of a BackupRequest (the stored backup configuration of a site or slot). */
export interface BackupRequestProperties {
    backupName?: string;
    enabled: boolean;
    /** Container SAS URL: a secret, returned only by the `list` actions. */
    storageAccountUrl: string;
    backupSchedule?: BackupSchedule;
    databases: DatabaseBackupSetting[];
}

/** The `config/backup` proxy resource of a site or slot. */
export type BackupConfigurationModel = ArmResourceModel<BackupRequestProperties>;

/**
 * `status` of a BackupItem: a string on the wire, declared in this order (the REST article numbers
 * them 0–9). Runs end in Failed, Succeeded, TimedOut, Skipped or PartiallySucceeded; deletion goes
 * DeleteInProgress → Deleted or DeleteFailed.
 */
export const BACKUP_ITEM_STATUSES = [
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

/** One value of {@link BACKUP_ITEM_STATUSES}. */
export type BackupItemStatus = (typeof BACKUP_ITEM_STATUSES)[number];

/** `properties` of a stored on-demand backup: the BackupItem, secrets included. */
export interface BackupItemProperties {
    /** The `{backupId}` of the backup's URL; unique across the emulator. */
    id: number;
    /** Container SAS URL the blob was written through (a secret: only `backups/{id}/list` returns it). */
    storageAccountUrl: string;
    blobName: string;
    /** `blobName` without `.zip`. */
    name: string;
    status: BackupItemStatus;
    sizeInBytes: number;
    websiteSizeInBytes: number;
    created: string;
    finishedTimeStamp: string | null;
    lastRestoreTimeStamp: string | null;
    /** Why a run or a deletion failed; null otherwise. */
    log: string | null;
    /** Databases of the request; connection strings are secrets, never returned by GET. */
    databases: DatabaseBackupSetting[];
    scheduled: boolean;
    correlationId: string;
}

/** An on-demand backup of a site or slot, stored under `…/sites/{name}[/slots/{slot}]/backups/{id}`. */
export type BackupItemModel = ArmResourceModel<BackupItemProperties>;

/** What an app serves and is configured with: what a backup captures and a restore puts back. */
export interface SiteContent {
    /** Files under `site/wwwroot`, by relative path. */
    files: Record<string, string>;
    appSettings: Record<string, string>;
}

/** Types of emulator-only documents kept in the store beside ARM resources (not ARM types). */
export const EMULATOR_RESOURCE_TYPES = {
    /** The emulated content of a site or slot. */
    siteContent: "Emulator.Web/sites/content",
} as const;

/** The stored content document of a site or slot. */
export type SiteContentModel = ArmResourceModel<SiteContent>;
