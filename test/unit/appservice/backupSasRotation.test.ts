import * as assert from "node:assert/strict";
import { checkBackupSasRotationInputs, diffBackupSasRotation, rotateBackupSas, type BackupSasRotationOutputs } from "../../../provider/appservice/backupSasRotation";
import { fingerprint } from "../../../provider/core/redact/sanitizer";
import { fakeContainerSasUrl } from "../../../harness/fakeSas";
import { fakeArmClient } from "./support/fakeArm";

const siteId = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Web/sites/app1";
const fakeKey = Buffer.from("FAKE-test-account-key").toString("base64");
const mint = { accountName: "acct", accountKey: fakeKey, container: "backups", validityDays: 30 };

function reasons(news: Record<string, unknown>): string[] {
    return checkBackupSasRotationInputs(news).failures.map((f) => f.reason);
}

describe("BackupSasRotation check", () => {
    it("takes exactly one of a given SAS or minting settings", () => {
        assert.match(reasons({ siteId })[0], /exactly one of storageAccountUrl .* or mint/);
        const sas = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 60 });
        assert.match(reasons({ siteId, storageAccountUrl: sas, mint })[0], /exactly one of/);
        assert.deepEqual(reasons({ siteId, storageAccountUrl: sas }), []);
        const { inputs } = checkBackupSasRotationInputs({ siteId, mint });
        assert.deepEqual(inputs.mint, { ...mint, permissions: "rwdl" });
        assert.equal(inputs.rotateBeforeDays, 7);
    });

    it("names bad minting settings", () => {
        assert.match(reasons({ siteId, mint: { ...mint, permissions: "rl" } })[0], /mint.permissions must include w/);
        assert.match(reasons({ siteId, mint: { ...mint, permissions: "rwx" } })[0], /letters from "racwdl"/);
        assert.match(reasons({ siteId, mint: { ...mint, accountKey: "not base64!" } })[0], /storage account key \(base64\)/);
        assert.match(reasons({ siteId, mint, rotateBeforeDays: 30 })[0], /rotateBeforeDays \(30\) must be less than mint.validityDays \(30\)/);
    });

    it("asks for a newer given SAS once it expires within rotateBeforeDays, without quoting it", () => {
        const soon = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 3 });
        const found = checkBackupSasRotationInputs({ siteId, storageAccountUrl: soon, rotateBeforeDays: 7 }).failures;
        assert.equal(found.length, 1);
        assert.equal(found[0].property, "", "a secret property is never named: the engine would print its value");
        assert.match(found[0].reason, /^storageAccountUrl expires on .*within rotateBeforeDays \(7\): set a newer SAS/);
        assert.ok(!found[0].reason.includes("FAKEsig"));
    });
});

describe("BackupSasRotation diff", () => {
    const now = new Date("2026-11-22T00:00:00Z");
    const minted = checkBackupSasRotationInputs({ siteId, mint }, now).inputs;
    const last: BackupSasRotationOutputs = {
        schemaVersion: 1, siteId, mode: "minted", sasFingerprint: "sha256:0", sasExpiresOn: "2026-12-20T00:00:00.000Z",
        storageContainerUrl: "https://acct.blob.core.windows.net/backups", rotateBeforeDays: 7, includeSchedule: true, includeBackups: true,
        mintSettings: { accountName: "acct", container: "backups", permissions: "dlrw", validityDays: 30, accountKeyFingerprint: fingerprint(fakeKey) },
        triggers: [], rotatedAt: "2026-11-20T00:00:00.000Z", scheduleSasCurrent: true, staleBackupIds: [], backupsUpdated: 2,
    };

    it("shows no change while the minted SAS is outside the rotation window", () => {
        assert.deepEqual(diffBackupSasRotation(last, minted, now).diffs, []);
    });

    it("rotates once the minted SAS expires within rotateBeforeDays", () => {
        assert.deepEqual(diffBackupSasRotation(last, minted, new Date("2026-12-14T00:00:00Z")).diffs, ["sasExpiresOn"]);
    });

    it("rotates when a refresh found backups or the schedule holding another SAS", () => {
        assert.deepEqual(diffBackupSasRotation({ ...last, staleBackupIds: [3] }, minted, now).diffs, ["staleBackupIds"]);
        assert.deepEqual(diffBackupSasRotation({ ...last, scheduleSasCurrent: false }, minted, now).diffs, ["scheduleSasCurrent"]);
    });

    it("rotates when the account key or a given SAS changes, by fingerprint", () => {
        const newKey = { ...minted, mint: { ...minted.mint, accountKey: Buffer.from("FAKE-other-key").toString("base64") } };
        assert.deepEqual(diffBackupSasRotation(last, newKey, now).diffs, ["mint"]);
        const sas = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 60 });
        const given = { ...last, mode: "given" as const, mintSettings: undefined, sasFingerprint: fingerprint(sas) };
        const desired = checkBackupSasRotationInputs({ siteId, storageAccountUrl: sas }, now).inputs;
        assert.deepEqual(diffBackupSasRotation(given, desired, now).diffs, []);
        const other = { ...desired, storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 90 }) };
        assert.deepEqual(diffBackupSasRotation(given, other, now).diffs, ["storageAccountUrl"]);
    });
});

describe("BackupSasRotation against a resource that pins the SAS", () => {
    const pinned = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 90 });
    const given = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 60 });

    /** An app whose schedule and one backup hold a SAS, changed by the requests as the service would. */
    function liveApp() {
        const live = { schedule: pinned, backup: pinned };
        const client = fakeArmClient((request, path) => {
            if (path.endsWith("/config/backup/list")) return { body: { properties: { storageAccountUrl: live.schedule, backupSchedule: { frequencyInterval: 1, frequencyUnit: "Day", keepAtLeastOneBackup: true, retentionPeriodInDays: 30 } } } };
            if (path.endsWith("/config/backup") && request.method === "PUT") {
                live.schedule = (request.body as { properties: { storageAccountUrl: string } }).properties.storageAccountUrl;
                return { body: request.body };
            }
            if (path.endsWith("/backups")) return { body: { value: [{ properties: { id: 4, name: "nightly_202601010200", status: "Succeeded" } }] } };
            if (path.endsWith("/backups/4/list")) {
                const sas = (request.body as { properties?: { storageAccountUrl?: string } }).properties?.storageAccountUrl;
                if (sas) live.backup = sas;
                return { body: { properties: { id: 4, name: "nightly_202601010200", status: "Succeeded", storageAccountUrl: live.backup } } };
            }
            return undefined;
        });
        return { live, client };
    }

    const inputs = { siteId, storageAccountUrl: given, rotateBeforeDays: 7, includeSchedule: true, includeBackups: true, triggers: [] };

    it("refuses to rotate again over places a pinning resource put back, naming what to set, before writing", async () => {
        const { live, client } = liveApp();
        const first = await rotateBackupSas(inputs, undefined, client);
        assert.deepEqual(first.replacedSasFingerprints, [fingerprint(pinned)]);
        assert.equal(live.schedule, given);
        // A BackupSchedule and a Backup with storageAccountUrlManagement "pinned" put their SAS back (up --refresh).
        live.schedule = pinned;
        live.backup = pinned;
        const writesBefore = client.requests.filter((r) => r.method === "PUT" || (r.body as any)?.properties?.storageAccountUrl).length;
        await assert.rejects(rotateBackupSas(inputs, { ...first, staleBackupIds: [4], scheduleSasCurrent: false }, client), (error: Error) => {
            assert.match(error.message, /^BackupSasRotation: the backup schedule \(set storageAccountUrlManagement: "rotated" on the BackupSchedule of \/subscriptions\/.*\/sites\/app1\) and backup\(s\) 4 \(nightly_202601010200\) \(set storageAccountUrlManagement: "rotated" on the Backup resources that took them\) went back to the SAS this rotation replaced/);
            assert.match(error.message, /Nothing was changed\.$/);
            assert.ok(!error.message.includes("FAKEsig") && !error.message.includes(new URL(pinned).searchParams.get("sig")!));
            return true;
        });
        const writesAfter = client.requests.filter((r) => r.method === "PUT" || (r.body as any)?.properties?.storageAccountUrl).length;
        assert.equal(writesAfter, writesBefore, "nothing is written once the fight is detected");
        assert.equal(live.schedule, pinned);
    });

    it("rotates a backup taken since with the old SAS: it was not put back", async () => {
        const { live, client } = liveApp();
        const first = await rotateBackupSas({ ...inputs, includeSchedule: false }, undefined, client);
        assert.equal(first.rotatedThroughBackupId, 4);
        live.backup = pinned;
        // Backup 4 is the one rotated; pretend the stale one is newer than the last rotation.
        await rotateBackupSas({ ...inputs, includeSchedule: false }, { ...first, staleBackupIds: [4], rotatedThroughBackupId: 3, replacedSasFingerprints: [fingerprint(pinned)] }, client);
        assert.equal(live.backup, given);
    });

    it("rotates over drift made by hand (another SAS than the one it replaced)", async () => {
        const { live, client } = liveApp();
        const first = await rotateBackupSas(inputs, undefined, client);
        const byHand = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 20 });
        live.schedule = byHand;
        const second = await rotateBackupSas(inputs, { ...first, scheduleSasCurrent: false }, client);
        assert.equal(live.schedule, given);
        assert.deepEqual(second.replacedSasFingerprints, [fingerprint(byHand)]);
    });
});
