import * as assert from "node:assert/strict";
import { fieldChanges } from "../../../report/fieldChanges";
import { exitCodeOf, type Report } from "../../../report/findings";
import { healthOf, shortType } from "../../../report/health";

const now = new Date("2026-12-05T12:00:00Z");
const options = { now, sasWarningDays: 14, rpoHours: 26 };
const checks = (type: string, outputs: Record<string, unknown>) => healthOf(type, outputs, options).map((p) => p.check);

describe("drift report: health checks", () => {
    it("reads the short type from the engine's token", () => {
        assert.equal(shortType("pulumi-nodejs:dynamic/azurebackup:VmProtection"), "azurebackup:VmProtection");
    });

    it("App Service: a disabled schedule, a SAS expired or expiring", () => {
        assert.deepEqual(checks("pulumi-nodejs:dynamic/appservice:BackupSchedule", { enabled: false, storageAccountUrlExpiresOn: "2026-12-01T00:00:00Z" }), ["schedule-disabled", "sas-expired"]);
        assert.deepEqual(checks("pulumi-nodejs:dynamic/appservice:BackupSasRotation", { sasExpiresOn: "2026-12-10T00:00:00Z" }), ["sas-expiring"]);
        assert.deepEqual(checks("pulumi-nodejs:dynamic/appservice:BackupSasRotation", { sasExpiresOn: "2027-02-10T00:00:00Z" }), []);
    });

    it("Azure Backup: stopped, soft-deleted, failed, stale; a fresh protected item is healthy", () => {
        const type = "pulumi-nodejs:dynamic/azurebackup:SqlDatabaseProtection";
        assert.deepEqual(checks(type, { protectionState: "Protected", lastBackupStatus: "Completed", lastBackupTime: "2026-12-05T02:00:00Z" }), []);
        assert.deepEqual(checks(type, { protectionState: "Protected", lastBackupStatus: "Failed", lastBackupTime: "2026-12-03T02:00:00Z" }), ["last-backup-failed", "backup-stale"]);
        assert.deepEqual(checks(type, { protectionState: "ProtectionStopped" }), ["protection-stopped"]);
        assert.deepEqual(checks(type, { protectionState: "SoftDeleted" }), ["item-soft-deleted"]);
        assert.deepEqual(healthOf(type, { protectionState: "Protected", lastBackupTime: "2026-12-05T02:00:00Z" }, { ...options, rpoHours: 6 }).map((p) => p.check), ["backup-stale"]);
    });

    it("Syncano: a failed backup; a rolling series gone stale, a one-off backup never", () => {
        assert.deepEqual(checks("pulumi-nodejs:dynamic/syncano:FullBackup", { status: "error", statusInfo: "Instance no longer exists." }), ["backup-failed"]);
        assert.deepEqual(checks("pulumi-nodejs:dynamic/syncano:FullBackup", { status: "success", keepLast: 7, createdAt: "2026-12-01T00:00:00Z" }), ["backup-stale"]);
        assert.deepEqual(checks("pulumi-nodejs:dynamic/syncano:PartialBackup", { status: "success", createdAt: "2026-01-01T00:00:00Z" }), []);
    });
});

describe("drift report: field changes and exit codes", () => {
    it("names the fields that differ, secrets by name only, the provider shell ignored", () => {
        const changes = fieldChanges({ __provider: "a", policyId: "p1", retention: 30, sas: "[secret]", same: [1] }, { __provider: "b", policyId: "p2", retention: 30, sas: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "x" }, same: [1] });
        assert.deepEqual(changes, [{ field: "policyId", desired: "p1", live: "p2" }]);
        const secret = fieldChanges({ key: "[secret]" }, { key: undefined });
        assert.deepEqual(secret, [{ field: "key", desired: "[secret]" }]);
    });

    it("0 clean, 2 drift or unhealthy, 1 an error whatever else", () => {
        const base: Report = { generatedAt: now.toISOString(), stacks: ["prod"], resources: [], errors: [] };
        const resource = { stack: "prod", urn: "u", type: "t", name: "n", drift: "ok" as const, changes: [], health: [] };
        assert.equal(exitCodeOf(base), 0);
        assert.equal(exitCodeOf({ ...base, resources: [resource] }), 0);
        assert.equal(exitCodeOf({ ...base, resources: [{ ...resource, drift: "deleted" }] }), 2);
        assert.equal(exitCodeOf({ ...base, resources: [{ ...resource, health: [{ check: "c", message: "m" }] }] }), 2);
        assert.equal(exitCodeOf({ ...base, resources: [{ ...resource, drift: "deleted" }], errors: [{ stack: "prod", message: "down" }] }), 1);
    });
});
