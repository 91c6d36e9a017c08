import * as assert from "node:assert/strict";
import type { RunningEmulator } from "../../../../emulator/server";
import { API_VERSION, FAKE_SAS, fetchToken, ids, seedSite, send, sitePath, startTestEmulator } from "../support/emulatorFixture";

describe("emulator control API", function () {
    let emulator: RunningEmulator;
    const siteId = sitePath();

    before(async () => {
        emulator = await startTestEmulator();
    });
    after(() => emulator?.close());
    beforeEach(() => emulator.control.reset());

    describe("seeding", function () {
        it("PUTs are idempotent: 201 when created, 200 after, stored casing kept", async () => {
            const path = `/_emulator/subscriptions/${ids.subscriptionId}`;
            assert.equal((await send(emulator, "PUT", path, { body: {} })).status, 201);
            assert.equal((await send(emulator, "PUT", path, { body: {} })).status, 200);
            const rg = await emulator.control.putResourceGroup(ids.subscriptionId, "Shop-RG", "northeurope");
            assert.equal(rg.location, "northeurope");
            const again = await emulator.control.putResourceGroup(ids.subscriptionId, "shop-rg", { location: "northeurope" });
            assert.equal(again.name, "Shop-RG");
            const site = await emulator.control.putSite(ids.subscriptionId, "shop-rg", "Shop-App");
            assert.equal(site.id, `/subscriptions/${ids.subscriptionId}/resourceGroups/Shop-RG/providers/Microsoft.Web/sites/Shop-App`);
            assert.equal(site.location, "northeurope", "a site defaults to its group's location");
            assert.equal(site.properties.defaultHostName, "Shop-App.azurewebsites.net");
            const slot = await emulator.control.putSlot(ids.subscriptionId, "Shop-RG", "shop-app", "Staging");
            assert.equal(slot.name, "Shop-App/Staging");
            assert.equal(slot.type, "Microsoft.Web/sites/slots");
        });

        it("refuses children of missing parents and non-GUID subscriptions", async () => {
            await assert.rejects(emulator.control.putResourceGroup(ids.subscriptionId, "rg"), /404/);
            await assert.rejects(emulator.control.putSubscription("not-a-guid"), /400/);
            await emulator.control.putSubscription(ids.subscriptionId);
            await assert.rejects(emulator.control.putSite(ids.subscriptionId, "rg", "app"), /ResourceGroupNotFound|404/);
        });

        it("deletes cascade: a site takes its slots and configuration along", async () => {
            await seedSite(emulator);
            await emulator.control.putBackupConfiguration(siteId, { storageAccountUrl: FAKE_SAS, enabled: true, databases: [] });
            await emulator.control.deleteSite(ids.subscriptionId, ids.resourceGroupName, ids.siteName);
            const state = await emulator.control.getState();
            assert.deepEqual(state.resources, []);
            assert.equal(state.resourceGroups.length, 1);
            await emulator.control.deleteSubscription(ids.subscriptionId);
            assert.deepEqual(await emulator.control.getState(), { subscriptions: [], resourceGroups: [], resources: [] });
        });
    });

    describe("live state", function () {
        let token: string;
        beforeEach(async () => {
            await seedSite(emulator);
            token = await fetchToken(emulator);
        });

        const putSchedule = (retentionPeriodInDays: number) =>
            send(emulator, "PUT", sitePath(`/config/backup?api-version=${API_VERSION}`), {
                token,
                body: {
                    properties: {
                        enabled: true,
                        storageAccountUrl: FAKE_SAS,
                        backupSchedule: { frequencyInterval: 1, frequencyUnit: "Day", keepAtLeastOneBackup: true, retentionPeriodInDays },
                    },
                },
            });

        it("reads the stored configuration, secrets included, or 404", async () => {
            await assert.rejects(emulator.control.getBackupConfiguration(siteId), (error: { status?: number }) => error.status === 404);
            assert.equal(await emulator.control.findBackupConfiguration(siteId), undefined);
            await putSchedule(30);
            const live = await emulator.control.getBackupConfiguration(siteId.toLowerCase());
            assert.equal(live.properties.storageAccountUrl, FAKE_SAS);
            assert.equal(live.properties.backupSchedule?.retentionPeriodInDays, 30);
        });

        it("PATCH merges into properties out of band, and ARM reads see it", async () => {
            await putSchedule(30);
            const patched = await emulator.control.patchBackupConfiguration(siteId, { backupSchedule: { retentionPeriodInDays: 5 } });
            assert.equal(patched.properties.backupSchedule?.retentionPeriodInDays, 5);
            assert.equal(patched.properties.backupSchedule?.frequencyUnit, "Day", "other fields survive");
            const listed = await send(emulator, "POST", sitePath(`/config/backup/list?api-version=${API_VERSION}`), { token });
            assert.equal(listed.json.properties.backupSchedule.retentionPeriodInDays, 5);
        });

        it("PATCH with null removes a field; PATCH without a configuration is 404", async () => {
            await assert.rejects(emulator.control.patchBackupConfiguration(siteId, { enabled: false }), /404/);
            await putSchedule(30);
            const patched = await emulator.control.patchBackupConfiguration(siteId, { backupSchedule: null });
            assert.equal(patched.properties.backupSchedule, undefined);
        });

        it("PUT stores a configuration without validation; DELETE removes it", async () => {
            const stored = await emulator.control.putBackupConfiguration(sitePath(`/slots/${ids.slotName}`), { storageAccountUrl: "", weird: true });
            assert.equal(stored.type, "Microsoft.Web/sites/slots/config");
            assert.equal(stored.properties.storageAccountUrl, "");
            assert.equal(await emulator.control.deleteBackupConfiguration(sitePath(`/slots/${ids.slotName}`)), true);
            assert.equal(await emulator.control.deleteBackupConfiguration(sitePath(`/slots/${ids.slotName}`)), false);
        });

        it("GET /_emulator/state dumps everything", async () => {
            await putSchedule(30);
            const state = await emulator.control.getState();
            assert.equal(state.subscriptions[0].subscriptionId, ids.subscriptionId);
            assert.equal(state.resourceGroups[0].name, ids.resourceGroupName);
            assert.deepEqual(state.resources.map((r) => r.type).sort(), ["Microsoft.Web/sites", "Microsoft.Web/sites/config", "Microsoft.Web/sites/slots"]);
        });
    });

    describe("request log", function () {
        it("counts by operation, route and status; clears on demand", async () => {
            await seedSite(emulator);
            const token = await fetchToken(emulator);
            await send(emulator, "POST", sitePath(`/config/backup/list?api-version=${API_VERSION}`), { token });
            await send(emulator, "POST", sitePath(`/config/backup/list?api-version=${API_VERSION}`));
            const requests = await emulator.control.getRequests();
            assert.equal(requests.total, 3);
            assert.equal(requests.armRequests, 2);
            assert.equal(requests.tokenRequests, 1);
            assert.equal(requests.unauthorized, 1);
            assert.deepEqual(requests.byOperation["WebApps.GetBackupConfiguration"], { count: 2, statuses: { "404": 1, "401": 1 }, faults: 0 });
            assert.equal(requests.byOperation.Token.count, 1);
            assert.equal(requests.byRoute[`POST ${sitePath("/config/backup/list")}`].count, 2);
            assert.deepEqual(requests.byStatus, { "200": 1, "404": 1, "401": 1 });
            assert.equal(requests.entries.length, 3);
            assert.ok(requests.entries.every((entry) => entry.requestId));
            await emulator.control.clearRequests();
            assert.equal((await emulator.control.getRequests()).total, 0);
        });

        it("does not log control calls", async () => {
            await emulator.control.health();
            assert.equal((await emulator.control.getRequests()).total, 0);
        });
    });

    describe("auth knobs", function () {
        it("reads and sets token lifetime and clock skew; reset restores them", async () => {
            const initial = await emulator.control.getAuth();
            assert.equal(initial.tokenLifetimeSeconds, 3600);
            assert.equal(initial.clockSkewSeconds, 0);
            assert.equal(initial.tokensIssued, 0);
            const updated = await emulator.control.setAuth({ tokenLifetimeSeconds: 120, clockSkewSeconds: -30 });
            assert.equal(updated.tokenLifetimeSeconds, 120);
            assert.equal(updated.clockSkewSeconds, -30);
            assert.ok(Math.abs(Date.parse(updated.serverTime) - (Date.now() - 30_000)) < 5_000);
            await fetchToken(emulator);
            assert.equal((await emulator.control.getAuth()).tokensIssued, 1);
            await emulator.control.reset();
            assert.deepEqual(
                { ...(await emulator.control.getAuth()), serverTime: "" },
                { tokenLifetimeSeconds: 3600, clockSkewSeconds: 0, tokensIssued: 0, serverTime: "" },
            );
        });

        it("rejects invalid values", async () => {
            await assert.rejects(emulator.control.setAuth({ tokenLifetimeSeconds: 0 }), /400/);
            await assert.rejects(emulator.control.setAuth({ clockSkewSeconds: "soon" as never }), /400/);
        });
    });

    it("reset clears state, faults and counters", async () => {
        await seedSite(emulator);
        await emulator.control.addFault({ kind: "500", pathPattern: "nothing" });
        await fetchToken(emulator);
        await emulator.control.reset();
        assert.deepEqual(await emulator.control.getState(), { subscriptions: [], resourceGroups: [], resources: [] });
        assert.deepEqual(await emulator.control.listFaults(), []);
        assert.equal((await emulator.control.getRequests()).total, 0);
    });

    it("unknown control routes are 404 and wrong methods 405", async () => {
        assert.equal((await send(emulator, "GET", "/_emulator/nothing")).status, 404);
        assert.equal((await send(emulator, "POST", "/_emulator/state")).status, 405);
        assert.equal((await send(emulator, "POST", "/_emulator/faults", { rawBody: "{" })).json.error.code, "InvalidRequestContent");
    });

    it("exposes the environment a client process needs", () => {
        assert.deepEqual(Object.keys(emulator.env).sort(), [
            "AZURE_AUTHORITY_HOST",
            "AZURE_CLIENT_ID",
            "AZURE_CLIENT_SECRET",
            "AZURE_TENANT_ID",
            "DECLARATIVE_BACKUPS_ARM_AUDIENCE",
            "DECLARATIVE_BACKUPS_ARM_ENDPOINT",
            "DECLARATIVE_BACKUPS_CA_FILE",
            "NODE_EXTRA_CA_CERTS",
        ]);
        assert.equal(emulator.env.DECLARATIVE_BACKUPS_CA_FILE, emulator.caFile);
        assert.equal(emulator.env.DECLARATIVE_BACKUPS_ARM_ENDPOINT, emulator.url);
        assert.equal(emulator.env.AZURE_AUTHORITY_HOST, emulator.url);
        assert.equal(emulator.env.NODE_EXTRA_CA_CERTS, emulator.caFile);
        assert.equal(emulator.env.DECLARATIVE_BACKUPS_ARM_AUDIENCE, "https://management.azure.com/");
        assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    });
});
