import * as assert from "node:assert/strict";
import { API_VERSION, FAKE_SAS, fetchToken, ids, seedSite, send, sitePath, startTestEmulator } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";

describe("emulator ARM conventions", function () {
    const world = useSiteWorld({ token: true });

    const list = (path: string) => send(world.emulator, "POST", path, { token: world.token });

    describe("api-version", function () {
        it("is required: 400 MissingApiVersionParameter", async () => {
            const response = await list(sitePath("/config/backup/list"));
            assert.equal(response.status, 400);
            assert.deepEqual(response.json, {
                error: {
                    code: "MissingApiVersionParameter",
                    message: "The api-version query parameter (?api-version=) is required for all requests.",
                    details: [],
                    additionalInfo: [],
                },
            });
        });

        it("must be supported: 400 NoRegisteredProviderFound listing the supported versions", async () => {
            const response = await list(sitePath("/config/backup/list?api-version=2015-08-01"));
            assert.equal(response.status, 400);
            assert.equal(response.json.error.code, "NoRegisteredProviderFound");
            assert.equal(
                response.json.error.message,
                "No registered resource provider found for location 'westeurope' and API version '2015-08-01' for type 'sites/config'. " +
                    "The supported api-versions are '2024-11-01, 2025-03-01, 2025-05-01, 2026-03-15, 2026-09-01'.",
            );
        });

        it("accepts every configured version, and only those when configured", async () => {
            const custom = await startTestEmulator({ apiVersions: { web: ["2030-01-01"] } });
            try {
                await seedSite(custom);
                const customToken = await fetchToken(custom);
                const ok = await send(custom, "POST", sitePath("/config/backup/list?api-version=2030-01-01"), { token: customToken });
                assert.equal(ok.status, 404); // past the version check: no schedule yet
                const refused = await send(custom, "POST", sitePath(`/config/backup/list?api-version=${API_VERSION}`), { token: customToken });
                assert.equal(refused.json.error.code, "NoRegisteredProviderFound");
            } finally {
                await custom.close();
            }
        });
    });

    describe("headers", function () {
        it("every answer, errors included, carries request ids; client ids are echoed", async () => {
            for (const path of [sitePath(`/config/backup/list?api-version=${API_VERSION}`), sitePath("/config/backup/list")]) {
                const response = await send(world.emulator, "POST", path, {
                    token: world.token,
                    headers: { "x-ms-client-request-id": "client-1", "x-ms-correlation-request-id": "corr-1" },
                });
                assert.match(String(response.headers["x-ms-request-id"]), /^[0-9a-f-]{36}$/);
                assert.equal(response.headers["x-ms-correlation-request-id"], "corr-1");
                assert.equal(response.headers["x-ms-client-request-id"], "client-1");
                assert.match(String(response.headers["x-ms-routing-request-id"]), /^LOCAL:\d{8}T\d{6}Z:[0-9a-f-]{36}$/);
            }
        });

        it("generates a correlation id when the client sends none", async () => {
            const response = await list(sitePath(`/config/backup/list?api-version=${API_VERSION}`));
            assert.match(String(response.headers["x-ms-correlation-request-id"]), /^[0-9a-f-]{36}$/);
        });

        it("counts down the read/write/delete quota headers by method", async () => {
            const put = () =>
                send(world.emulator, "PUT", sitePath(`/config/backup?api-version=${API_VERSION}`), { token: world.token, body: { properties: { storageAccountUrl: FAKE_SAS } } });
            const first = Number((await put()).headers["x-ms-ratelimit-remaining-subscription-writes"]);
            const second = Number((await put()).headers["x-ms-ratelimit-remaining-subscription-writes"]);
            assert.equal(second, first - 1);
            const deleted = await send(world.emulator, "DELETE", sitePath(`/config/backup?api-version=${API_VERSION}`), { token: world.token });
            assert.ok(Number(deleted.headers["x-ms-ratelimit-remaining-subscription-deletes"]) > 0);
            const read = await send(world.emulator, "GET", sitePath(`/config/backup?api-version=${API_VERSION}`), { token: world.token });
            assert.ok(Number(read.headers["x-ms-ratelimit-remaining-subscription-reads"]) > 0);
        });
    });

    describe("not found", function () {
        it("404 SubscriptionNotFound", async () => {
            const other = "99999999-8888-7777-6666-555555555555";
            const response = await list(`/subscriptions/${other}/resourceGroups/rg/providers/Microsoft.Web/sites/x/config/backup/list?api-version=${API_VERSION}`);
            assert.equal(response.status, 404);
            assert.equal(response.json.error.code, "SubscriptionNotFound");
            assert.equal(response.json.error.message, `The subscription '${other}' could not be found.`);
        });

        it("400 InvalidSubscriptionId for a subscription that is not a GUID", async () => {
            const response = await list(`/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Web/sites/x/config/backup/list?api-version=${API_VERSION}`);
            assert.equal(response.status, 400);
            assert.equal(response.json.error.code, "InvalidSubscriptionId");
        });

        it("404 ResourceGroupNotFound", async () => {
            const response = await list(sitePath(`/config/backup/list?api-version=${API_VERSION}`, { resourceGroupName: "missing-rg" }));
            assert.equal(response.status, 404);
            assert.equal(response.json.error.code, "ResourceGroupNotFound");
            assert.equal(response.json.error.message, "Resource group 'missing-rg' could not be found.");
        });

        it("404 ResourceNotFound for a missing site", async () => {
            const response = await list(sitePath(`/config/backup/list?api-version=${API_VERSION}`, { siteName: "ghost" }));
            assert.equal(response.status, 404);
            assert.equal(response.json.error.code, "ResourceNotFound");
            assert.equal(
                response.json.error.message,
                `The Resource 'Microsoft.Web/sites/ghost' under resource group '${ids.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
            );
        });

        it("404 ResourceNotFound for a missing slot", async () => {
            const response = await list(sitePath(`/slots/ghost/config/backup/list?api-version=${API_VERSION}`));
            assert.equal(response.json.error.code, "ResourceNotFound");
            assert.match(response.json.error.message, new RegExp(`'Microsoft.Web/sites/${ids.siteName}/slots/ghost'`));
        });

        it("404 InvalidResourceType for an unknown Microsoft.Web route", async () => {
            const response = await send(world.emulator, "GET", sitePath(`/unknownThing?api-version=${API_VERSION}`), { token: world.token });
            assert.equal(response.status, 404);
            assert.equal(response.json.error.code, "InvalidResourceType");
            assert.match(response.json.error.message, /'sites\/unknownThing' could not be found in the namespace 'Microsoft.Web'/);
        });

        it("404 InvalidResourceNamespace for a namespace the emulator does not serve", async () => {
            const response = await send(world.emulator, "GET", `/subscriptions/${ids.subscriptionId}/providers/Microsoft.Nope/things?api-version=1`, { token: world.token });
            assert.equal(response.status, 404);
            assert.equal(response.json.error.code, "InvalidResourceNamespace");
        });
    });

    it("405 for a method the route does not support (there is no GET of config/backup)", async () => {
        const response = await send(world.emulator, "GET", sitePath(`/config/backup?api-version=${API_VERSION}`), { token: world.token });
        assert.equal(response.status, 405);
        assert.equal(response.json.error.code, "HttpMethodNotAllowed");
        assert.equal(response.headers.allow, "PUT, DELETE");
    });

    it("400 InvalidRequestContent for a body that is not JSON", async () => {
        const response = await send(world.emulator, "PUT", sitePath(`/config/backup?api-version=${API_VERSION}`), { token: world.token, rawBody: "{not json" });
        assert.equal(response.status, 400);
        assert.equal(response.json.error.code, "InvalidRequestContent");
        assert.match(response.json.error.message, /^The request content was invalid and could not be deserialized: '/);
    });

    it("matches names case-insensitively, accepts /Subscriptions/ and percent-encoded segments", async () => {
        const put = await send(world.emulator, "PUT", sitePath(`/config/backup?api-version=${API_VERSION}`), { token: world.token, body: { properties: { storageAccountUrl: FAKE_SAS } } });
        assert.equal(put.status, 200);
        const odd = `/Subscriptions/${ids.subscriptionId}/RESOURCEGROUPS/backup-rg/Providers/microsoft.web/SITES/%6D%79%61%70%70/Config/Backup/List?api-version=${API_VERSION}`;
        const response = await list(odd);
        assert.equal(response.status, 200);
        assert.equal(response.json.id, `/subscriptions/${ids.subscriptionId}/resourceGroups/${ids.resourceGroupName}/providers/Microsoft.Web/sites/${ids.siteName}/config/backup`);
    });

    it("decodes %3B in names", async () => {
        await world.emulator.control.putSite(ids.subscriptionId, ids.resourceGroupName, "odd;name");
        const put = await send(world.emulator, "PUT", sitePath(`/config/backup?api-version=${API_VERSION}`, { siteName: "odd%3Bname" }), {
            token: world.token,
            body: { properties: { storageAccountUrl: FAKE_SAS } },
        });
        assert.equal(put.status, 200);
        assert.match(put.json.id, /\/sites\/odd;name\/config\/backup$/);
    });
});
