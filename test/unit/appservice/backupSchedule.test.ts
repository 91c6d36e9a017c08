import * as assert from "node:assert/strict";
import { checkBackupScheduleInputs, diffBackupSchedule, inputsFromLive, outputsFromLive } from "../../../provider/appservice/backupSchedule";
import { unknownValue } from "../../../provider/core/dynamic/checks";
import { fingerprint } from "../../../provider/core/redact/sanitizer";
import { fakeContainerSasUrl } from "../../../harness/fakeSas";

const siteId = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Web/sites/app1";
const sas = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 30 });

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { siteId, frequencyInterval: 1, frequencyUnit: "Day", storageAccountUrl: sas, ...overrides };
}

function reasons(news: Record<string, unknown>): string[] {
    return checkBackupScheduleInputs(news).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("BackupSchedule check", () => {
    it("accepts valid inputs and applies the service's defaults", () => {
        const { inputs, failures } = checkBackupScheduleInputs(valid({ frequencyUnit: "hour" }));
        assert.deepEqual(failures, []);
        assert.equal(inputs.frequencyUnit, "Hour");
        assert.equal(inputs.enabled, true);
        assert.equal(inputs.retentionPeriodInDays, 30);
        assert.equal(inputs.keepAtLeastOneBackup, true);
    });

    it("builds the site id from its parts, slot included", () => {
        const { inputs, failures } = checkBackupScheduleInputs(
            valid({ siteId: undefined, site: { subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroupName: "rg", name: "app1", slot: "staging" } }),
        );
        assert.deepEqual(failures, []);
        assert.equal(inputs.siteId, `${siteId}/slots/staging`);
    });

    it("names the field and the accepted values", () => {
        assert.deepEqual(reasons(valid({ frequencyUnit: "Week" })), ['frequencyUnit: frequencyUnit must be one of Day, Hour; got "Week"']);
        assert.match(reasons(valid({ frequencyInterval: 0 }))[0], /^frequencyInterval: .*integer from 1 to 1000/);
        assert.match(reasons(valid({ retentionPeriodInDays: -1 }))[0], /^retentionPeriodInDays: .*integer from 0/);
        assert.match(reasons(valid({ startTime: "tomorrow" }))[0], /^startTime: .*ISO 8601/);
        assert.match(reasons(valid({ databases: [{ databaseType: "Oracle", name: "db", connectionString: "x" }] }))[0], /^databases\[0\]\.databaseType: .*one of SqlAzure, MySql, LocalMySql, PostgreSql/);
        assert.match(reasons(valid({ siteId: "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg" }))[0], /^siteId: siteId must be the ARM id of an app or slot/);
        assert.match(reasons(valid({ siteId: undefined }))[0], /^siteId: the app is required/);
    });

    it("rejects SAS URLs that cannot hold backups, without quoting the signature", () => {
        const cases: Array<[string, RegExp]> = [
            [fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 3, protocol: "http" }), /must use https/],
            [fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: -1 }), /expired at/],
            [fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 3, permissions: "rl" }), /permissions "w".*sp=rl/],
            [fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 3, signedResource: "b" }), /container SAS \(sr=c\); got sr=b/],
            ["https://a.blob.core.windows.net/c", /no SAS token/],
            ["not a url", /not a URL/],
        ];
        for (const [url, pattern] of cases) {
            const found = reasons(valid({ storageAccountUrl: url }));
            // The engine prints the value of a named property, so failures on secrets name no property.
            assert.ok(found.some((r) => r.startsWith(": storageAccountUrl ") && pattern.test(r)), `${pattern} in ${JSON.stringify(found)}`);
            const sig = new URL(url, "https://x").searchParams.get("sig");
            if (sig) assert.ok(found.every((r) => !r.includes(sig)), "the signature must not appear in messages");
        }
    });

    it("lets unknown preview values through", () => {
        const { failures, inputs } = checkBackupScheduleInputs(valid({ siteId: unknownValue, storageAccountUrl: unknownValue }));
        assert.deepEqual(failures, []);
        assert.equal(inputs.siteId, unknownValue);
    });
});

describe("BackupSchedule diff", () => {
    const live = outputsFromLive(siteId, {
        properties: {
            enabled: true,
            storageAccountUrl: sas,
            backupSchedule: { frequencyInterval: 1, frequencyUnit: "Day", keepAtLeastOneBackup: true, retentionPeriodInDays: 30, startTime: "2026-01-01T02:00:00Z" },
            databases: [{ databaseType: "SqlAzure", name: "db", connectionString: "Server=fake;Password=FAKEpassword" }],
        },
    });
    const desired = checkBackupScheduleInputs(
        valid({ startTime: "2026-01-01T03:00:00+01:00", databases: [{ databaseType: "SqlAzure", name: "db", connectionString: "Server=fake;Password=FAKEpassword" }] }),
    ).inputs;

    it("keeps only fingerprints of secrets in outputs", () => {
        assert.equal(live.storageAccountUrlFingerprint, fingerprint(sas));
        assert.equal(live.storageContainerUrl, "https://acct.blob.core.windows.net/backups");
        assert.ok(!JSON.stringify(live).includes("FAKEsig"));
        assert.ok(!JSON.stringify(live).includes("FAKEpassword"));
    });

    it("leaves a start time the service chose out of the inputs read rebuilds, so refresh shows no drift", () => {
        const wire = { properties: { enabled: true, storageAccountUrl: sas, backupSchedule: { frequencyInterval: 1, frequencyUnit: "Day" as const, keepAtLeastOneBackup: true, retentionPeriodInDays: 30, startTime: "2026-05-01T10:00:00Z" } } };
        assert.equal(inputsFromLive(siteId, wire, "pinned", false).startTime, undefined);
        assert.equal(inputsFromLive(siteId, wire, "pinned", true).startTime, "2026-05-01T10:00:00.000Z");
        const outputs = outputsFromLive(siteId, wire, "pinned", false);
        assert.equal(outputs.startTime, "2026-05-01T10:00:00.000Z");
        assert.equal(outputs.startTimeDeclared, false);
    });

    it("reports no change when live matches desired (start time compared as an instant)", () => {
        assert.deepEqual(diffBackupSchedule(live, desired).diffs, []);
    });

    it("names each drifted field", () => {
        assert.deepEqual(diffBackupSchedule({ ...live, retentionPeriodInDays: 5 }, desired).diffs, ["retentionPeriodInDays"]);
        const rotated = { ...desired, storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 60 }) };
        assert.deepEqual(diffBackupSchedule(live, rotated).diffs, ["storageAccountUrl"]);
        const otherDb = { ...desired, databases: [{ databaseType: "SqlAzure", name: "db", connectionString: "Server=fake;Password=OTHERfake" }] };
        assert.deepEqual(diffBackupSchedule(live, otherDb).diffs, ["databases"]);
    });

    it("replaces on another site but not on a change of case", () => {
        assert.deepEqual(diffBackupSchedule(live, { ...desired, siteId: siteId.toUpperCase() }).diffs, []);
        const moved = diffBackupSchedule(live, { ...desired, siteId: siteId.replace("app1", "app2") });
        assert.deepEqual(moved.replaces, ["siteId"]);
    });

    it("leaves a rotated SAS alone: no diff, and no expiry check", () => {
        const rotated = { ...desired, storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 60 }), storageAccountUrlManagement: "rotated" };
        assert.deepEqual(diffBackupSchedule({ ...live, storageAccountUrlManagement: "rotated" }, rotated).diffs, []);
        assert.deepEqual(diffBackupSchedule(live, rotated).diffs, ["storageAccountUrlManagement"]);
        const expired = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: -30 });
        assert.deepEqual(reasons(valid({ storageAccountUrl: expired, storageAccountUrlManagement: "rotated" })), []);
        assert.match(reasons(valid({ storageAccountUrlManagement: "sometimes" }))[0], /storageAccountUrlManagement must be one of pinned, rotated/);
    });

    it("asks for an update when state was written by an older schema", () => {
        assert.deepEqual(diffBackupSchedule({ ...live, schemaVersion: 0 }, desired).diffs, ["schemaVersion"]);
    });
});
