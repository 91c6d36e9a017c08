import * as assert from "node:assert/strict";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { ClientSecretCredential } from "@azure/identity";
import type { RunningEmulator } from "../../../../../emulator/server";
import { API_VERSION, fetchToken, ids, seedSite, send, sitePath, startTestEmulator, uniqueContainerName } from "../../support/emulatorFixture";

const siteId = sitePath();
const otherSiteId = sitePath("", { siteName: "OtherApp" });
const slotId = sitePath(`/slots/${ids.slotName}`);
const ORIGINAL = { files: { "index.html": "<h1>v1</h1>" }, appSettings: { VERSION: "1" } };
const CHANGED = { files: { "index.html": "<h1>v2</h1>", "new.txt": "added later" }, appSettings: { VERSION: "2" } };
const OTHER = { files: { "other.html": "other app" }, appSettings: { OTHER: "yes" } };
const HOUR_MS = 3_600_000;
// Short polls: the emulator answers Retry-After 0, the client would otherwise wait its default 2 s.
const POLL = { updateIntervalInMs: 50 };

// Clients written from the REST spec: @azure/arm-appservice 19 (api-version 2025-05-01) with a token from
// the emulator's authority, both over the emulator's TLS with its CA.
describe("emulator App Service restores through the official @azure/arm-appservice client", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let client: WebSiteManagementClient;
    let sas: string;
    let backupId: string;

    before(async () => {
        emulator = await startTestEmulator();
        const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
            authorityHost: emulator.url,
            disableInstanceDiscovery: true,
            tlsOptions: { ca: emulator.caPem },
        });
        client = new WebSiteManagementClient(credential, ids.subscriptionId, { endpoint: emulator.url, tlsOptions: { ca: emulator.caPem } });
    });
    after(() => emulator?.close());
    beforeEach(async () => {
        await emulator.control.reset();
        await seedSite(emulator);
        await emulator.control.putSite(ids.subscriptionId, ids.resourceGroupName, "OtherApp", { content: OTHER });
        await emulator.control.putSiteContent(siteId, ORIGINAL);
        await emulator.control.setAppServiceBehaviour({ backupPhaseMs: 20, deletePhaseMs: 20, restoreMs: 250, restoreRetryAfterSeconds: 0 });
        const container = uniqueContainerName();
        await emulator.control.createContainer(container);
        sas = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + HOUR_MS) });
        backupId = await takeBackup();
        // The source changes after its backup, so "untouched" differs from the backup's content.
        await emulator.control.putSiteContent(siteId, CHANGED);
        await emulator.control.clearRequests();
    });

    async function takeBackup(): Promise<string> {
        const token = await fetchToken(emulator);
        const started = await send(emulator, "POST", `${siteId}/backup?api-version=${API_VERSION}`, { token, body: { properties: { storageAccountUrl: sas } } });
        await emulator.control.waitForBackup(siteId, started.json.properties.id, ["Succeeded"]);
        return String(started.json.properties.id);
    }

    // The poller polled while the restore ran and read the final Location answer.
    async function assertPolledToTheEnd(): Promise<void> {
        const log = await emulator.control.getRequests();
        assert.equal(log.byOperation["WebApps.Restore"].count, 1);
        assert.ok(log.byOperation["WebApps.GetRestoreOperationStatus"]?.count >= 1, "Azure-AsyncOperation polled");
        assert.ok(log.byOperation["WebApps.GetRestoreOperationResult"]?.count >= 1, "final GET on Location");
    }

    it("restores into another app with the request sent to that app's URL (overwrite: false)", async () => {
        await client.webApps.beginRestoreAndWait(ids.resourceGroupName, "OtherApp", backupId, { storageAccountUrl: sas, overwrite: false, siteName: "OtherApp" }, POLL);
        assert.deepEqual(await emulator.control.getSiteContent(otherSiteId), ORIGINAL);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), CHANGED, "the source is untouched");
        await assertPolledToTheEnd();
    });

    it("restores into another app with the request sent to the source's URL and siteName naming the target", async () => {
        await client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: sas, overwrite: false, siteName: "OtherApp" }, POLL);
        assert.deepEqual(await emulator.control.getSiteContent(otherSiteId), ORIGINAL);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), CHANGED, "the source is untouched");
        await assertPolledToTheEnd();
    });

    it("restores into a slot named 'app(slot)' from the source's URL", async () => {
        await client.webApps.beginRestoreAndWait(
            ids.resourceGroupName,
            ids.siteName,
            backupId,
            { storageAccountUrl: sas, overwrite: false, siteName: `${ids.siteName}(${ids.slotName})` },
            POLL,
        );
        assert.deepEqual(await emulator.control.getSiteContent(slotId), ORIGINAL);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), CHANGED, "production is untouched");
    });

    it("restores over the source itself with overwrite: true", async () => {
        await client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: sas, overwrite: true, siteName: ids.siteName }, POLL);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), ORIGINAL);
        assert.deepEqual(await emulator.control.getSiteContent(otherSiteId), OTHER);
    });

    it("throws a 404 RestError when siteName names no app of the subscription, and restores nothing", async () => {
        const error = await rejection(
            client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: sas, overwrite: false, siteName: "NoSuchApp" }, POLL),
        );
        assert.equal(error.name, "RestError");
        assert.equal(error.statusCode, 404);
        assert.equal(error.code, "NotFound");
        assert.match(error.message, /Cannot find Site with name 'NoSuchApp' in subscription/);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), CHANGED);
        assert.deepEqual(await emulator.control.getSiteContent(otherSiteId), OTHER);
    });

    it("throws the 409 when restoring over the source without overwrite", async () => {
        const error = await rejection(client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: sas, overwrite: false }, POLL));
        assert.equal(error.statusCode, 409);
        assert.equal(error.code, "Conflict");
    });

    it("surfaces a failed restore operation as an error carrying the operation's message", async () => {
        await emulator.control.forceOutcome({ kind: "restore", outcome: "Failed", log: "The site is being migrated." });
        const error = await rejection(
            client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: sas, overwrite: false, siteName: "OtherApp" }, POLL),
        );
        assert.match(error.message, /The site is being migrated\./);
        assert.deepEqual(await emulator.control.getSiteContent(otherSiteId), OTHER);
    });
});

interface ClientError extends Error {
    statusCode?: number;
    code?: string;
}

async function rejection(promise: Promise<unknown>): Promise<ClientError> {
    try {
        await promise;
    } catch (error) {
        return error as ClientError;
    }
    assert.fail("expected the client to throw");
}
