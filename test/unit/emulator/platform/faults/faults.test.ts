import * as assert from "node:assert/strict";
import { API_VERSION, FAKE_SAS, fetchToken, ids, postTokenForm, send, sitePath } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";

describe("emulator fault injection", function () {
    const world = useSiteWorld({ token: true });
    const listPath = sitePath(`/config/backup/list?api-version=${API_VERSION}`);
    const putPath = sitePath(`/config/backup?api-version=${API_VERSION}`);

    beforeEach(() => world.emulator.control.clearRequests());

    const list = () => send(world.emulator, "POST", listPath, { token: world.token });

    it("429 for the next N matching requests, with Retry-After and ARM's throttling envelope", async () => {
        const rule = await world.emulator.control.addFault({ kind: "429", count: 2, retryAfterSeconds: 3 });
        assert.ok(rule.id);
        for (let i = 0; i < 2; i++) {
            const response = await list();
            assert.equal(response.status, 429);
            assert.equal(response.headers["retry-after"], "3");
            assert.equal(response.json.error.code, "SubscriptionRequestsThrottled");
            assert.match(response.json.error.message, new RegExp(`subscription '${ids.subscriptionId}'`));
            assert.equal(response.headers["x-ms-ratelimit-remaining-subscription-writes"], "0");
            assert.ok(response.headers["x-ms-request-id"]);
        }
        assert.equal((await list()).status, 404, "the third request reaches the route");
        assert.deepEqual(await world.emulator.control.listFaults(), [], "a spent rule retires");
    });

    it("500 InternalServerError", async () => {
        await world.emulator.control.addFault({ kind: "500", count: 1 });
        const response = await list();
        assert.equal(response.status, 500);
        assert.equal(response.json.error.code, "InternalServerError");
    });

    it("503 ServiceUnavailable with Retry-After (default 1 s)", async () => {
        await world.emulator.control.addFault({ kind: "503", count: 1 });
        const response = await list();
        assert.equal(response.status, 503);
        assert.equal(response.json.error.code, "ServiceUnavailable");
        assert.equal(response.headers["retry-after"], "1");
    });

    it("reset drops the connection without an answer", async () => {
        await world.emulator.control.addFault({ kind: "reset", count: 1 });
        await assert.rejects(list(), (error: NodeJS.ErrnoException) => {
            assert.match(`${error.code} ${error.message}`, /ECONNRESET|socket hang up/);
            return true;
        });
        assert.equal((await list()).status, 404);
        const requests = await world.emulator.control.getRequests();
        const op = requests.byOperation["WebApps.GetBackupConfiguration"];
        assert.deepEqual(op.statuses, { none: 1, "404": 1 });
        assert.equal(op.faults, 1);
    });

    it("resetAfter lets the route act, then drops the connection before the answer", async () => {
        await world.emulator.control.addFault({ kind: "resetAfter", method: "PUT", count: 1 });
        await assert.rejects(send(world.emulator, "PUT", putPath, { token: world.token, body: { properties: { storageAccountUrl: FAKE_SAS } } }), (error: NodeJS.ErrnoException) => {
            assert.match(`${error.code} ${error.message}`, /ECONNRESET|socket hang up/);
            return true;
        });
        // The client saw nothing, yet the configuration was stored.
        assert.equal((await world.emulator.control.getBackupConfiguration(sitePath())).properties.storageAccountUrl, FAKE_SAS);
        assert.equal((await world.emulator.control.getRequests()).entries.at(-1)?.fault, "resetAfter");
    });

    it("latency delays the request, which then proceeds normally", async () => {
        await world.emulator.control.addFault({ kind: "latency", latencyMs: 300, count: 1 });
        const started = Date.now();
        const response = await list();
        assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
        assert.equal(response.status, 404);
        assert.equal((await world.emulator.control.getRequests()).entries.at(-1)?.fault, "latency");
    });

    it("a rate hits a deterministic share of requests for a given seed", async () => {
        const pattern = async () => {
            await world.emulator.control.clearFaults();
            await world.emulator.control.addFault({ kind: "500", rate: 0.3, seed: 42 });
            const statuses: number[] = [];
            for (let i = 0; i < 40; i++) statuses.push((await list()).status);
            return statuses;
        };
        const first = await pattern();
        const second = await pattern();
        assert.deepEqual(first, second);
        const failures = first.filter((status) => status === 500).length;
        assert.ok(failures > 4 && failures < 24, `${failures} of 40 failed`);
        const [rule] = await world.emulator.control.listFaults();
        assert.equal(rule.matched, 40);
        assert.equal(rule.injected, failures);
    });

    it("rate 0 never fires and rate 1 always does", async () => {
        await world.emulator.control.addFault({ kind: "500", rate: 0 });
        assert.equal((await list()).status, 404);
        await world.emulator.control.clearFaults();
        await world.emulator.control.addFault({ kind: "500", rate: 1 });
        assert.equal((await list()).status, 500);
        assert.equal((await list()).status, 500);
    });

    it("filters by method and by path pattern (case-insensitive, on the decoded path)", async () => {
        await world.emulator.control.addFault({ kind: "503", method: "PUT" });
        assert.equal((await list()).status, 404, "POST is not faulted");
        assert.equal((await send(world.emulator, "PUT", putPath, { token: world.token, body: { properties: { storageAccountUrl: FAKE_SAS } } })).status, 503);
        await world.emulator.control.clearFaults();
        await world.emulator.control.addFault({ kind: "503", pathPattern: "/SLOTS/staging/config/backup/list$" });
        assert.equal((await list()).status, 404, "the site path does not match");
        assert.equal((await send(world.emulator, "POST", sitePath(`/slots/Staging/config/backup/list?api-version=${API_VERSION}`), { token: world.token })).status, 503);
    });

    it("without a pathPattern leaves token routes alone; with a matching one reaches them", async () => {
        await world.emulator.control.addFault({ kind: "500" });
        assert.ok(await fetchToken(world.emulator), "token still issued");
        await world.emulator.control.clearFaults();
        await world.emulator.control.addFault({ kind: "429", pathPattern: "/oauth2/v2.0/token$", count: 1, retryAfterSeconds: 2 });
        const response = await postTokenForm(world.emulator, {
            grant_type: "client_credentials",
            client_id: world.emulator.clientId,
            client_secret: world.emulator.clientSecret,
            scope: "https://management.azure.com/.default",
        });
        assert.equal(response.status, 429);
        assert.equal(response.json.error, "temporarily_unavailable");
        assert.equal(response.headers["retry-after"], "2");
    });

    it("never touches the control API", async () => {
        await world.emulator.control.addFault({ kind: "500", pathPattern: ".*" });
        assert.equal((await world.emulator.control.health()).status, "ok");
    });

    it("faults come before auth and api-version checks", async () => {
        await world.emulator.control.addFault({ kind: "503", count: 1 });
        assert.equal((await send(world.emulator, "POST", sitePath("/config/backup/list"))).status, 503);
    });

    it("lists, deletes one and clears all rules", async () => {
        const a = await world.emulator.control.addFault({ kind: "500", pathPattern: "nothing-matches-this" });
        const b = await world.emulator.control.addFault({ kind: "503", pathPattern: "nor-this" });
        assert.deepEqual((await world.emulator.control.listFaults()).map((r) => r.id), [a.id, b.id]);
        await world.emulator.control.deleteFault(a.id);
        assert.deepEqual((await world.emulator.control.listFaults()).map((r) => r.id), [b.id]);
        await assert.rejects(world.emulator.control.deleteFault(a.id), /404/);
        assert.equal(await world.emulator.control.clearFaults(), 1);
        assert.deepEqual(await world.emulator.control.listFaults(), []);
    });

    it("rejects malformed rules with 400", async () => {
        for (const rule of [{ kind: "418" }, { kind: "500", rate: 2 }, { kind: "500", count: 0 }, { kind: "500", pathPattern: "(" }]) {
            await assert.rejects(world.emulator.control.addFault(rule as never), (error: { status?: number }) => error.status === 400);
        }
    });

    it("counts injected faults in the request log", async () => {
        await world.emulator.control.addFault({ kind: "429", count: 1 });
        await list();
        await list();
        const requests = await world.emulator.control.getRequests();
        assert.equal(requests.faultsInjected, 1);
        assert.equal(requests.byOperation["WebApps.GetBackupConfiguration"].faults, 1);
        assert.deepEqual(requests.byOperation["WebApps.GetBackupConfiguration"].statuses, { "429": 1, "404": 1 });
    });
});
