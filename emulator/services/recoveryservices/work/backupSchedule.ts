import type { PolicyRecord } from "../state/models";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** When a policy's backups run, read from its `schedulePolicy` (or, for workloads, the Full sub-policy's). */
export type BackupSchedule =
    | { frequency: "Daily"; timesOfDayMs: number[] }
    | { frequency: "Weekly"; weekdays: number[]; timesOfDayMs: number[] }
    | { frequency: "Hourly"; intervalHours: number; windowStartMs: number; windowDurationHours: number };

/**
 * Reads the schedule of a policy; undefined when it has none the emulator can run. Times of day are
 * taken in UTC from `scheduleRunTimes` (the policy's `timeZone` is kept but not applied): the
 * emulator's clock decides when backups run, not the wall clock of a region.
 */
export function scheduleOf(policy: PolicyRecord): BackupSchedule | undefined {
    return readSchedule(policy.backupManagementType === "AzureWorkload" ? subPolicyOf(policy, "Full")?.schedulePolicy : policy.schedulePolicy);
}

/** The schedule of a workload policy's Full or Differential sub-policy; undefined when it has none the emulator can run. */
export function subPolicyScheduleOf(policy: PolicyRecord, policyType: "Full" | "Differential"): BackupSchedule | undefined {
    return policy.backupManagementType === "AzureWorkload" ? readSchedule(subPolicyOf(policy, policyType)?.schedulePolicy) : undefined;
}

/** Log backup frequencies the service offers (minutes): the Log sub-policy's `scheduleFrequencyInMins`. */
export const LOG_FREQUENCIES_IN_MINUTES: readonly number[] = [15, 30, 60, 120, 240, 480, 720, 1440];

/** How often a workload policy's Log sub-policy backs up logs (ms); undefined without a usable one. */
export function logIntervalMsOf(policy: PolicyRecord): number | undefined {
    const schedule = policy.backupManagementType === "AzureWorkload" ? subPolicyOf(policy, "Log")?.schedulePolicy : undefined;
    const minutes = isObject(schedule) ? schedule.scheduleFrequencyInMins : undefined;
    return typeof minutes === "number" && LOG_FREQUENCIES_IN_MINUTES.includes(minutes) ? minutes * 60_000 : undefined;
}

/** The sub-policy of a workload policy with this `policyType` (any casing). */
export function subPolicyOf(policy: PolicyRecord, policyType: string): Record<string, unknown> | undefined {
    const subPolicies = Array.isArray(policy.subProtectionPolicy) ? policy.subProtectionPolicy : [];
    const found = subPolicies.find((sub) => isObject(sub) && typeof sub.policyType === "string" && sub.policyType.toLowerCase() === policyType.toLowerCase());
    return isObject(found) ? found : undefined;
}

function readSchedule(schedulePolicy: unknown): BackupSchedule | undefined {
    if (!isObject(schedulePolicy)) return undefined;
    const frequency = typeof schedulePolicy.scheduleRunFrequency === "string" ? schedulePolicy.scheduleRunFrequency.toLowerCase() : "";
    const v2 = schedulePolicy.schedulePolicyType === "SimpleSchedulePolicyV2";
    if (frequency === "hourly") return hourly(isObject(schedulePolicy.hourlySchedule) ? schedulePolicy.hourlySchedule : undefined);
    if (frequency === "daily") {
        const times = timesOfDay(v2 ? (schedulePolicy.dailySchedule as Record<string, unknown> | undefined)?.scheduleRunTimes : schedulePolicy.scheduleRunTimes);
        return times ? { frequency: "Daily", timesOfDayMs: times } : undefined;
    }
    if (frequency === "weekly") {
        const weekly = v2 && isObject(schedulePolicy.weeklySchedule) ? schedulePolicy.weeklySchedule : schedulePolicy;
        const times = timesOfDay(weekly.scheduleRunTimes);
        const weekdays = weekdaysOf(weekly.scheduleRunDays);
        return times && weekdays ? { frequency: "Weekly", weekdays, timesOfDayMs: times } : undefined;
    }
    return undefined;
}

/** The first run strictly after `afterMs`; undefined when the schedule never runs. */
export function nextRunAfter(schedule: BackupSchedule, afterMs: number): number | undefined {
    const dayStart = Math.floor(afterMs / DAY_MS) * DAY_MS;
    let best: number | undefined;
    for (let day = 0; day <= 8; day++) {
        const start = dayStart + day * DAY_MS;
        for (const candidate of runsOnDay(schedule, start)) {
            if (candidate > afterMs && (best === undefined || candidate < best)) best = candidate;
        }
        if (best !== undefined) return best;
    }
    return best;
}

function runsOnDay(schedule: BackupSchedule, dayStartMs: number): number[] {
    switch (schedule.frequency) {
        case "Daily":
            return schedule.timesOfDayMs.map((time) => dayStartMs + time);
        case "Weekly":
            return schedule.weekdays.includes(new Date(dayStartMs).getUTCDay()) ? schedule.timesOfDayMs.map((time) => dayStartMs + time) : [];
        case "Hourly": {
            const runs: number[] = [];
            for (let hour = 0; hour < schedule.windowDurationHours; hour += schedule.intervalHours) runs.push(dayStartMs + schedule.windowStartMs + hour * HOUR_MS);
            return runs;
        }
    }
}

function hourly(schedule: Record<string, unknown> | undefined): BackupSchedule | undefined {
    if (!schedule) return undefined;
    const interval = schedule.interval;
    const duration = schedule.scheduleWindowDuration;
    const start = timesOfDay([schedule.scheduleWindowStartTime]);
    if (!Number.isInteger(interval) || (interval as number) < 1 || !Number.isInteger(duration) || (duration as number) < 1 || !start) return undefined;
    return { frequency: "Hourly", intervalHours: interval as number, windowStartMs: start[0], windowDurationHours: duration as number };
}

// `2018-01-24T02:00:00Z` → 02:00 as milliseconds into the (UTC) day; the date part is meaningless.
function timesOfDay(value: unknown): number[] | undefined {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    const times: number[] = [];
    for (const entry of value) {
        if (typeof entry !== "string") return undefined;
        const parsed = Date.parse(entry);
        if (Number.isNaN(parsed)) return undefined;
        times.push(((parsed % DAY_MS) + DAY_MS) % DAY_MS);
    }
    return [...new Set(times)].sort((a, b) => a - b);
}

function weekdaysOf(value: unknown): number[] | undefined {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    const days = value.map((day) => (typeof day === "string" ? WEEKDAYS.indexOf(day.toLowerCase()) : -1));
    return days.every((day) => day >= 0) ? days : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
