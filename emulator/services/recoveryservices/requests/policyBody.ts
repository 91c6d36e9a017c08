import { bmsUserErrorInvalidPolicyInput } from "../recoveryServicesErrors";
import { BACKUP_MANAGEMENT_TYPES, type BackupManagementType, type PolicyRecord } from "../state/models";
import { logIntervalMsOf, scheduleOf, subPolicyOf } from "../work/backupSchedule";

/**
 * Reads a backup policy PUT and answers the record the service keeps, normalized the way
 * ProtectionPolicies_CreateOrUpdate_Daily.json shows it: nulls dropped, times without milliseconds
 * (`2021-09-29T08:00:00.000Z` → `2021-09-29T08:00:00Z`), `scheduleWeeklyFrequency: 0` added to simple
 * schedules, an AzureStorage policy's `workLoadType` not echoed. A policy of an unknown kind, without a
 * schedule the service can run or without retention is refused with BMSUserErrorInvalidPolicyInput.
 */
export function parsePolicyBody(body: unknown): PolicyRecord {
    const properties = isObject(body) && isObject(body.properties) ? body.properties : undefined;
    if (!properties) throw bmsUserErrorInvalidPolicyInput();
    const kind = BACKUP_MANAGEMENT_TYPES.find((type) => typeof properties.backupManagementType === "string" && type.toLowerCase() === properties.backupManagementType.toLowerCase());
    if (!kind) throw bmsUserErrorInvalidPolicyInput();
    const { protectedItemsCount: _count, backupManagementType: _kind, ...rest } = normalize(properties) as Record<string, unknown>;
    const record: PolicyRecord = { backupManagementType: kind, ...rest };
    if (kind === "AzureStorage") delete record.workLoadType;
    validateKind(kind, record);
    return record;
}

function validateKind(kind: BackupManagementType, record: PolicyRecord): void {
    if (kind === "AzureWorkload") {
        const subPolicies = record.subProtectionPolicy;
        if (!Array.isArray(subPolicies) || subPolicies.length === 0 || typeof record.workLoadType !== "string") throw bmsUserErrorInvalidPolicyInput();
        for (const sub of subPolicies) {
            if (!isObject(sub) || typeof sub.policyType !== "string" || !isObject(sub.schedulePolicy) || !isObject(sub.retentionPolicy)) throw bmsUserErrorInvalidPolicyInput();
            addWeeklyFrequency(sub.schedulePolicy);
        }
        // Log backups run every 15 minutes to 24 hours, at the service's fixed steps.
        if (subPolicyOf(record, "Log") && logIntervalMsOf(record) === undefined) throw bmsUserErrorInvalidPolicyInput();
    } else {
        if (!isObject(record.schedulePolicy) || !isObject(record.retentionPolicy)) throw bmsUserErrorInvalidPolicyInput();
        addWeeklyFrequency(record.schedulePolicy);
    }
    if (!scheduleOf(record)) throw bmsUserErrorInvalidPolicyInput();
}

// The service answers simple schedules with `scheduleWeeklyFrequency: 0` even when not sent.
function addWeeklyFrequency(schedule: Record<string, unknown>): void {
    if (schedule.schedulePolicyType === "SimpleSchedulePolicy" && schedule.scheduleWeeklyFrequency === undefined) schedule.scheduleWeeklyFrequency = 0;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function normalize(value: unknown): unknown {
    if (Array.isArray(value)) return value.filter((entry) => entry !== null).map(normalize);
    if (isObject(value)) {
        const result: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(value)) if (entry !== null && entry !== undefined) result[key] = normalize(entry);
        return result;
    }
    if (typeof value === "string" && ISO_UTC.test(value)) {
        const parsed = Date.parse(value);
        return Number.isNaN(parsed) ? value : new Date(parsed).toISOString().replace(/\.\d{3}Z$/, "Z");
    }
    return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
