import { parsePolicyId } from "../names/backupIds";
import { bmsUserErrorItemNotProtected, bmsUserErrorObjectLocked, userErrorFullBackupRequired, userErrorInvalidRequestParameter } from "../recoveryServicesErrors";
import type { ProtectedItemModel, VaultModel } from "../state/backupStore";
import type { PolicyRecord } from "../state/models";
import { subPolicyOf } from "../work/backupSchedule";
import type { BackupOperation } from "../work/backupOperations";
import type { OnDemandBackup } from "../work/backupRuns";
import type { HandlerDependencies } from "./handlerDependencies";
import type { ItemTarget, ProtectedItemsHandler } from "./protectedItemsHandler";
import { requireVault } from "./vaultScope";

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

// The request objectType each workload takes (BackupRequest's discriminator).
const REQUEST_TYPES: Record<string, string> = { VM: "IaasVMBackupRequest", AzureFileShare: "AzureFileShareBackupRequest", SQLDataBase: "AzureWorkloadBackupRequest" };

const WORKLOAD_BACKUP_TYPES = ["Full", "Differential", "Log", "CopyOnlyFull"] as const;

/**
 * The longest an on-demand point may be kept: 99 years for VMs and SQL full backups (the portal's
 * limit), 10 years for file shares (Azure Files backup's on-demand limit); a SQL differential or log
 * backup no longer than its policy keeps such backups.
 */
function maxRetentionMs(workloadType: string, backupType: OnDemandBackup["backupType"], policy: PolicyRecord | undefined): number {
    if (workloadType === "AzureFileShare") return 10 * YEAR_MS;
    if (backupType === "Differential" || backupType === "Log") {
        const retention = (policy ? subPolicyOf(policy, backupType)?.retentionPolicy : undefined) as Record<string, any> | undefined;
        const duration = retention?.retentionDuration;
        if (duration && Number.isInteger(duration.count)) return duration.count * ({ Days: 1, Weeks: 7, Months: 31, Years: 365 }[String(duration.durationType)] ?? 1) * DAY_MS;
    }
    return 99 * YEAR_MS;
}

/** Default expiry of an on-demand point without `recoveryPointExpiryTimeInUTC`: 30 days (the VM REST article). */
const DEFAULT_RETENTION_MS = 30 * DAY_MS;

/**
 * On-demand backups (Backups.Trigger): POST `protectedItems/{item}/backup` answers 202 only (the
 * official client does not poll it): the caller follows operationsStatus to the job id, then the job.
 * The item must be protected now (IRPending included: the first backup may be an on-demand one).
 */
export class BackupsHandler {
    constructor(
        private readonly deps: HandlerDependencies,
        private readonly items: ProtectedItemsHandler,
    ) {}

    /** POST `protectedItems/{item}/backup` with `{properties: {objectType, recoveryPointExpiryTimeInUTC?, backupType?}}`. */
    trigger(target: ItemTarget, body: unknown): BackupOperation {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        const properties = isObject(body) && isObject(body.properties) ? body.properties : undefined;
        const objectType = typeof properties?.objectType === "string" ? properties.objectType : undefined;
        if (!properties || objectType?.toLowerCase() !== REQUEST_TYPES[item.properties.workloadType].toLowerCase()) throw userErrorInvalidRequestParameter("objectType");
        const { protectionState, policyId, isScheduledForDeferredDelete } = item.properties;
        if (isScheduledForDeferredDelete || !policyId || (protectionState !== "IRPending" && protectionState !== "Protected")) throw bmsUserErrorItemNotProtected();
        // One backup at a time per item, scheduled or not.
        if (this.deps.operations.isBackingUp(vault.id, item.name) || this.deps.operations.runningOn(vault.id, { itemName: item.name })) throw bmsUserErrorObjectLocked();
        const backupType = item.properties.workloadType === "SQLDataBase" ? this.backupTypeOf(item, properties.backupType) : undefined;
        const policy = this.policyOf(vault, policyId);
        const expiryMs = this.expiryOf(properties.recoveryPointExpiryTimeInUTC, item.properties.workloadType, backupType, policy);
        return this.deps.runs.startOnDemand(vault.id, item, { ...(backupType ? { backupType } : {}), expiryMs });
    }

    // Full when not given (azure-cli's default for SQL); Differential and Log need the chain a full backup starts.
    private backupTypeOf(item: ProtectedItemModel, value: unknown): OnDemandBackup["backupType"] {
        if (value === undefined || value === null) return "Full";
        const backupType = WORKLOAD_BACKUP_TYPES.find((candidate) => typeof value === "string" && candidate.toLowerCase() === value.toLowerCase());
        if (!backupType) throw userErrorInvalidRequestParameter("backupType");
        if ((backupType === "Differential" || backupType === "Log") && !this.deps.store.getLogChain(item.id)) throw userErrorFullBackupRequired(backupType.toLowerCase());
        return backupType;
    }

    // In the future and within the limit; refused with the service's invalid-parameter error otherwise.
    private expiryOf(value: unknown, workloadType: string, backupType: OnDemandBackup["backupType"], policy: PolicyRecord | undefined): number {
        const now = this.deps.clock.nowMs();
        if (value === undefined || value === null) return now + Math.min(DEFAULT_RETENTION_MS, maxRetentionMs(workloadType, backupType, policy));
        const expiry = typeof value === "string" ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(expiry) || expiry <= now || expiry > now + maxRetentionMs(workloadType, backupType, policy)) throw userErrorInvalidRequestParameter("recoveryPointExpiryTimeInUTC");
        return expiry;
    }

    private policyOf(vault: VaultModel, id: string): PolicyRecord | undefined {
        const parsed = parsePolicyId(id);
        return parsed ? this.deps.store.getPolicy(vault.id, parsed.policyName)?.properties : undefined;
    }
}

function isObject(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
