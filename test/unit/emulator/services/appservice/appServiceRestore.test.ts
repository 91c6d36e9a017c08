import * as assert from "node:assert/strict";
import { API_VERSION, ids, pollUntil, send, sitePath, type TestResponse } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";
import { CHANGED, ORIGINAL, OTHER, seedRestoreSites, takeSiteBackup } from "./support/restoreFixture";

const siteId = sitePath();
const otherSiteId = sitePath("", { siteName: "OtherApp" });
const HOUR_MS = 3_600_000;

describe("emulator App Service restores (asynchronous operations)", function () {
    this.timeout(30_000);
    const world = useSiteWorld({ seed: seedRestoreSites, token: true, container: true });
    let backupId: number;

    beforeEach(async () => {
        backupId = await takeSiteBackup(world.emulator, world.token, world.sas);
    });

    const restore = (properties: Record<string, unknown>, target = siteId, id: number = backupId) =>
        send(world.emulator, "POST", `${target}/backups/${id}/restore?api-version=${API_VERSION}`, { token: world.token, body: { properties } });
    const poll = (absoluteUrl: string) => send(world.emulator, "GET", absoluteUrl.replace(world.emulator.url, ""), { token: world.token });

    it("answers 202 with absolute Azure-AsyncOperation and Location URLs and Retry-After", async () => {
        const accepted = await restore({ storageAccountUrl: world.sas, overwrite: true });
        assert.equal(accepted.status, 202);
        assert.equal(accepted.text, "");
        const asyncOperation = String(accepted.headers["azure-asyncoperation"]);
        const location = String(accepted.headers["location"]);
        assert.match(asyncOperation, new RegExp(`^${world.emulator.url}/subscriptions/${ids.subscriptionId}/providers/Microsoft.Web/sites/MyApp/operationResults/[0-9a-f-]{36}\\?api-version=${API_VERSION}$`));
        assert.match(location, new RegExp(`^${world.emulator.url}/subscriptions/${ids.subscriptionId}/providers/Microsoft.Web/locations/westeurope/operationResults/[0-9a-f-]{36}\\?api-version=${API_VERSION}$`));
        assert.equal(accepted.headers["retry-after"], "0");
        await pollUntil(async () => (await poll(asyncOperation)).json.status, (status) => status !== "InProgress");

        await world.emulator.control.reset();
        assert.equal((await world.emulator.control.getAppServiceBehaviour()).restoreRetryAfterSeconds, 1, "default Retry-After is 1 s");
    });

    it("restores over the backed-up app (overwrite: true): status URL InProgress → Succeeded, Location 202 → 200, content back", async () => {
        await world.emulator.control.putSiteContent(siteId, CHANGED);
        const before = Date.now();
        const accepted = await restore({ storageAccountUrl: world.sas, overwrite: true, siteName: ids.siteName, operationType: "Default" });
        const asyncOperation = String(accepted.headers["azure-asyncoperation"]);
        const location = String(accepted.headers["location"]);

        const running = await poll(asyncOperation);
        assert.equal(running.status, 200);
        assert.equal(running.json.status, "InProgress");
        assert.equal(running.json.name, asyncOperation.split("/operationResults/")[1].split("?")[0]);
        assert.equal(running.json.id, new URL(asyncOperation).pathname);
        assert.ok(Date.parse(running.json.startTime) >= before - 1000);
        const locationRunning = await poll(location);
        assert.equal(locationRunning.status, 202);
        assert.equal(locationRunning.headers["location"], location);
        assert.equal(locationRunning.headers["retry-after"], "0");
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), CHANGED, "nothing changes before the restore ends");

        const statuses = await pollUntil(async () => (await poll(asyncOperation)).json.status as string, (status) => status !== "InProgress");
        assert.equal(statuses[statuses.length - 1], "Succeeded");
        const final = await poll(asyncOperation);
        assert.ok(Date.parse(final.json.endTime) >= Date.parse(final.json.startTime));
        assert.equal(final.json.error, undefined);
        const result = await poll(location);
        assert.equal(result.status, 200, "200, never 204: the official client's poller fails on 204");
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), ORIGINAL);
        const backup = await send(world.emulator, "GET", `${siteId}/backups/${backupId}?api-version=${API_VERSION}`, { token: world.token });
        assert.ok(Date.parse(backup.json.properties.lastRestoreTimeStamp) >= before - 1000);
    });

    it("restores into another app: request sent to its URL with overwrite: false and siteName naming it", async () => {
        const accepted = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "OtherApp" }, otherSiteId);
        assert.equal(accepted.status, 202);
        assert.match(String(accepted.headers["azure-asyncoperation"]), /\/sites\/OtherApp\/operationResults\//);
        await pollUntil(async () => (await poll(String(accepted.headers["location"]))).status, (status) => status !== 202);
        assert.deepEqual(await world.emulator.control.getSiteContent(otherSiteId), ORIGINAL);
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), ORIGINAL, "the source is untouched");
    });

    describe("to the backed-up app's URL with siteName naming another app (the REST spec's form)", () => {
        const settleAll = async (response: TestResponse) => {
            assert.equal(response.status, 202, response.text);
            return settle(String(response.headers["azure-asyncoperation"]));
        };

        it("restores into the named app (overwrite: false) and leaves the source alone", async () => {
            await world.emulator.control.putSiteContent(siteId, CHANGED);
            const accepted = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "otherapp" });
            assert.match(String(accepted.headers["azure-asyncoperation"]), /\/sites\/OtherApp\/operationResults\//, "the operation is the target's");
            assert.equal((await settleAll(accepted)).json.status, "Succeeded");
            assert.equal((await poll(String(accepted.headers["location"]))).status, 200);
            assert.deepEqual(await world.emulator.control.getSiteContent(otherSiteId), ORIGINAL);
            assert.deepEqual(await world.emulator.control.getSiteContent(siteId), CHANGED, "the source is untouched");
        });

        it("names a slot as 'app(slot)' (App Service's spelling) or 'app/slot' (its ARM name)", async () => {
            const slotId = sitePath(`/slots/${ids.slotName}`);
            for (const siteName of [`${ids.siteName}(${ids.slotName})`, `${ids.siteName}/${ids.slotName.toLowerCase()}`]) {
                await world.emulator.control.putSiteContent(slotId, CHANGED);
                await world.emulator.control.putSiteContent(siteId, OTHER);
                assert.equal((await settleAll(await restore({ storageAccountUrl: world.sas, overwrite: false, siteName }))).json.status, "Succeeded", siteName);
                assert.deepEqual(await world.emulator.control.getSiteContent(slotId), ORIGINAL, siteName);
                assert.deepEqual(await world.emulator.control.getSiteContent(siteId), OTHER, `${siteName}: production untouched`);
            }
        });

        it("at a slot's URL the bare app name is that slot; 'app(Production)' is the app", async () => {
            const slotId = sitePath(`/slots/${ids.slotName}`);
            await world.emulator.control.putSiteContent(slotId, ORIGINAL);
            const slotBackup = await takeSiteBackup(world.emulator, world.token, world.sas, slotId);
            await world.emulator.control.putSiteContent(slotId, CHANGED);
            await world.emulator.control.putSiteContent(siteId, OTHER);

            const ownSlot = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: ids.siteName }, slotId, slotBackup);
            assert.equal(ownSlot.status, 409, "the slot is the backup's own app: overwrite needed");
            assert.equal((await settleAll(await restore({ storageAccountUrl: world.sas, overwrite: true, siteName: ids.siteName }, slotId, slotBackup))).json.status, "Succeeded");
            assert.deepEqual(await world.emulator.control.getSiteContent(slotId), ORIGINAL);
            assert.deepEqual(await world.emulator.control.getSiteContent(siteId), OTHER);

            const production = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: `${ids.siteName}(Production)` }, slotId, slotBackup);
            assert.equal((await settleAll(production)).json.status, "Succeeded");
            assert.deepEqual(await world.emulator.control.getSiteContent(siteId), ORIGINAL);
        });

        it("finds the app in another resource group of the subscription, never in another subscription", async () => {
            await world.emulator.control.putResourceGroup(ids.subscriptionId, "Elsewhere-RG");
            await world.emulator.control.putSite(ids.subscriptionId, "Elsewhere-RG", "FarApp", { content: OTHER });
            const farId = sitePath("", { resourceGroupName: "Elsewhere-RG", siteName: "FarApp" });
            assert.equal((await settleAll(await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "FarApp" }))).json.status, "Succeeded");
            assert.deepEqual(await world.emulator.control.getSiteContent(farId), ORIGINAL);

            const otherSubscription = "99999999-2222-3333-4444-555555555555";
            await world.emulator.control.seedSite({ subscriptionId: otherSubscription, resourceGroupName: "rg", siteName: "Foreign" });
            const foreign = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "Foreign" });
            assert.equal(foreign.status, 404);
            assert.equal(foreign.json.error.target, "properties.siteName");
        });

        it("404 in the ARM envelope when the named app (or slot) does not exist", async () => {
            for (const siteName of ["NoSuchApp", `${ids.siteName}(NoSuchSlot)`]) {
                const missing = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName });
                assert.equal(missing.status, 404, siteName);
                assert.deepEqual(missing.json, {
                    error: {
                        code: "NotFound",
                        message: `Cannot find Site with name '${siteName}' in subscription '${ids.subscriptionId}'. properties.siteName names the app to restore into ('app', 'app/slot' or 'app(slot)'); it must exist.`,
                        target: "properties.siteName",
                        details: [],
                        additionalInfo: [],
                    },
                });
                assert.ok(missing.headers["x-ms-request-id"]);
            }
            assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "NoSuchApp" }, siteId, 999_999)).json.error.message, "Cannot find backup with id '999999'.", "the backup is checked first");
        });

        it("overwrite rules follow the target: the backup's own app needs overwrite: true, wherever the request is sent", async () => {
            const intoOwnFromOther = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: ids.siteName }, otherSiteId);
            assert.equal(intoOwnFromOther.status, 409);
            assert.equal(intoOwnFromOther.json.error.target, "properties.overwrite");
            assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: ids.siteName })).status, 409);
            assert.equal((await settleAll(await restore({ storageAccountUrl: world.sas, overwrite: true, siteName: "OtherApp" }))).json.status, "Succeeded", "overwrite: true into another app is fine too");
        });

        it("one restore at a time into the named app", async () => {
            assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "OtherApp" })).status, 202);
            const busy = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "OtherApp" });
            assert.equal(busy.status, 409);
            assert.match(busy.json.error.message, /in progress for the app 'OtherApp'/);
            assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: true })).status, 202, "the source is free");
        });

        it("the same app name in two other resource groups is ambiguous (400)", async () => {
            for (const group of ["RG-A", "RG-B"]) {
                await world.emulator.control.putResourceGroup(ids.subscriptionId, group);
                await world.emulator.control.putSite(ids.subscriptionId, group, "Twin", {});
            }
            const ambiguous = await restore({ storageAccountUrl: world.sas, overwrite: false, siteName: "Twin" });
            assert.equal(ambiguous.status, 400);
            assert.equal(ambiguous.json.error.target, "properties.siteName");
            assert.match(ambiguous.json.error.message, /'RG-A', 'RG-B'/);
        });
    });

    it("refuses what the service refuses, synchronously", async () => {
        const sameAppNoOverwrite = await restore({ storageAccountUrl: world.sas, overwrite: false });
        assert.equal(sameAppNoOverwrite.status, 409);
        assert.equal(sameAppNoOverwrite.json.error.code, "Conflict");
        assert.equal((await restore({ storageAccountUrl: world.sas })).json.error.target, "properties.overwrite");
        assert.equal((await restore({ overwrite: true })).json.error.target, "properties.storageAccountUrl");
        assert.equal((await restore({ storageAccountUrl: "DefaultEndpointsProtocol=https;AccountName=x", overwrite: true })).status, 400);
        assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: true, siteName: "a(b" })).json.error.target, "properties.siteName");
        assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: true, operationType: "Teleport" })).json.error.target, "properties.operationType");
        assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: true }, siteId, 999_999)).status, 404);
        assert.equal((await send(world.emulator, "POST", `${siteId}/backups/${backupId}/restore?api-version=${API_VERSION}`, { token: world.token, body: {} })).status, 400);

        // Not restorable until the run succeeded.
        await world.emulator.control.setAppServiceBehaviour({ backupPhaseMs: 5000 });
        const running = await send(world.emulator, "POST", `${siteId}/backup?api-version=${API_VERSION}`, { token: world.token, body: { properties: { storageAccountUrl: world.sas } } });
        const notYet = await restore({ storageAccountUrl: world.sas, overwrite: true }, siteId, running.json.properties.id);
        assert.equal(notYet.status, 409);
        assert.match(notYet.json.error.message, /'Created'/);

        // One restore into an app at a time.
        assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: true })).status, 202);
        assert.equal((await restore({ storageAccountUrl: world.sas, overwrite: true })).status, 409);
    });

    it("does not find backups of another subscription", async () => {
        const otherSubscription = "99999999-2222-3333-4444-555555555555";
        await world.emulator.control.seedSite({ subscriptionId: otherSubscription, resourceGroupName: "rg", siteName: "elsewhere" });
        const target = `/subscriptions/${otherSubscription}/resourceGroups/rg/providers/Microsoft.Web/sites/elsewhere`;
        const response = await restore({ storageAccountUrl: world.sas, overwrite: false }, target);
        assert.equal(response.status, 404);
        assert.equal(response.json.error.code, "NotFound");
    });

    it("fails the operation when storage refuses the read (write-only SAS): status Failed with error, Location answers the error", async () => {
        const writeOnly = world.emulator.control.containerSasUrl({ container: world.container, permissions: "w", expiresOn: new Date(Date.now() + HOUR_MS) });
        await world.emulator.control.putSiteContent(siteId, CHANGED);
        const accepted = await restore({ storageAccountUrl: writeOnly, overwrite: true });
        assert.equal(accepted.status, 202);
        const final = await settle(String(accepted.headers["azure-asyncoperation"]));
        assert.equal(final.json.status, "Failed");
        assert.deepEqual(final.json.error, {
            code: "StorageAccessFailed",
            message: "Storage access failed. The remote server returned an error: (403) Forbidden.",
        });
        const result = await poll(String(accepted.headers["location"]));
        assert.equal(result.status, 400);
        assert.equal(result.json.error.code, "StorageAccessFailed");
        assert.deepEqual(await world.emulator.control.getSiteContent(siteId), CHANGED, "nothing restored");
        assert.ok(!final.text.includes("sig="));
    });

    it("fails when the named blob is missing, or is not a backup", async () => {
        const missing = await restore({ storageAccountUrl: world.sas, overwrite: true, blobName: "nope.zip" });
        assert.match((await settle(String(missing.headers["azure-asyncoperation"]))).json.error.message, /\(404\) Not Found/);
        // Another blob in the container that is not a backup archive.
        const other = await send(world.emulator, "POST", `${siteId}/backup?api-version=${API_VERSION}`, { token: world.token, body: { properties: { storageAccountUrl: world.sas } } });
        const blobName = (await world.emulator.control.waitForBackup(siteId, other.json.properties.id, ["Succeeded"])).properties.blobName;
        await world.emulator.control.deleteBlob(world.container, blobName);
        const { BlobTransfer } = await import("../../../../../emulator/services/storage/blobTransfer");
        await new BlobTransfer({ caPem: world.emulator.caPem }).putBlob(world.sas, blobName, Buffer.from("not a zip"));
        const invalid = await restore({ storageAccountUrl: world.sas, overwrite: true }, siteId, other.json.properties.id);
        const failed = await settle(String(invalid.headers["azure-asyncoperation"]));
        assert.equal(failed.json.error.code, "InvalidBackupArchive");
    });

    it("forced restore failure", async () => {
        await world.emulator.control.forceOutcome({ kind: "restore", outcome: "Failed", log: "The site is being migrated." });
        const accepted = await restore({ storageAccountUrl: world.sas, overwrite: true });
        const final = await settle(String(accepted.headers["azure-asyncoperation"]));
        assert.deepEqual(final.json.error, { code: "RestoreFailed", message: "The site is being migrated." });
        assert.equal((await poll(String(accepted.headers["location"]))).json.error.message, "The site is being migrated.");
    });

    it("poll URLs: unknown operations 404, counted in the request log, faults apply", async () => {
        const accepted = await restore({ storageAccountUrl: world.sas, overwrite: true });
        const asyncOperation = String(accepted.headers["azure-asyncoperation"]);
        const unknown = asyncOperation.replace(/operationResults\/[0-9a-f-]+/, "operationResults/00000000-0000-0000-0000-000000000000");
        assert.equal((await poll(unknown)).status, 404);
        assert.equal((await poll(asyncOperation.replace("/sites/MyApp/", "/sites/OtherApp/"))).status, 404);
        await world.emulator.control.addFault({ pathPattern: "operationResults", kind: "500", count: 1 });
        assert.equal((await poll(asyncOperation)).status, 500);
        await settle(asyncOperation);
        const log = await world.emulator.control.getRequests();
        assert.equal(log.byOperation["WebApps.Restore"].count, 1);
        assert.ok(log.byOperation["WebApps.GetRestoreOperationStatus"].count >= 2);
        assert.equal(log.byOperation["WebApps.GetRestoreOperationStatus"].faults, 1);
    });

    it("a slot can be restored from its own backup", async () => {
        const slotId = sitePath(`/slots/${ids.slotName}`);
        await world.emulator.control.putSiteContent(slotId, ORIGINAL);
        const id = await takeSiteBackup(world.emulator, world.token, world.sas, slotId);
        await world.emulator.control.putSiteContent(slotId, CHANGED);
        const accepted = await restore({ storageAccountUrl: world.sas, overwrite: true }, slotId, id);
        assert.match(String(accepted.headers["azure-asyncoperation"]), /\/sites\/MyApp\/slots\/Staging\/operationResults\//);
        assert.equal((await settle(String(accepted.headers["azure-asyncoperation"]))).json.status, "Succeeded");
        assert.deepEqual(await world.emulator.control.getSiteContent(slotId), ORIGINAL);
    });

    async function settle(asyncOperationUrl: string): Promise<TestResponse> {
        let last: TestResponse | undefined;
        await pollUntil(
            async () => {
                last = await poll(asyncOperationUrl);
                return last.json?.status as string;
            },
            (status) => status === "Succeeded" || status === "Failed",
        );
        return last!;
    }
});
