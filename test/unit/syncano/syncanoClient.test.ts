import * as assert from "node:assert/strict";
import { isTransportError } from "../../../provider/core/errors";
import { listAll } from "../../../provider/syncano/api";
import { configureSyncano, resolveSyncanoApiKey, syncanoApiKeyConfigKey } from "../../../provider/syncano/syncanoApiKey";
import { createSyncanoClient } from "../../../provider/syncano/syncanoClient";
import { accountLimitOf, isAccountLimitRefusal, isActiveBackupRefusal, isSyncanoError, parseSyncanoErrorBody, type SyncanoError } from "../../../provider/syncano/syncanoError";
import { resolveSyncanoSettings } from "../../../provider/syncano/syncanoSettings";
import { capturingLogger } from "../core/support/fakes";
import { json, startHttpsServer, testCertificate, type TestHandler, type TestServer } from "../core/support/testServer";

const apiKey = "0123456789abcdef0123456789abcdef01234567";
const fastRetry = { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 3 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    assert.fail("expected a rejection");
}

describe("Syncano client", () => {
    const servers: TestServer[] = [];
    const savedKey = process.env.SYNCANO_API_KEY;
    before(() => {
        process.env.SYNCANO_API_KEY = apiKey;
    });
    after(async () => {
        if (savedKey === undefined) delete process.env.SYNCANO_API_KEY;
        else process.env.SYNCANO_API_KEY = savedKey;
        configureSyncano({ get: () => undefined, require: () => "" });
        await Promise.all(servers.map((s) => s.close()));
    });
    async function serve(handler: TestHandler): Promise<TestServer> {
        const server = await startHttpsServer(handler);
        servers.push(server);
        return server;
    }
    const clientFor = (server: TestServer, logger = capturingLogger()) => createSyncanoClient({ baseUrl: server.origin, caFile: testCertificate().caFile }, { retry: fastRetry, logger });

    it("sends the account key in X-API-KEY over https, JSON in and out", async () => {
        const server = await serve((_req, res, recorded) => json(res, 201, { id: 1, status: "scheduled", echo: JSON.parse(recorded.body) }));
        const response = await clientFor(server).send<{ echo: unknown }>({ method: "POST", path: "/v1/instances/shop/backups/full/", body: { label: "x" }, operation: "FullBackups.Create" });
        assert.deepEqual(response.body.echo, { label: "x" });
        const [request] = server.requests;
        assert.equal(request.url, "/v1/instances/shop/backups/full/");
        assert.equal(request.headers["x-api-key"], apiKey);
        assert.equal(request.headers["content-type"], "application/json");
        assert.match(String(request.headers["user-agent"]), /^declarative-backups node\//);
    });

    it("takes the key from the stack config first, then SYNCANO_API_KEY", () => {
        assert.equal(resolveSyncanoApiKey(), apiKey);
        configureSyncano({ get: (key: string) => (key === syncanoApiKeyConfigKey ? "fedcba9876543210fedcba9876543210fedcba98" : undefined), require: () => "" });
        assert.equal(resolveSyncanoApiKey(), "fedcba9876543210fedcba9876543210fedcba98");
        configureSyncano({ get: () => undefined, require: () => "" });
        assert.equal(resolveSyncanoApiKey(), apiKey);
        assert.throws(() => resolveSyncanoApiKey({}), /no Syncano account key: run `pulumi config set --secret declarative-backups:syncanoApiKey <key>`, or set SYNCANO_API_KEY/);
    });

    it("waits what a 429's Retry-After asks, then retries, POST included", async () => {
        const server = await serve((_req, res, _recorded, index) =>
            index === 0 ? json(res, 429, { detail: "Request was throttled. Expected available in 1 second." }, { "retry-after": "1" }) : json(res, 201, { id: 2 }),
        );
        const started = Date.now();
        const response = await clientFor(server).send({ method: "POST", path: "/v1/instances/shop/backups/full/", body: {}, operation: "FullBackups.Create" });
        assert.equal(response.status, 201);
        assert.equal(server.requests.length, 2);
        assert.ok(Date.now() - started >= 950, "waited the second Retry-After asked for");
    });

    it("retries 5xx for GET and DELETE, never for POST (the server may have acted on it)", async () => {
        const flaky = await serve((_req, res, _recorded, index) => (index < 2 ? json(res, 503 + (index % 2) * -3, { detail: "boom" }) : json(res, 200, { id: 3 })));
        assert.equal((await clientFor(flaky).send<{ id: number }>({ method: "GET", path: "/v1/backups/full/3/", operation: "FullBackups.Get" })).body.id, 3);
        assert.equal(flaky.requests.length, 3);

        const failing = await serve((_req, res) => json(res, 500, { detail: "Internal error" }));
        const error = (await rejection(clientFor(failing).send({ method: "POST", path: "/v1/instances/shop/backups/full/", body: {}, operation: "FullBackups.Create" }))) as SyncanoError;
        assert.ok(isSyncanoError(error));
        assert.equal(error.statusCode, 500);
        assert.equal(failing.requests.length, 1);
    });

    it("retries a reset connection for GET, not for POST", async () => {
        let resets = 0;
        const server = await serve((req, res) => {
            if (resets++ % 2 === 0) return req.socket.destroy();
            json(res, 200, { ok: true });
        });
        assert.deepEqual((await clientFor(server).send({ method: "GET", path: "/v1/backups/full/", operation: "FullBackups.List" })).body, { ok: true });
        resets = 0;
        const error = await rejection(clientFor(server).send({ method: "POST", path: "/v1/instances/shop/restores/", body: { backup: 1 }, operation: "Restores.Create" }));
        assert.ok(isTransportError(error), String(error));
    });

    it("keeps the key out of errors and log lines, even when the server echoes it", async () => {
        resolveSyncanoApiKey(); // registers the key with the redactor, as the provider does
        const server = await serve((_req, res) => json(res, 403, { detail: `No such API Key: ${apiKey}` }));
        const logger = capturingLogger();
        const previous = process.env.DECLARATIVE_BACKUPS_LOG;
        process.env.DECLARATIVE_BACKUPS_LOG = "debug";
        try {
            const error = (await rejection(clientFor(server, logger).send({ method: "GET", path: "/v1/backups/full/", query: { api_key: apiKey }, operation: "FullBackups.List" }))) as SyncanoError;
            assert.equal(error.code, "Forbidden");
            assert.match(error.message, /^FullBackups\.List failed: 403 Forbidden: No such API Key: REDACTED$/);
            assert.ok(!error.message.includes(apiKey) && !(error.detail ?? "").includes(apiKey));
            assert.ok(!String(error.stack).includes(apiKey));
        } finally {
            if (previous === undefined) delete process.env.DECLARATIVE_BACKUPS_LOG;
            else process.env.DECLARATIVE_BACKUPS_LOG = previous;
        }
        assert.ok(logger.lines.length > 0);
        for (const line of logger.lines) assert.ok(!line.includes(apiKey), line);
    });

    it("follows `next` across pages, and never to another origin", async () => {
        const server = await serve((req, res) => {
            const url = new URL(req.url ?? "/", "https://x");
            if (!url.searchParams.has("last_pk")) json(res, 200, { next: "/v1/backups/full/?direction=1&last_pk=2&page_size=2", prev: null, objects: [{ id: 1 }, { id: 2 }] });
            else json(res, 200, { next: null, prev: null, objects: [{ id: 3 }] });
        });
        const ids = (await listAll<{ id: number }>(clientFor(server), "/v1/backups/full/", "FullBackups.List")).map((b) => b.id);
        assert.deepEqual(ids, [1, 2, 3]);
        const error = await rejection(clientFor(server).send({ method: "GET", path: "https://elsewhere.example/v1/backups/full/", operation: "FullBackups.List" }));
        assert.match(String(error), /refusing to send the account key to https:\/\/elsewhere\.example/);
    });

    it("reads DRF error bodies and recognizes the backup limits", async () => {
        assert.deepEqual(parseSyncanoErrorBody('{"query_args":["This field is required."]}'), { fieldErrors: { query_args: ["This field is required."] } });
        assert.deepEqual(parseSyncanoErrorBody('{"non_field_errors":["You have to provide either backup or archive."]}'), { fieldErrors: { non_field_errors: ["You have to provide either backup or archive."] } });
        assert.equal(parseSyncanoErrorBody("<html>oops</html>"), undefined);
        const server = await serve((_req, res, _r, index) =>
            json(res, 400, { detail: index === 0 ? "You can have only one active backup running." : "Maximum number of backups per account reached (25)." }),
        );
        const active = await rejection(clientFor(server).send({ method: "POST", path: "/v1/instances/shop/backups/full/", body: {}, operation: "FullBackups.Create" }));
        assert.ok(isActiveBackupRefusal(active));
        const limit = await rejection(clientFor(server).send({ method: "POST", path: "/v1/instances/shop/backups/full/", body: {}, operation: "FullBackups.Create" }));
        assert.ok(isAccountLimitRefusal(limit));
        assert.equal(accountLimitOf(limit), 25);
    });

    it("wants an https API URL", () => {
        assert.equal(resolveSyncanoSettings({}).baseUrl, "https://api.syncano.io");
        assert.deepEqual(resolveSyncanoSettings({ DECLARATIVE_BACKUPS_SYNCANO_URL: "https://127.0.0.1:8443/", DECLARATIVE_BACKUPS_CA_FILE: "/tmp/ca.pem" }), { baseUrl: "https://127.0.0.1:8443", caFile: "/tmp/ca.pem" });
        assert.throws(() => resolveSyncanoSettings({ DECLARATIVE_BACKUPS_SYNCANO_URL: "http://api.example" }), /DECLARATIVE_BACKUPS_SYNCANO_URL must be an https URL/);
    });
});
