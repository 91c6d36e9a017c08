import * as assert from "node:assert/strict";
import { API_VERSION, fetchToken, ids, seedSite, send, sitePath, uniqueContainerName } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";

const siteId = sitePath();
const slotId = sitePath(`/slots/${ids.slotName}`);

describe("emulator control API: App Service content, stored backups, timings, forced outcomes", function () {
    this.timeout(30_000);
    const world = useSiteWorld();

    it("site content: the start page by default, seeded with the site, replaced out of band, per slot", async () => {
        const initial = await world.emulator.control.getSiteContent(siteId);
        assert.deepEqual(Object.keys(initial.files), ["hostingstart.html"]);
        assert.deepEqual(initial.appSettings, {});
        const seeded = await world.emulator.control.putSite(ids.subscriptionId, ids.resourceGroupName, "Seeded", { content: { files: { "a.txt": "A" } } });
        assert.deepEqual(await world.emulator.control.getSiteContent(seeded.id), { files: { "a.txt": "A" }, appSettings: {} });
        await world.emulator.control.putSite(ids.subscriptionId, ids.resourceGroupName, "Seeded", {});
        assert.deepEqual((await world.emulator.control.getSiteContent(seeded.id)).files, { "a.txt": "A" }, "a re-seed without content keeps it");

        const content = { files: { "index.html": "hi" }, appSettings: { KEY: "value" } };
        assert.deepEqual(await world.emulator.control.putSiteContent(slotId.toLowerCase(), content), content);
        assert.deepEqual(await world.emulator.control.getSiteContent(slotId), content);
        assert.deepEqual(Object.keys((await world.emulator.control.getSiteContent(siteId)).files), ["hostingstart.html"]);
    });

    it("site content is validated", async () => {
        for (const bad of [{ files: { "../x": "a" } }, { files: { "/abs": "a" } }, { files: { a: 1 } }, { appSettings: [] }, { other: {} }]) {
            const response = await send(world.emulator, "PUT", `/_emulator/state${siteId}/content`, { body: bad });
            assert.equal(response.status, 400, JSON.stringify(bad));
        }
        const seed = await send(world.emulator, "PUT", `/_emulator/subscriptions/${ids.subscriptionId}/resourceGroups/${ids.resourceGroupName}/sites/x`, {
            body: { content: { files: { "": "a" } } },
        });
        assert.equal(seed.status, 400);
        assert.equal((await send(world.emulator, "GET", `/_emulator/state${sitePath("", { siteName: "missing" })}/content`)).status, 404);
    });

    it("behaviour: defaults, partial updates, validation, reset", async () => {
        const defaults = await world.emulator.control.getAppServiceBehaviour();
        assert.deepEqual(defaults, { backupPhaseMs: 300, deletePhaseMs: 300, restoreMs: 1500, restoreRetryAfterSeconds: 1, backupsPageSize: 2 });
        const updated = await world.emulator.control.setAppServiceBehaviour({ restoreRetryAfterSeconds: 0, backupsPageSize: 5 });
        assert.deepEqual(updated, { ...defaults, restoreRetryAfterSeconds: 0, backupsPageSize: 5 });
        for (const bad of [{ backupsPageSize: 0 }, { backupPhaseMs: -1 }, { restoreMs: 1.5 }, { unknown: 1 }, { deletePhaseMs: "1" }]) {
            assert.equal((await send(world.emulator, "PUT", "/_emulator/appservice/behaviour", { body: bad })).status, 400, JSON.stringify(bad));
        }
        await world.emulator.control.reset();
        assert.deepEqual(await world.emulator.control.getAppServiceBehaviour(), defaults);
    });

    it("forced outcomes: validated, listed, cleared by DELETE and by reset", async () => {
        for (const bad of [
            { kind: "backup", outcome: "Succeeded" },
            { kind: "restore", outcome: "TimedOut" },
            { kind: "delete", outcome: "Failed" },
            { kind: "snapshot", outcome: "Failed" },
            { kind: "backup", outcome: "Failed", count: 0 },
            { kind: "backup", outcome: "Failed", log: 5 },
        ]) {
            assert.equal((await send(world.emulator, "POST", "/_emulator/appservice/outcomes", { body: bad })).status, 400, JSON.stringify(bad));
        }
        const rule = await world.emulator.control.forceOutcome({ kind: "backup", outcome: "Skipped", count: 3, siteId });
        assert.equal(rule.remaining, 3);
        assert.equal(rule.applied, 0);
        assert.match(rule.log, /skipped/);
        await world.emulator.control.forceOutcome({ kind: "restore", outcome: "Failed" });
        assert.equal((await world.emulator.control.listForcedOutcomes()).length, 2);
        assert.equal(await world.emulator.control.clearForcedOutcomes(), 2);
        await world.emulator.control.forceOutcome({ kind: "delete", outcome: "DeleteFailed" });
        await world.emulator.control.reset();
        assert.deepEqual(await world.emulator.control.listForcedOutcomes(), []);
    });

    it("stored backups: raw list with counts and SAS, GET/PATCH/DELETE of one, 404s", async () => {
        const container = uniqueContainerName();
        await world.emulator.control.createContainer(container);
        const sas = world.emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 3_600_000) });
        const token = await fetchToken(world.emulator);
        await world.emulator.control.setAppServiceBehaviour({ backupPhaseMs: 10 });
        const backupIds: number[] = [];
        for (let i = 0; i < 3; i++) {
            const started = await send(world.emulator, "POST", `${siteId}/backup?api-version=${API_VERSION}`, { token, body: { properties: { storageAccountUrl: sas } } });
            backupIds.push(started.json.properties.id);
        }
        for (const id of backupIds) await world.emulator.control.waitForBackup(siteId, id, ["Succeeded"]);
        const raw = await world.emulator.control.listStoredBackups(siteId);
        assert.equal(raw.count, 3);
        assert.deepEqual(raw.byStatus, { Succeeded: 3 });
        assert.deepEqual(raw.value.map((b) => b.properties.id), backupIds);
        assert.equal(raw.value[0].properties.storageAccountUrl, sas);
        assert.equal(raw.value[0].type, "Microsoft.Web/sites/backups");
        assert.equal(await world.emulator.control.countBackups(siteId), 3);
        assert.equal(await world.emulator.control.countBackups(slotId), 0);

        const patched = await world.emulator.control.patchStoredBackup(siteId, backupIds[0], { status: "DeleteFailed", log: "expired" });
        assert.equal(patched.properties.status, "DeleteFailed");
        assert.equal(patched.properties.storageAccountUrl, sas, "a merge patch keeps the rest");
        assert.equal(await world.emulator.control.countBackups(siteId, ["DeleteFailed"]), 1);
        assert.equal((await send(world.emulator, "PATCH", `/_emulator/state${siteId}/backups/${backupIds[0]}`, { body: { status: "Gone" } })).status, 400);
        assert.equal((await send(world.emulator, "PATCH", `/_emulator/state${siteId}/backups/${backupIds[0]}`, { body: { id: 5 } })).status, 400);

        await world.emulator.control.deleteStoredBackup(siteId, backupIds[1]);
        assert.equal(await world.emulator.control.countBackups(siteId), 2);
        await assert.rejects(world.emulator.control.getStoredBackup(siteId, backupIds[1]), /404/);
        await assert.rejects(world.emulator.control.getStoredBackup(slotId, backupIds[2]), /404/);
        assert.equal((await send(world.emulator, "DELETE", `/_emulator/state${siteId}/backups/${backupIds[1]}`)).status, 404);

        // Ids are never reused, even after a reset.
        await world.emulator.control.reset();
        await seedSite(world.emulator);
        const next = await send(world.emulator, "POST", `${siteId}/backup?api-version=${API_VERSION}`, {
            token: await fetchToken(world.emulator),
            body: { properties: { storageAccountUrl: sas } },
        });
        assert.ok(next.json.properties.id > Math.max(...backupIds));
    });

    it("deleting a site takes its backups and content along", async () => {
        await world.emulator.control.putSiteContent(siteId, { files: { a: "b" }, appSettings: {} });
        await world.emulator.control.deleteSite(ids.subscriptionId, ids.resourceGroupName, ids.siteName);
        assert.deepEqual((await world.emulator.control.getState()).resources, []);
    });
});
