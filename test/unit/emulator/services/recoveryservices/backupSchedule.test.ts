import * as assert from "node:assert/strict";
import { nextRunAfter, scheduleOf } from "../../../../../emulator/services/recoveryservices/work/backupSchedule";
import { stateOf } from "../../../../../emulator/services/recoveryservices/lifecycle/protectedItemState";
import type { ProtectedItemRecord } from "../../../../../emulator/services/recoveryservices/state/models";

const at = (iso: string) => Date.parse(iso);

describe("Azure Backup schedules and item lifecycle states", () => {
    it("runs daily policies at their time of day (UTC), the date part of scheduleRunTimes ignored", () => {
        const schedule = scheduleOf({ backupManagementType: "AzureIaasVM", schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: ["2018-01-24T02:30:00Z"] } })!;
        assert.equal(nextRunAfter(schedule, at("2026-03-01T01:00:00Z")), at("2026-03-01T02:30:00Z"));
        assert.equal(nextRunAfter(schedule, at("2026-03-01T02:30:00Z")), at("2026-03-02T02:30:00Z"), "strictly after");
    });

    it("runs weekly policies on their days, V2 daily schedules, and workload policies by their Full sub-policy", () => {
        const weekly = scheduleOf({ backupManagementType: "AzureIaasVM", schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Weekly", scheduleRunDays: ["Sunday", "Wednesday"], scheduleRunTimes: ["2018-01-24T10:00:00Z"] } })!;
        // 2026-03-02 is a Monday.
        assert.equal(nextRunAfter(weekly, at("2026-03-02T12:00:00Z")), at("2026-03-04T10:00:00Z"));
        const v2 = scheduleOf({ backupManagementType: "AzureIaasVM", schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicyV2", scheduleRunFrequency: "Daily", dailySchedule: { scheduleRunTimes: ["2018-01-24T10:00:00Z"] } } })!;
        assert.equal(nextRunAfter(v2, at("2026-03-02T12:00:00Z")), at("2026-03-03T10:00:00Z"));
        const workload = scheduleOf({
            backupManagementType: "AzureWorkload",
            subProtectionPolicy: [
                { policyType: "Log", schedulePolicy: { schedulePolicyType: "LogSchedulePolicy", scheduleFrequencyInMins: 60 } },
                { policyType: "Full", schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: ["2017-12-05T19:00:00Z"] } },
            ],
        })!;
        assert.equal(nextRunAfter(workload, at("2026-03-02T12:00:00Z")), at("2026-03-02T19:00:00Z"));
        const hourly = scheduleOf({ backupManagementType: "AzureStorage", schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicyV2", scheduleRunFrequency: "Hourly", hourlySchedule: { interval: 4, scheduleWindowStartTime: "2021-01-01T08:00:00Z", scheduleWindowDuration: 12 } } })!;
        assert.equal(nextRunAfter(hourly, at("2026-03-02T12:30:00Z")), at("2026-03-02T16:00:00Z"));
        assert.equal(nextRunAfter(hourly, at("2026-03-02T16:30:00Z")), at("2026-03-03T08:00:00Z"), "the window ends at 20:00");
        assert.equal(scheduleOf({ backupManagementType: "AzureIaasVM", schedulePolicy: { scheduleRunFrequency: "Daily" } }), undefined);
    });

    it("decides what each request may do from each lifecycle state", () => {
        const item = (overrides: Partial<ProtectedItemRecord>) => ({ protectionState: "Protected", ...overrides }) as ProtectedItemRecord;
        const protect = { kind: "protect" as const, policyId: "p" };
        assert.equal(stateOf(undefined).onUpdate(protect), "configure");
        assert.throws(() => stateOf(undefined).onUpdate({ kind: "stop" }), /Item not found/);
        assert.equal(stateOf(undefined).onDelete(), "none");
        assert.equal(stateOf(item({ protectionState: "IRPending" })).onUpdate({ kind: "stop" }), "stop");
        assert.equal(stateOf(item({})).onDelete(), "delete");
        assert.throws(() => stateOf(item({})).onUpdate({ kind: "rehydrate" }), /configure protection/);
        assert.equal(stateOf(item({ protectionState: "ProtectionStopped" })).onUpdate(protect), "configure");
        const softDeleted = stateOf(item({ protectionState: "ProtectionStopped", isScheduledForDeferredDelete: true }));
        assert.equal(softDeleted.name, "SoftDeleted");
        assert.throws(() => softDeleted.onUpdate(protect), /soft deleted state/);
        assert.equal(softDeleted.onUpdate({ kind: "rehydrate" }), "undelete");
        assert.equal(softDeleted.onDelete(), "none");
    });
});
