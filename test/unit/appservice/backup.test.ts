import * as assert from "node:assert/strict";
import {
    backupOutputs,
    checkBackupInputs,
    diffBackup,
    effectiveBackupName,
    findAdoptableBackup,
    startOrAdoptBackup,
    type CheckedBackupInputs,
} from "../../../provider/appservice/backup";
import { listBackups, normalizeBackupStatus, parseBackupId, type BackupItem } from "../../../provider/appservice/api";
import { deriveBackupName } from "../../../provider/appservice/backupName";
import { resolvePollIntervalMs, waitForBackup } from "../../../provider/appservice/backupWait";
import { parseSiteId } from "../../../provider/appservice/siteRef";
import { unknownValue } from "../../../provider/core/dynamic/checks";
import { TransportError, isOperationDeadlineError } from "../../../provider/core/errors";
import { fingerprint } from "../../../provider/core/redact/sanitizer";
import { fakeContainerSasUrl } from "../../../harness/fakeSas";
import { capturingLogger } from "../core/support/fakes";
import { fakeArmClient } from "./support/fakeArm";

const siteId = "/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers/Microsoft.Web/sites/app1";
const site = parseSiteId(siteId)!;
const sas = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 30 });
const connectionString = "Server=fake;Password=FAKEpassword-unit";

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { resourceName: "nightly", stackName: "proj/dev", siteId, storageAccountUrl: sas, ...overrides };
}

function checked(overrides: Record<string, unknown> = {}): CheckedBackupInputs {
    const { inputs, failures } = checkBackupInputs({}, valid(overrides));
    assert.deepEqual(failures, []);
    return inputs as CheckedBackupInputs;
}

function reasons(news: Record<string, unknown>, olds: Record<string, unknown> = {}): string[] {
    return checkBackupInputs(olds, news).failures.map((f) => `${f.property}: ${f.reason}`);
}

function item(id: number, name: string, status: string, extra: Record<string, unknown> = {}): BackupItem {
    return { properties: { id, name, blobName: `${name}.zip`, status: status as never, sizeInBytes: 10, ...extra } };
}

describe("Backup check", () => {
    it("applies defaults and reduces the app to siteId", () => {
        const inputs = checked({ siteId: undefined, site: { subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroupName: "rg", name: "app1", slot: "staging" } });
        assert.equal(inputs.siteId, `${siteId}/slots/staging`);
        assert.equal(inputs.deadlineMinutes, 60);
        assert.equal(inputs.retainOnDelete, false);
        assert.equal(inputs.storageAccountUrlManagement, "pinned");
        assert.deepEqual(inputs.triggers, []);
    });

    it("names the field and what it accepts", () => {
        assert.match(reasons(valid({ backupName: "has space" }))[0], /^backupName: backupName must be 1 to 80 letters/);
        assert.match(reasons(valid({ deadlineMinutes: 0 }))[0], /^deadlineMinutes: .*integer from 1 to 1440/);
        assert.match(reasons(valid({ retainOnDelete: "yes" }))[0], /^retainOnDelete: retainOnDelete must be true or false/);
        assert.match(reasons(valid({ triggers: "x" }))[0], /^triggers: triggers must be a list/);
        assert.match(reasons(valid({ storageAccountUrlManagement: "auto" }))[0], /one of pinned, rotated/);
        assert.match(reasons(valid({ siteId: undefined }))[0], /^siteId: the app is required/);
        assert.match(reasons(valid({ databases: [{ databaseType: "Oracle", name: "x", connectionString }] }))[0], /databases\[0\]\.databaseType must be one of SqlAzure/);
    });

    it("needs a SAS that can write, without naming the secret property or quoting the signature", () => {
        const readOnly = fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 3, permissions: "rl" });
        const found = reasons(valid({ storageAccountUrl: readOnly }));
        assert.equal(found.length, 1);
        assert.match(found[0], /^: storageAccountUrl must grant the permissions "w"/);
        assert.ok(!found[0].includes(new URL(readOnly).searchParams.get("sig")!));
    });

    it("checks expiry only for a SAS about to be used: new, or pinned and changed", () => {
        const expired = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: -1 });
        assert.match(reasons(valid({ storageAccountUrl: expired }))[0], /expired at/);
        assert.deepEqual(reasons(valid({ storageAccountUrl: expired }), { storageAccountUrl: expired }), []);
        assert.deepEqual(reasons(valid({ storageAccountUrl: expired, storageAccountUrlManagement: "rotated" })), []);
    });

    it("lets unknown preview values through", () => {
        const { inputs, failures } = checkBackupInputs({}, valid({ siteId: unknownValue, storageAccountUrl: unknownValue, triggers: unknownValue }));
        assert.deepEqual(failures, []);
        assert.equal(inputs.siteId, unknownValue);
        assert.equal(inputs.triggers, unknownValue);
    });
});

describe("Backup name", () => {
    const base = checked({ databases: [{ databaseType: "SqlAzure", name: "orders", connectionString }] });
    const name = effectiveBackupName(base)!;

    it("is derived from the resource name and a hash of what identifies the backup", () => {
        assert.match(name, /^nightly-[0-9a-f]{10}$/);
        assert.equal(effectiveBackupName({ ...base }), name, "deterministic");
        assert.equal(effectiveBackupName({ ...base, siteId: siteId.toUpperCase() }), name, "site ids are case-insensitive");
    });

    it("changes with what needs a new backup, not with credentials", () => {
        const other = (change: Record<string, unknown>) => effectiveBackupName({ ...base, ...change });
        assert.notEqual(other({ triggers: [1] }), name);
        assert.notEqual(other({ siteId: siteId.replace("app1", "app2") }), name);
        assert.notEqual(other({ stackName: "proj/prod" }), name);
        assert.notEqual(other({ storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "other", expiresInDays: 30 }) }), name);
        assert.notEqual(other({ databases: [] }), name);
        assert.equal(other({ storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 90 }) }), name);
        assert.equal(other({ databases: [{ databaseType: "SqlAzure", name: "orders", connectionString: "Server=fake;Password=NEWfake" }] }), name);
    });

    it("is the chosen backupName when there is one, and unknown while its parts are", () => {
        assert.equal(effectiveBackupName({ ...base, backupName: "before-migration" }), "before-migration");
        assert.equal(effectiveBackupName({ ...base, storageAccountUrl: unknownValue }), undefined);
        assert.equal(effectiveBackupName({ ...base, triggers: unknownValue }), undefined);
    });

    it("keeps odd resource names readable and valid", () => {
        assert.match(deriveBackupName({ stackName: "p/s", resourceName: "--my backup/2026!", siteId, storageContainerUrl: "https://a/c", databases: [], triggers: [] }), /^my-backup-2026-[0-9a-f]{10}$/);
        assert.match(deriveBackupName({ stackName: "p/s", resourceName: "☃", siteId, storageContainerUrl: "https://a/c", databases: [], triggers: [] }), /^backup-[0-9a-f]{10}$/);
    });
});

describe("Backup diff", () => {
    const inputs = checked({ databases: [{ databaseType: "SqlAzure", name: "orders", connectionString }] });
    const live = backupOutputs(inputs, item(7, effectiveBackupName(inputs)!, "Succeeded"), sas);

    it("keeps only fingerprints of secrets in outputs", () => {
        assert.equal(live.storageAccountUrlFingerprint, fingerprint(sas));
        assert.equal(live.backupId, `${siteId}/backups/7`);
        assert.equal(live.backupNumber, 7);
        assert.ok(!JSON.stringify(live).includes("FAKEsig"));
        assert.ok(!JSON.stringify(live).includes("FAKEpassword"));
    });

    it("reports no change for the same inputs", () => {
        assert.deepEqual(diffBackup(live, inputs), { changes: false, diffs: [], replaces: [], deleteBeforeReplace: false });
    });

    it("updates in place for retainOnDelete, deadlineMinutes, a new token and new connection strings", () => {
        assert.deepEqual(diffBackup(live, { ...inputs, retainOnDelete: true }).replaces, []);
        assert.deepEqual(diffBackup(live, { ...inputs, deadlineMinutes: 5 }).diffs, ["deadlineMinutes"]);
        const newToken = { ...inputs, storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 90 }) };
        assert.deepEqual(diffBackup(live, newToken), { changes: true, diffs: ["storageAccountUrl"], replaces: [], deleteBeforeReplace: false });
        const newPassword = { ...inputs, databases: [{ databaseType: "SqlAzure", name: "orders", connectionString: "Server=fake;Password=NEWfake" }] };
        assert.deepEqual(diffBackup(live, newPassword).replaces, []);
        assert.deepEqual(diffBackup(live, newPassword).diffs, ["databases"]);
    });

    it("ignores the SAS when a rotation manages it", () => {
        const rotatedLive = { ...live, storageAccountUrlManagement: "rotated", storageAccountUrlFingerprint: "sha256:other" };
        assert.equal(diffBackup(rotatedLive, { ...inputs, storageAccountUrlManagement: "rotated" }).changes, false);
    });

    it("replaces (creating the new backup first) when what is backed up changes", () => {
        const replaced = (change: Record<string, unknown>) => diffBackup(live, { ...inputs, ...change });
        assert.deepEqual(replaced({ triggers: ["again"] }).replaces, ["backupName", "triggers"]);
        assert.equal(replaced({ triggers: ["again"] }).deleteBeforeReplace, false);
        assert.ok(replaced({ siteId: siteId.replace("app1", "app2") }).replaces.includes("siteId"));
        assert.ok(replaced({ storageAccountUrl: fakeContainerSasUrl({ account: "acct", container: "other", expiresInDays: 30 }) }).replaces.includes("storageAccountUrl"));
        assert.ok(replaced({ databases: [] }).replaces.includes("databases"));
        assert.deepEqual(replaced({ backupName: "chosen" }).replaces, ["backupName"]);
        assert.deepEqual(replaced({ siteId: siteId.toUpperCase() }).diffs, []);
        assert.ok(replaced({ storageAccountUrl: unknownValue }).replaces.includes("backupName"), "an unknown SAS may be a new container");
        assert.ok(replaced({ databases: unknownValue }).replaces.includes("databases"), "unknown databases may be other databases");
    });

    it("deletes first when a replacement keeps a chosen name, and refuses when the old one would be kept under it", () => {
        const named = checked({ backupName: "before-migration" });
        const namedLive = backupOutputs(named, item(8, "before-migration", "Succeeded"), sas);
        const again = diffBackup(namedLive, { ...named, triggers: [2] });
        assert.deepEqual(again.replaces, ["triggers"]);
        assert.equal(again.deleteBeforeReplace, true);
        assert.throws(() => diffBackup({ ...namedLive, retainOnDelete: true }, { ...named, triggers: [2] }), /change backupName too/);
    });

    it("asks for an update when state was written by an older schema", () => {
        assert.deepEqual(diffBackup({ ...live, schemaVersion: 0 }, inputs).diffs, ["schemaVersion"]);
    });
});

describe("Backup REST helpers", () => {
    it("normalizes statuses sent as names or ordinals and parses backup ids", () => {
        assert.equal(normalizeBackupStatus("succeeded"), "Succeeded");
        assert.equal(normalizeBackupStatus(4), "Created");
        assert.equal(normalizeBackupStatus("Exploded"), undefined);
        assert.deepEqual(parseBackupId(`${siteId}/slots/stage/backups/12`), { site: { ...site, slot: "stage" }, backupNumber: 12 });
        assert.equal(parseBackupId(`${siteId}/backups/x`), undefined);
    });

    it("follows nextLink through every page", async () => {
        const client = fakeArmClient((request, path) => {
            if (path.endsWith("/backups") && !request.path.includes("page=")) return { body: { value: [item(1, "a", "Succeeded")], nextLink: `https://arm${siteId}/backups?page=2&api-version=x` } };
            if (request.path.includes("page=2")) return { body: { value: [item(2, "b", "Failed")], nextLink: `https://arm${siteId}/backups?page=3&api-version=x` } };
            if (request.path.includes("page=3")) return { body: { value: [item(3, "c", "InProgress")], nextLink: null } };
            return undefined;
        });
        assert.deepEqual((await listBackups(client, site)).map((b) => b.properties.id), [1, 2, 3]);
        assert.equal(client.requests[1].apiVersion, undefined, "nextLink carries its own api-version");
    });

    it("adopts only a usable backup of the same name, the newest first", async () => {
        const client = fakeArmClient(() => ({
            body: {
                value: [
                    item(1, "nightly-x_202601311830", "Succeeded"),
                    item(2, "nightly-x", "Failed"),
                    item(3, "NIGHTLY-X_202601311831", "InProgress"),
                    item(4, "nightly-x", "Deleted"),
                    item(5, "other", "InProgress"),
                    item(6, "nightly-x-2_202601311830", "InProgress"),
                    item(7, "nightly-x_copy", "InProgress"),
                ],
            },
        }));
        // The service adds the minute (and, in a taken minute, the number) to the requested name.
        assert.equal((await findAdoptableBackup(client, site, "nightly-x"))?.properties.id, 3);
        const sameMinute = fakeArmClient(() => ({ body: { value: [item(1, "nightly-x_202601311830", "Succeeded"), item(8, "nightly-x_202601311830_8", "Created")] } }));
        assert.equal((await findAdoptableBackup(sameMinute, site, "nightly-x"))?.properties.id, 8);
        const none = fakeArmClient(() => ({ body: { value: [item(2, "nightly-x", "TimedOut"), item(4, "nightly-x", "DeleteFailed")] } }));
        assert.equal(await findAdoptableBackup(none, site, "nightly-x"), undefined);
    });

    it("settles a start that got no answer by looking for the backup before asking again", async () => {
        const log = capturingLogger();
        let posts = 0;
        let listed = 0;
        const client = fakeArmClient((request) => {
            if (request.method === "GET") return { body: { value: listed++ === 0 ? [] : [item(9, "nightly-x", "Created")] } };
            posts++;
            return new TransportError({ operation: request.operation, method: "POST", url: "https://arm/x", attempts: 1, causeCode: "ECONNRESET", cause: new Error("socket hang up") });
        });
        const adopted = await startOrAdoptBackup(client, site, "nightly-x", { storageAccountUrl: sas }, log);
        assert.equal(adopted.properties.id, 9);
        assert.equal(posts, 1, "the backup the first request started is adopted, not started twice");

        let secondPosts = 0;
        const empty = fakeArmClient((request) => {
            if (request.method === "GET") return { body: { value: [] } };
            return secondPosts++ === 0 ? new TransportError({ operation: request.operation, method: "POST", url: "https://arm/x", attempts: 1, causeCode: "ECONNRESET", cause: new Error("reset") }) : { body: item(10, "nightly-x", "Created") };
        });
        assert.equal((await startOrAdoptBackup(empty, site, "nightly-x", { storageAccountUrl: sas }, log)).properties.id, 10);
        assert.equal(secondPosts, 2);
    });

    it("waits until done, reporting status changes, and stops at its own deadline", async () => {
        const log = capturingLogger();
        const statuses = ["InProgress", "InProgress", "Succeeded"];
        const client = fakeArmClient(() => ({ body: item(3, "n", statuses.shift() ?? "Succeeded") }));
        const done = await waitForBackup(client, site, 3, item(3, "n", "Created"), {
            operation: "WebApps.Backup n",
            label: "backup n (#3)",
            isDone: (i) => normalizeBackupStatus(i?.properties.status) === "Succeeded",
            deadlineMs: 5_000,
            intervalMs: 1,
            log,
        });
        assert.equal(done?.properties.status, "Succeeded");
        assert.deepEqual(log.lines.map((l) => l.replace(/ after .*/, "")), ["info: backup n (#3): Created; waiting up to 5 s", "info: backup n (#3): InProgress", "info: backup n (#3): Succeeded"]);

        const stuck = fakeArmClient(() => ({ body: item(3, "n", "InProgress") }));
        await assert.rejects(
            waitForBackup(stuck, site, 3, item(3, "n", "InProgress"), { operation: "WebApps.Backup n", label: "b", isDone: () => false, deadlineMs: 30, intervalMs: 5, log }),
            (error: unknown) => isOperationDeadlineError(error) && /WebApps.Backup n did not finish within its deadline/.test((error as Error).message),
        );
    });

    it("counts a backup that disappears as gone when waiting for its deletion", async () => {
        const client = fakeArmClient(() => undefined);
        const done = await waitForBackup(client, site, 3, undefined, { operation: "d", label: "d", isDone: (i) => !i, deadlineMs: 1000, intervalMs: 1, log: capturingLogger() });
        assert.equal(done, undefined);
        assert.equal(client.requests.length, 1, "looked once before concluding");
    });

    it("reads the poll interval from the environment", () => {
        assert.equal(resolvePollIntervalMs({ DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "250" }), 250);
        assert.equal(resolvePollIntervalMs({ DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "soon" }), 2000);
    });
});
