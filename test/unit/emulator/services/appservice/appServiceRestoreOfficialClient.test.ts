import * as assert from "node:assert/strict";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { emulatorCredential, ids, sitePath } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";
import { CHANGED, ORIGINAL, OTHER, seedRestoreSites, takeSiteBackup } from "./support/restoreFixture";

const siteId = sitePath();
const otherSiteId = sitePath("", { siteName: "OtherApp" });
const slotId = sitePath(`/slots/${ids.slotName}`);
// Short polls: the emulator answers Retry-After 0, the client would otherwise wait its default 2 s.
const POLL = { updateIntervalInMs: 50 };

// Clients written from the REST spec: @azure/arm-appservice 19 (api-version 2025-05-01) with a token from
// the emulator's authority, both over the emulator's TLS with its CA.
describe("emulator App Service restores through the official @azure/arm-appservice client", function () {
    this.timeout(60_000);
    const world = useSiteWorld({ seed: seedRestoreSites, token: true, container: true });
    let client: WebSiteManagementClient;
    let backupId: string;

    before(() => {
        client = new WebSiteManagementClient(emulatorCredential(world.emulator), ids.subscriptionId, { endpoint: world.emulator.url, tlsOptions: { ca: world.emulator.caPem } });
    });
    beforeEach(async () => {
        backupId = String(await takeSiteBackup(world.emulator, world.token, world.sas));
        // The source changes after its backup, so "untouched" differs from the backup's content.
        await world.emulator.control.putSiteContent(siteId, CHANGED);
        await world.emulator.control.clearRequests();
    });

    // The poller polled while the restore ran and read the final Location answer.
    async function assertPolledToTheEnd(): Promise<void> {
        const log = await world.emulator.control.getRequests();
        assert.equal(log.byOperation["WebApps.Restore"].count, 1);
        assert.ok(log.byOperation["WebApps.GetRestoreOperationStatus"]?.count >= 1, "Azure-AsyncOperation polled");
        assert.ok(log.byOperation["WebApps.GetRestoreOperationResult"]?.count >= 1, "final GET on Location");
    }

    it("restores into another app with the request sent to that app's URL (overwrite: false)", async () => {
        await client.webApps.beginRestoreAndWait(ids.resourceGroupName, "OtherApp", backupId, { storageAccountUrl: world.sas, overwrite: false, siteName: "OtherApp" }, POLL);
        assert.deepEqual(await world.emulator.control.getSiteContent(otherSiteId), ORIGINAL);
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), CHANGED, "the source is untouched");
        await assertPolledToTheEnd();
    });

    it("restores into another app with the request sent to the source's URL and siteName naming the target", async () => {
        await client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: world.sas, overwrite: false, siteName: "OtherApp" }, POLL);
        assert.deepEqual(await world.emulator.control.getSiteContent(otherSiteId), ORIGINAL);
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), CHANGED, "the source is untouched");
        await assertPolledToTheEnd();
    });

    it("restores into a slot named 'app(slot)' from the source's URL", async () => {
        await client.webApps.beginRestoreAndWait(
            ids.resourceGroupName,
            ids.siteName,
            backupId,
            { storageAccountUrl: world.sas, overwrite: false, siteName: `${ids.siteName}(${ids.slotName})` },
            POLL,
        );
        assert.deepEqual(await world.emulator.control.getSiteContent(slotId), ORIGINAL);
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), CHANGED, "production is untouched");
    });

    it("restores over the source itself with overwrite: true", async () => {
        await client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: world.sas, overwrite: true, siteName: ids.siteName }, POLL);
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), ORIGINAL);
        assert.deepEqual(await world.emulator.control.getSiteContent(otherSiteId), OTHER);
    });

    it("throws a 404 RestError when siteName names no app of the subscription, and restores nothing", async () => {
        const error = await rejection(
            client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: world.sas, overwrite: false, siteName: "NoSuchApp" }, POLL),
        );
        assert.equal(error.name, "RestError");
        assert.equal(error.statusCode, 404);
        assert.equal(error.code, "NotFound");
        assert.match(error.message, /Cannot find Site with name 'NoSuchApp' in subscription/);
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), CHANGED);
        assert.deepEqual(await world.emulator.control.getSiteContent(otherSiteId), OTHER);
    });

    it("throws the 409 when restoring over the source without overwrite", async () => {
        const error = await rejection(client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: world.sas, overwrite: false }, POLL));
        assert.equal(error.statusCode, 409);
        assert.equal(error.code, "Conflict");
    });

    it("surfaces a failed restore operation as an error carrying the operation's message", async () => {
        await world.emulator.control.forceOutcome({ kind: "restore", outcome: "Failed", log: "The site is being migrated." });
        const error = await rejection(
            client.webApps.beginRestoreAndWait(ids.resourceGroupName, ids.siteName, backupId, { storageAccountUrl: world.sas, overwrite: false, siteName: "OtherApp" }, POLL),
        );
        assert.match(error.message, /The site is being migrated\./);
        assert.deepEqual(await world.emulator.control.getSiteContent(otherSiteId), OTHER);
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
