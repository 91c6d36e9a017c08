import type { HealthProblem } from "./findings";

/** Thresholds of the health checks. */
export interface HealthOptions {
    /** Now, for ages and expiries. */
    now: Date;
    /** A SAS expiring within this many days is a problem (default 14). */
    sasWarningDays: number;
    /** Recovery point objective: the newest backup may be at most this old, in hours (default 26). */
    rpoHours: number;
}

type Outputs = Record<string, unknown>;
type Check = (outputs: Outputs, options: HealthOptions) => HealthProblem[];

const hour = 3_600_000;
const day = 24 * hour;

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** A SAS (by its expiry) expired or expiring soon. */
function sasExpiry(field: string, what: string): Check {
    return (outputs, { now, sasWarningDays }) => {
        const expiresOn = text(outputs[field]);
        if (!expiresOn) return [];
        const left = Date.parse(expiresOn) - now.getTime();
        if (left <= 0) return [{ check: "sas-expired", message: `${what} expired at ${expiresOn}` }];
        if (left < sasWarningDays * day) return [{ check: "sas-expiring", message: `${what} expires at ${expiresOn}, within ${sasWarningDays} days` }];
        return [];
    };
}

/** An Azure Backup protected item: stopped, soft-deleted, last backup failed or older than the RPO. */
const protectedItem: Check = (outputs, { now, rpoHours }) => {
    const problems: HealthProblem[] = [];
    const state = text(outputs.protectionState);
    if (state === "SoftDeleted") problems.push({ check: "item-soft-deleted", message: `the item is soft-deleted${outputs.deferredDeleteTimeInUTC ? ` (purged at ${String(outputs.deferredDeleteTimeInUTC)})` : ""}` });
    else if (state === "ProtectionStopped") problems.push({ check: "protection-stopped", message: "protection is stopped: no new backups are taken" });
    else if (state === "ProtectionError") problems.push({ check: "protection-error", message: "the service reports a protection error" });
    const status = text(outputs.lastBackupStatus);
    if (status && !/^(Completed|Healthy|Succeeded|IRPending)$/i.test(status)) problems.push({ check: "last-backup-failed", message: `the last backup's status is ${status}` });
    const last = text(outputs.lastBackupTime);
    if (state === "Protected" && last && now.getTime() - Date.parse(last) > rpoHours * hour) {
        problems.push({ check: "backup-stale", message: `the last backup was at ${last}, more than ${rpoHours} hours ago (the recovery point objective)` });
    }
    return problems;
};

/** A Syncano backup: not successful, or (a rolling series, `keepLast`) its newest older than the RPO. */
const syncanoBackup: Check = (outputs, { now, rpoHours }) => {
    const problems: HealthProblem[] = [];
    const status = text(outputs.status);
    if (status && status !== "success") problems.push({ check: "backup-failed", message: `the backup's status is ${status}${text(outputs.statusInfo) ? `: ${String(outputs.statusInfo)}` : ""}` });
    const created = text(outputs.createdAt);
    if (outputs.keepLast !== undefined && created && now.getTime() - Date.parse(created) > rpoHours * hour) {
        problems.push({ check: "backup-stale", message: `the newest backup was taken at ${created}, more than ${rpoHours} hours ago (the recovery point objective)` });
    }
    return problems;
};

/**
 * The checks per resource type (the type token's last two parts, such as `azurebackup:VmProtection`).
 * A family's issue adds its checks here.
 */
export const healthChecks: Record<string, Check> = {
    "appservice:BackupSchedule": (outputs, options) => [
        ...(outputs.enabled === false ? [{ check: "schedule-disabled", message: "the backup schedule is disabled: no backups are taken" }] : []),
        ...sasExpiry("storageAccountUrlExpiresOn", "the schedule's SAS")(outputs, options),
    ],
    "appservice:BackupSasRotation": sasExpiry("sasExpiresOn", "the rotated SAS"),
    "appservice:Backup": (outputs) => (text(outputs.status) && !/^Succeeded$/i.test(String(outputs.status)) ? [{ check: "backup-failed", message: `the backup's status is ${String(outputs.status)}` }] : []),
    "azurebackup:VmProtection": protectedItem,
    "azurebackup:FileShareProtection": protectedItem,
    "azurebackup:SqlDatabaseProtection": protectedItem,
    "syncano:FullBackup": syncanoBackup,
    "syncano:PartialBackup": syncanoBackup,
    "azurebackup:OnDemandBackup": (outputs) => (outputs.recoveryPointState === "Expired" ? [{ check: "recovery-point-expired", message: "the recovery point this backup made has expired" }] : []),
};

/** The short type of a resource type token: `pulumi-nodejs:dynamic/azurebackup:VmProtection` → `azurebackup:VmProtection`. */
export function shortType(type: string): string {
    const m = /([^:/]+):([^:/]+)$/.exec(type);
    return m ? `${m[1]}:${m[2]}` : type;
}

/** The health problems of one resource, from its live outputs. */
export function healthOf(type: string, outputs: Outputs, options: HealthOptions): HealthProblem[] {
    const check = healthChecks[shortType(type)];
    return check ? check(outputs, options) : [];
}
