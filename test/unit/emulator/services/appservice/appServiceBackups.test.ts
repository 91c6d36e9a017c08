import * as assert from "node:assert/strict";
import { readBackupArchive } from "../../../../../emulator/services/appservice/work/backupArchive";
import { API_VERSION, ids, pollUntil, send, sitePath, uniqueContainerName } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";

const siteId = sitePath();
const slotId = sitePath(`/slots/${ids.slotName}`);
const CONNECTION_STRING = "Server=tcp:fake.database.windows.net;Database=orders;Password=FAKEpasswordFORtests";
const CONTENT = { files: { "index.html": "<h1>shop</h1>", "api/app.js": "console.log('hi')" }, appSettings: { FEATURE_X: "on" } };
const HOUR_MS = 3_600_000;

describe("emulator App Service on-demand backups", function () {
    this.timeout(30_000);
    const world = useSiteWorld({
        seed: async (emulator) => {
            await emulator.control.putSiteContent(siteId, CONTENT);
            await emulator.control.setAppServiceBehaviour({ backupPhaseMs: 40, deletePhaseMs: 40 });
        },
        token: true,
        container: true,
    });

    const api = (path: string) => `${path}${path.includes("?") ? "&" : "?"}api-version=${API_VERSION}`;
    const startBackup = (storageAccountUrl: string, extra: Record<string, unknown> = {}, target = siteId) =>
        send(world.emulator, "POST", api(`${target}/backup`), { token: world.token, body: { properties: { storageAccountUrl, ...extra } } });
    const getBackup = (id: number, target = siteId) => send(world.emulator, "GET", api(`${target}/backups/${id}`), { token: world.token });
    const listSecrets = (id: number, body?: unknown, target = siteId) => send(world.emulator, "POST", api(`${target}/backups/${id}/list`), { token: world.token, body });
    const deleteBackup = (id: number, target = siteId) => send(world.emulator, "DELETE", api(`${target}/backups/${id}`), { token: world.token });
    const waitFor = (id: number, statuses: string[], target = siteId) => world.emulator.control.waitForBackup(target, id, statuses as never);

    it("answers Created with the SAS redacted, then runs Created → InProgress → Succeeded and writes the zip", async () => {
        await world.emulator.control.setAppServiceBehaviour({ backupPhaseMs: 250 });
        const started = await startBackup(world.sas, {
            backupName: "nightly",
            databases: [{ databaseType: "SqlAzure", name: "orders", connectionStringName: "orders", connectionString: CONNECTION_STRING }],
        });
        assert.equal(started.status, 200);
        const item = started.json;
        const id: number = item.properties.id;
        assert.equal(typeof id, "number");
        assert.equal(item.id, `${siteId}/backups/${id}`);
        assert.equal(item.name, ids.siteName);
        assert.equal(item.type, "Microsoft.Web/sites");
        assert.equal(item.properties.status, "Created");
        assert.equal(item.properties.storageAccountUrl, "");
        assert.match(item.properties.blobName, /^nightly_\d{12}\.zip$/);
        assert.equal(item.properties.name, item.properties.blobName.replace(/\.zip$/, ""));
        assert.equal(item.properties.scheduled, false);
        assert.equal(item.properties.log, null);
        assert.match(item.properties.correlationId, /^[0-9a-f-]{36}$/);
        assert.deepEqual(item.properties.databases, [{ databaseType: "SqlAzure", name: "orders", connectionStringName: "orders" }]);
        assert.ok(!started.text.includes("sig="), "no SAS in the answer");
        assert.ok(!started.text.includes("Password"), "no connection string in the answer");

        const statuses = await pollUntil(async () => (await getBackup(id)).json.properties.status as string, (status) => status === "Succeeded");
        assert.deepEqual(statuses, ["Created", "InProgress", "Succeeded"]);

        const done = (await getBackup(id)).json.properties;
        const blobs = await world.emulator.control.listBlobs(world.container);
        assert.deepEqual(blobs.map((blob) => blob.name), [done.blobName]);
        assert.equal(done.sizeInBytes, blobs[0].size);
        assert.ok(Date.parse(done.finishedTimeStamp) >= Date.parse(done.created));
        const archive = readBackupArchive(await world.emulator.control.readBlob(world.container, done.blobName));
        assert.deepEqual(archive.content, CONTENT);
        assert.deepEqual(archive.databases, [{ databaseType: "SqlAzure", name: "orders" }]);
        assert.equal(archive.siteId, siteId);
        assert.equal(done.websiteSizeInBytes, Buffer.byteLength(CONTENT.files["index.html"]) + Buffer.byteLength(CONTENT.files["api/app.js"]));
        const blob = (await world.emulator.control.readBlob(world.container, done.blobName)).toString("latin1");
        assert.ok(!blob.includes("Password"), "connection strings never reach the blob");
    });

    it("names blobs after the site when no backupName is given, and keeps same-minute names apart", async () => {
        const first = (await startBackup(world.sas)).json.properties;
        const second = (await startBackup(world.sas)).json.properties;
        assert.match(first.blobName, /^MyApp_\d{12}\.zip$/);
        assert.notEqual(first.blobName, second.blobName);
        assert.notEqual(first.id, second.id);
    });

    it("fails with the storage error in log when the SAS is read-only", async () => {
        const readOnly = world.emulator.control.containerSasUrl({ container: world.container, permissions: "rl", expiresOn: new Date(Date.now() + HOUR_MS) });
        const id = (await startBackup(readOnly)).json.properties.id;
        const failed = await waitFor(id, ["Failed", "Succeeded"]);
        assert.equal(failed.properties.status, "Failed");
        assert.equal(failed.properties.log, "Storage access failed. The remote server returned an error: (403) Forbidden.");
        assert.equal(failed.properties.finishedTimeStamp !== null, true);
        assert.deepEqual(await world.emulator.control.listBlobs(world.container), []);
        const answer = await getBackup(id);
        assert.equal(answer.json.properties.log, failed.properties.log);
    });

    it("fails when the SAS has expired (Azurite refuses it)", async () => {
        const expired = world.emulator.control.containerSasUrl({
            container: world.container,
            permissions: "rwdl",
            startsOn: new Date(Date.now() - 2 * HOUR_MS),
            expiresOn: new Date(Date.now() - HOUR_MS),
        });
        const failed = await waitFor((await startBackup(expired)).json.properties.id, ["Failed", "Succeeded"]);
        assert.equal(failed.properties.status, "Failed");
        assert.match(failed.properties.log!, /^Storage access failed\. The remote server returned an error: \(403\) Forbidden\.$/);
    });

    it("fails with 404 for a missing container, and without contacting hosts other than loopback", async () => {
        const missing = world.emulator.control.containerSasUrl({ container: uniqueContainerName("missing"), permissions: "rwdl", expiresOn: new Date(Date.now() + HOUR_MS) });
        const notFound = await waitFor((await startBackup(missing)).json.properties.id, ["Failed", "Succeeded"]);
        assert.equal(notFound.properties.log, "Storage access failed. The remote server returned an error: (404) Not Found.");

        const remote = "https://fakeaccount.blob.core.windows.net/backups?sv=2024-11-04&sr=c&sp=rwdl&se=2030-01-01T00%3A00%3A00Z&sig=FAKEsignatureFORtests";
        const unresolved = await waitFor((await startBackup(remote)).json.properties.id, ["Failed", "Succeeded"]);
        assert.equal(unresolved.properties.log, "Storage access failed. The remote name could not be resolved: 'fakeaccount.blob.core.windows.net'");
    });

    it("refuses a request without a usable storageAccountUrl (400, field named)", async () => {
        const missing = await send(world.emulator, "POST", api(`${siteId}/backup`), { token: world.token, body: { properties: {} } });
        assert.equal(missing.status, 400);
        assert.equal(missing.json.error.target, "properties.storageAccountUrl");
        // The REST spec's example puts a connection string there.
        const connectionString = await startBackup("DefaultEndpointsProtocol=https;AccountName=storagesample;AccountKey=<account-key>");
        assert.equal(connectionString.status, 400);
        assert.equal(connectionString.json.error.target, "properties.storageAccountUrl");
        assert.equal((await world.emulator.control.listStoredBackups(siteId)).count, 0);
    });

    describe("forced outcomes", function () {
        it("the next N backups end Failed with the given log, then backups succeed again", async () => {
            await world.emulator.control.forceOutcome({ kind: "backup", outcome: "Failed", log: "Disk quota exceeded.", count: 2 });
            const ids = [];
            for (let i = 0; i < 3; i++) ids.push((await startBackup(world.sas)).json.properties.id);
            const ends = await Promise.all(ids.map((id) => waitFor(id, ["Failed", "Succeeded"])));
            assert.deepEqual(ends.map((b) => [b.properties.status, b.properties.log]), [
                ["Failed", "Disk quota exceeded."],
                ["Failed", "Disk quota exceeded."],
                ["Succeeded", null],
            ]);
            assert.deepEqual(await world.emulator.control.listForcedOutcomes(), []);
            assert.equal((await world.emulator.control.listBlobs(world.container)).length, 1, "a failed run writes no blob");
        });

        it("TimedOut, PartiallySucceeded (blob written) and Skipped (never InProgress) with default logs", async () => {
            await world.emulator.control.setAppServiceBehaviour({ backupPhaseMs: 150 });
            await world.emulator.control.forceOutcome({ kind: "backup", outcome: "TimedOut" });
            const timedOut = (await startBackup(world.sas)).json.properties.id;
            await world.emulator.control.forceOutcome({ kind: "backup", outcome: "PartiallySucceeded" });
            const partial = (await startBackup(world.sas)).json.properties.id;
            await world.emulator.control.forceOutcome({ kind: "backup", outcome: "Skipped" });
            const skipped = (await startBackup(world.sas)).json.properties.id;
            const skippedStatuses = await pollUntil(async () => (await getBackup(skipped)).json.properties.status as string, (s) => s === "Skipped");
            assert.deepEqual(skippedStatuses, ["Created", "Skipped"]);
            const [t, p, s] = await Promise.all([timedOut, partial, skipped].map((id) => waitFor(id, ["TimedOut", "PartiallySucceeded", "Skipped"])));
            assert.equal(t.properties.status, "TimedOut");
            assert.match(t.properties.log!, /did not complete within the allowed time/);
            assert.equal(p.properties.status, "PartiallySucceeded");
            assert.match(p.properties.log!, /could not be read/);
            assert.ok(p.properties.sizeInBytes > 0);
            assert.equal(s.properties.status, "Skipped");
            assert.deepEqual((await world.emulator.control.listBlobs(world.container)).map((b) => b.name), [p.properties.blobName]);
        });

        it("a site-scoped rule with count 'all' fails every backup of that site only", async () => {
            await world.emulator.control.forceOutcome({ kind: "backup", outcome: "Failed", siteId: slotId.toLowerCase(), count: "all" });
            const slotBackups = [(await startBackup(world.sas, {}, slotId)).json.properties.id, (await startBackup(world.sas, {}, slotId)).json.properties.id];
            const siteBackup = (await startBackup(world.sas)).json.properties.id;
            for (const id of slotBackups) assert.equal((await waitFor(id, ["Failed", "Succeeded"], slotId)).properties.status, "Failed");
            assert.equal((await waitFor(siteBackup, ["Failed", "Succeeded"])).properties.status, "Succeeded");
            const [rule] = await world.emulator.control.listForcedOutcomes();
            assert.equal(rule.remaining, "all");
            assert.equal(rule.applied, 2);
        });
    });

    it("lists backups in pages of the configured size with an absolute nextLink ($skipToken), SAS redacted", async () => {
        const created: number[] = [];
        for (let i = 0; i < 5; i++) created.push((await startBackup(world.sas, { backupName: `b${i}` })).json.properties.id);
        const seen: number[] = [];
        let link: string | undefined = api(`${siteId}/backups`);
        const pages: number[] = [];
        while (link) {
            const response = await send(world.emulator, "GET", link.replace(world.emulator.url, ""), { token: world.token });
            assert.equal(response.status, 200);
            pages.push(response.json.value.length);
            for (const item of response.json.value) {
                assert.equal(item.properties.storageAccountUrl, "");
                seen.push(item.properties.id);
            }
            link = response.json.nextLink;
            if (link) {
                assert.ok(link.startsWith(`${world.emulator.url}${siteId}/backups?`), link);
                assert.match(link, /api-version=2024-11-01/);
                assert.match(link, /\$skipToken=\d+/);
            }
        }
        assert.deepEqual(pages, [2, 2, 1]);
        assert.deepEqual(seen, created);

        await world.emulator.control.setAppServiceBehaviour({ backupsPageSize: 10 });
        const all = await send(world.emulator, "GET", api(`${siteId}/backups`), { token: world.token });
        assert.equal(all.json.value.length, 5);
        assert.equal("nextLink" in all.json, false);
        assert.equal((await send(world.emulator, "GET", api(`${siteId}/backups?$skipToken=abc`), { token: world.token })).status, 400);
    });

    it("GET never returns the SAS; POST backups/{id}/list does, connection strings included", async () => {
        const id = (await startBackup(world.sas, { databases: [{ databaseType: "MySql", name: "db", connectionString: CONNECTION_STRING }] })).json.properties.id;
        await waitFor(id, ["Succeeded"]);
        const got = await getBackup(id);
        assert.equal(got.json.properties.storageAccountUrl, "");
        assert.equal(got.json.properties.databases[0].connectionString, undefined);
        for (const body of [undefined, {}, { properties: {} }, { properties: { storageAccountUrl: "" } }]) {
            const secrets = await listSecrets(id, body);
            assert.equal(secrets.status, 200, JSON.stringify(body));
            assert.equal(secrets.json.properties.storageAccountUrl, world.sas);
            assert.equal(secrets.json.properties.databases[0].connectionString, CONNECTION_STRING);
            assert.equal(secrets.json.properties.status, "Succeeded");
        }
    });

    it("rotates the stored SAS through backups/{id}/list", async () => {
        const id = (await startBackup(world.sas)).json.properties.id;
        await waitFor(id, ["Succeeded"]);
        const rotated = world.emulator.control.containerSasUrl({ container: world.container, permissions: "rwdl", expiresOn: new Date(Date.now() + 2 * HOUR_MS) });
        const answer = await listSecrets(id, { properties: { storageAccountUrl: rotated } });
        assert.equal(answer.status, 200);
        assert.equal(answer.json.properties.storageAccountUrl, rotated);
        assert.equal((await world.emulator.control.getStoredBackup(siteId, id)).properties.storageAccountUrl, rotated);
        assert.equal((await listSecrets(id, {})).json.properties.storageAccountUrl, rotated);
        const invalid = await listSecrets(id, { properties: { storageAccountUrl: "not a url" } });
        assert.equal(invalid.status, 400);
        assert.equal((await world.emulator.control.getStoredBackup(siteId, id)).properties.storageAccountUrl, rotated);
    });

    it("DELETE: DeleteInProgress, then Deleted (blob gone), then 404 and out of the list", async () => {
        await world.emulator.control.setAppServiceBehaviour({ deletePhaseMs: 200 });
        const id = (await startBackup(world.sas)).json.properties.id;
        const done = await waitFor(id, ["Succeeded"]);
        const deleted = await deleteBackup(id);
        assert.equal(deleted.status, 200);
        assert.equal((await getBackup(id)).json.properties.status, "DeleteInProgress");
        assert.equal((await deleteBackup(id)).status, 200, "deleting again while it runs is fine");
        const stored = await waitFor(id, ["Deleted", "DeleteFailed"]);
        assert.equal(stored.properties.status, "Deleted");
        assert.equal((await getBackup(id)).status, 404);
        assert.equal((await deleteBackup(id)).status, 404);
        assert.deepEqual((await send(world.emulator, "GET", api(`${siteId}/backups`), { token: world.token })).json.value, []);
        assert.equal((await world.emulator.control.listBlobs(world.container)).some((b) => b.name === done.properties.blobName), false);
    });

    it("DELETE with an expired stored SAS ends DeleteFailed and stays; after rotation it deletes", async () => {
        const id = (await startBackup(world.sas)).json.properties.id;
        const done = await waitFor(id, ["Succeeded"]);
        const expired = world.emulator.control.containerSasUrl({
            container: world.container,
            permissions: "rwdl",
            startsOn: new Date(Date.now() - 2 * HOUR_MS),
            expiresOn: new Date(Date.now() - HOUR_MS),
        });
        await listSecrets(id, { properties: { storageAccountUrl: expired } });
        assert.equal((await deleteBackup(id)).status, 200);
        const failed = await waitFor(id, ["Deleted", "DeleteFailed"]);
        assert.equal(failed.properties.status, "DeleteFailed");
        assert.equal(failed.properties.log, "Storage access failed. The remote server returned an error: (403) Forbidden.");
        const listed = await send(world.emulator, "GET", api(`${siteId}/backups`), { token: world.token });
        assert.deepEqual(listed.json.value.map((item: any) => [item.properties.id, item.properties.status]), [[id, "DeleteFailed"]]);
        assert.equal((await world.emulator.control.listBlobs(world.container)).length, 1, "the blob is still there");

        await listSecrets(id, { properties: { storageAccountUrl: world.sas } });
        assert.equal((await deleteBackup(id)).status, 200);
        assert.equal((await waitFor(id, ["Deleted", "DeleteFailed"])).properties.status, "Deleted");
        assert.equal((await world.emulator.control.listBlobs(world.container)).some((b) => b.name === done.properties.blobName), false);
    });

    it("a forced DeleteFailed keeps the blob and explains why", async () => {
        const id = (await startBackup(world.sas)).json.properties.id;
        await waitFor(id, ["Succeeded"]);
        await world.emulator.control.forceOutcome({ kind: "delete", outcome: "DeleteFailed" });
        await deleteBackup(id);
        const failed = await waitFor(id, ["Deleted", "DeleteFailed"]);
        assert.equal(failed.properties.status, "DeleteFailed");
        assert.match(failed.properties.log!, /\(403\) Forbidden/);
        assert.equal((await world.emulator.control.listBlobs(world.container)).length, 1);
    });

    it("serves slots: ids, name and type of the slot, blob named site-slot", async () => {
        const started = await startBackup(world.sas, {}, slotId);
        assert.equal(started.status, 200);
        assert.equal(started.json.id, `${slotId}/backups/${started.json.properties.id}`);
        assert.equal(started.json.name, `${ids.siteName}/${ids.slotName}`);
        assert.equal(started.json.type, "Microsoft.Web/sites/slots");
        assert.match(started.json.properties.blobName, /^MyApp-Staging_\d{12}\.zip$/);
        const id = started.json.properties.id;
        await waitFor(id, ["Succeeded"], slotId);
        assert.equal((await getBackup(id)).status, 404, "the production slot does not have it");
        assert.equal((await getBackup(id, slotId)).status, 200);
        assert.deepEqual((await send(world.emulator, "GET", api(`${siteId}/backups`), { token: world.token })).json.value, []);
        // The slot serves the start page (no content was set for it).
        const archive = readBackupArchive(await world.emulator.control.readBlob(world.container, started.json.properties.blobName));
        assert.deepEqual(Object.keys(archive.content.files), ["hostingstart.html"]);
    });

    it("404 for unknown ids and missing sites; 405 for a GET on backup", async () => {
        assert.equal((await getBackup(999)).json.error.code, "NotFound");
        assert.equal((await getBackup("abc" as unknown as number)).status, 404);
        assert.equal((await listSecrets(999, {})).status, 404);
        const missingSite = await startBackup(world.sas, {}, sitePath("", { siteName: "nope" }));
        assert.equal(missingSite.json.error.code, "ResourceNotFound");
        assert.equal((await send(world.emulator, "GET", api(`${siteId}/backup`), { token: world.token })).status, 405);
    });

    it("counts operations in the request log and lets faults hit the backup routes", async () => {
        await world.emulator.control.clearRequests();
        await world.emulator.control.addFault({ pathPattern: "/backup$", kind: "503", count: 1, retryAfterSeconds: 1 });
        const throttled = await startBackup(world.sas);
        assert.equal(throttled.status, 503);
        assert.equal(throttled.headers["retry-after"], "1");
        const id = (await startBackup(world.sas)).json.properties.id;
        await getBackup(id);
        await send(world.emulator, "GET", api(`${siteId}/backups`), { token: world.token });
        await listSecrets(id, {});
        await waitFor(id, ["Succeeded"]);
        await deleteBackup(id);
        const log = await world.emulator.control.getRequests();
        assert.deepEqual(log.byOperation["WebApps.Backup"].statuses, { "200": 1, "503": 1 });
        assert.equal(log.byOperation["WebApps.Backup"].faults, 1);
        for (const operation of ["WebApps.GetBackupStatus", "WebApps.ListBackups", "WebApps.ListBackupStatusSecrets", "WebApps.DeleteBackup"]) {
            assert.equal(log.byOperation[operation]?.count, 1, operation);
        }
    });

    it("an out-of-band PATCH to Deleted makes the backup vanish from ARM; DELETE of the record too", async () => {
        const first = (await startBackup(world.sas)).json.properties.id;
        const second = (await startBackup(world.sas)).json.properties.id;
        await waitFor(second, ["Succeeded"]);
        await world.emulator.control.patchStoredBackup(siteId, first, { status: "Deleted" });
        assert.equal((await getBackup(first)).status, 404);
        await world.emulator.control.deleteStoredBackup(siteId, second);
        assert.equal((await getBackup(second)).status, 404);
        const raw = await world.emulator.control.listStoredBackups(siteId);
        assert.equal(raw.count, 1);
        assert.deepEqual(raw.byStatus, { Deleted: 1 });
        assert.equal(raw.value[0].properties.storageAccountUrl, world.sas, "the raw record keeps the SAS");
    });
});
