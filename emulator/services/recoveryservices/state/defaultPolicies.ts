import type { PolicyRecord } from "./models";

/**
 * The policies a new vault comes with, shaped as the REST examples list them
 * (AzureIaasVm_BackupPolicies_List.json's `DefaultPolicy`, AzureWorkload_BackupPolicies_List.json's
 * `HourlyLogBackup`): a daily VM backup at 19:00 kept 30 days, and SQL full daily plus hourly logs.
 */
export function defaultPolicies(): { name: string; record: PolicyRecord }[] {
    return [
        {
            name: "DefaultPolicy",
            record: {
                backupManagementType: "AzureIaasVM",
                retentionPolicy: {
                    dailySchedule: { retentionDuration: { count: 30, durationType: "Days" }, retentionTimes: ["2017-12-05T19:00:00Z"] },
                    retentionPolicyType: "LongTermRetentionPolicy",
                },
                schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: ["2017-12-05T19:00:00Z"], scheduleWeeklyFrequency: 0 },
                timeZone: "UTC",
            },
        },
        {
            name: "HourlyLogBackup",
            record: {
                backupManagementType: "AzureWorkload",
                settings: { issqlcompression: false, timeZone: "UTC" },
                subProtectionPolicy: [
                    {
                        policyType: "Full",
                        retentionPolicy: {
                            dailySchedule: { retentionDuration: { count: 30, durationType: "Days" }, retentionTimes: ["2017-12-05T19:00:00Z"] },
                            retentionPolicyType: "LongTermRetentionPolicy",
                        },
                        schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: ["2017-12-05T19:00:00Z"], scheduleWeeklyFrequency: 0 },
                    },
                    {
                        policyType: "Log",
                        retentionPolicy: { retentionDuration: { count: 30, durationType: "Days" }, retentionPolicyType: "SimpleRetentionPolicy" },
                        schedulePolicy: { scheduleFrequencyInMins: 60, schedulePolicyType: "LogSchedulePolicy" },
                    },
                ],
                workLoadType: "SQLDataBase",
            },
        },
    ];
}
