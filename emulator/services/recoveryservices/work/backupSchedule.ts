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
    const schedulePolicy = policy.backupManagementType === "AzureWorkload" ? fullSubPolicySchedule(policy) : policy.schedulePolicy;
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

function fullSubPolicySchedule(policy: PolicyRecord): unknown {
    const subPolicies = Array.isArray(policy.subProtectionPolicy) ? policy.subProtectionPolicy : [];
    const full = subPolicies.find((sub) => isObject(sub) && typeof sub.policyType === "string" && sub.policyType.toLowerCase() === "full");
    return isObject(full) ? full.schedulePolicy : undefined;
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
