/** A subscription the emulator knows (seeded through the control API). */
export interface SubscriptionModel {
    subscriptionId: string;
    displayName: string;
    /** Tenant that owns the subscription. */
    tenantId: string;
    state: "Enabled" | "Disabled" | "Warned" | "PastDue" | "Deleted";
}

/** A resource group, as ARM returns it. */
export interface ResourceGroupModel {
    id: string;
    name: string;
    type: "Microsoft.Resources/resourceGroups";
    location: string;
    properties: { provisioningState: "Succeeded" };
}

/**
 * Any ARM resource (tracked or proxy) kept by the store under its id: sites, slots, their config
 * documents, and later backups, vaults, protected items. `P` is the shape of `properties`.
 */
export interface ArmResourceModel<P = Record<string, unknown>> {
    id: string;
    name: string;
    type: string;
    location?: string;
    kind?: string;
    tags?: Record<string, string>;
    properties: P;
}

/** ARM resource types the App Service emulation stores. */
export const WEB_RESOURCE_TYPES = {
    site: "Microsoft.Web/sites",
    slot: "Microsoft.Web/sites/slots",
    siteConfig: "Microsoft.Web/sites/config",
    slotConfig: "Microsoft.Web/sites/slots/config",
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
