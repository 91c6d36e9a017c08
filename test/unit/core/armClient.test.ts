import * as assert from "node:assert/strict";
import { createArmClient, getArmClient, type ArmClientOptions } from "../../../provider/core/arm/armClient";
import { isArmError } from "../../../provider/core/arm/armError";
import { resolveAzureSettings, type AzureSettings } from "../../../provider/core/azureSettings";
import { isInsecureConnectionError, isInvalidRequestError, isTransportError, type TransportError } from "../../../provider/core/errors";
import { capturingLogger, fakeCredential } from "./support/fakes";
import { closedPort, json, startHttpServer, startHttpsServer, testCertificate, type TestHandler, type TestServer } from "./support/testServer";

const fastRetry = { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 3 };
const path = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app1/config/backup";

function settingsFor(server: { origin: string }): AzureSettings {
    return resolveAzureSettings({}, { armEndpoint: server.origin, caFile: testCertificate().caFile });
}

function clientFor(server: { origin: string }, options: ArmClientOptions = {}) {
    return createArmClient(settingsFor(server), { credential: fakeCredential(), logger: capturingLogger(), retry: fastRetry, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    assert.fail("expected a rejection");
}

describe("ARM client", () => {
    const servers: TestServer[] = [];
    async function serve(handler: TestHandler): Promise<TestServer> {
        const server = await startHttpsServer(handler);
        servers.push(server);
        return server;
    }
    after(async () => {
        await Promise.all(servers.map((s) => s.close()));
    });

    it("sends JSON with api-version, a client request id, a user agent and the token over https", async () => {
        const server = await serve((_req, res, recorded) => json(res, 200, { id: "x", echo: JSON.parse(recorded.body) }, { "x-ms-request-id": "req-ok" }));
        const credential = fakeCredential();
        const client = clientFor(server, { credential, userAgent: "my-app/1.0" });
        const response = await client.send<{ echo: unknown }>({ method: "PUT", path, apiVersion: "2024-11-01", body: { properties: { enabled: true } }, operation: "WebApps.UpdateBackupConfiguration" });
        assert.equal(response.status, 200);
        assert.equal(response.requestId, "req-ok");
        assert.deepEqual(response.body.echo, { properties: { enabled: true } });
        const [request] = server.requests;
        assert.equal(request.url, `${path}?api-version=2024-11-01`);
        assert.equal(request.headers["authorization"], "Bearer FAKEtoken-1");
        assert.equal(request.headers["content-type"], "application/json");
        assert.match(String(request.headers["x-ms-client-request-id"]), /^[0-9a-f-]{36}$/);
        assert.match(String(request.headers["user-agent"]), /^my-app\/1\.0 declarative-backups node\//);
        assert.deepEqual(credential.scopes, ["https://management.azure.com/.default"]);
    });

    it("keeps an api-version already in the path and accepts absolute URLs on the same endpoint", async () => {
        const server = await serve((_req, res) => json(res, 200, {}));
        const client = clientFor(server);
        await client.send({ method: "GET", path: `${server.origin}/operations/op1?api-version=2020-01-01`, apiVersion: "2024-11-01", operation: "Poll" });
        assert.equal(server.requests[0].url, "/operations/op1?api-version=2020-01-01");
        const error = await rejection(client.send({ method: "GET", path: "https://elsewhere.example.com/x", operation: "Poll" }));
        assert.ok(isInvalidRequestError(error));
        assert.match((error as Error).message, /only the ARM endpoint/);
        assert.ok(isInvalidRequestError(await rejection(client.send({ method: "GET", path: "//elsewhere.example.com/x", operation: "Poll" }))));
        assert.equal(server.requests.length, 1);
    });

    it("fails TLS to an untrusted server without retrying, pointing at the CA settings", async () => {
        const server = await serve((_req, res) => json(res, 200, {}));
        const untrusting = createArmClient(resolveAzureSettings({}, { armEndpoint: server.origin }), { credential: fakeCredential(), logger: capturingLogger(), retry: fastRetry });
        const error = await rejection(untrusting.send({ method: "GET", path, operation: "Get" }));
        assert.ok(isTransportError(error), String(error));
        assert.equal(error.attempts, 1);
        assert.match(error.message, /trust the server's CA with DECLARATIVE_BACKUPS_CA_FILE or NODE_EXTRA_CA_CERTS/);
        assert.equal(server.requests.length, 0);
    });

    it("throws ArmError with the service code and request id for unexpected statuses", async () => {
        const server = await serve((_req, res) => json(res, 404, { error: { code: "ResourceNotFound", message: "The site was not found." } }, { "x-ms-request-id": "req-404" }));
        const error = await rejection(clientFor(server).send({ method: "GET", path, apiVersion: "2024-11-01", operation: "WebApps.GetBackupConfiguration" }));
        assert.ok(isArmError(error));
        assert.equal(error.code, "ResourceNotFound");
        assert.equal(error.statusCode, 404);
        assert.equal(error.message, "WebApps.GetBackupConfiguration failed: 404 ResourceNotFound: The site was not found. (request id req-404)");
        assert.equal(server.requests.length, 1, "404 is not retried");
        const expected = await clientFor(server).send({ method: "GET", path, operation: "Probe", expectedStatus: [404] });
        assert.equal(expected.status, 404);
    });

    describe("retries", () => {
        it("retries 429 (Retry-After), 503 and 500, then returns the 200", async () => {
            const answers: Array<[number, Record<string, string>]> = [[429, { "retry-after-ms": "20" }], [503, {}], [500, {}]];
            const server = await serve((_req, res, _r, i) => (i < answers.length ? json(res, answers[i][0], { error: { code: "Busy", message: "busy" } }, answers[i][1]) : json(res, 200, { ok: true })));
            const response = await clientFor(server).send<{ ok: boolean }>({ method: "GET", path, apiVersion: "1", operation: "Get" });
            assert.deepEqual(response.body, { ok: true });
            assert.equal(server.requests.length, 4);
            const ids = new Set(server.requests.map((r) => r.headers["x-ms-client-request-id"]));
            assert.equal(ids.size, 1, "every attempt of one call carries the same client request id");
        });

        it("honours Retry-After: the wait is at least what the header asks", async () => {
            for (const [headers, minimumMs] of [[{ "retry-after-ms": "150" }, 150], [{ "retry-after": "1" }, 1000]] as const) {
                const server = await serve((_req, res, _r, i) => (i === 0 ? json(res, 429, undefined, headers) : json(res, 200, {})));
                const started = performance.now();
                await clientFor(server).send({ method: "GET", path, operation: "Get" });
                const gap = performance.now() - started;
                assert.ok(gap >= minimumMs - 5, `waited ${gap} ms, expected at least ${minimumMs}`);
                assert.equal(server.requests.length, 2);
            }
        });

        it("retries a POST that was throttled (the server refused it before acting)", async () => {
            const server = await serve((_req, res, _r, i) => (i === 0 ? json(res, 429, undefined, { "retry-after-ms": "1" }) : json(res, 200, {})));
            await clientFor(server).send({ method: "POST", path: `${path}/list`, operation: "List" });
            assert.equal(server.requests.length, 2);
        });

        it("does not retry a POST after the connection was reset mid-request", async () => {
            const server = await serve((req) => req.socket.destroy());
            const error = await rejection(clientFor(server).send({ method: "POST", path: `${path}/backup`, body: {}, operation: "WebApps.Backup" }));
            assert.ok(isTransportError(error), String(error));
            assert.equal((error as TransportError).attempts, 1);
            assert.equal(server.requests.length, 1);
            assert.match((error as Error).message, /^WebApps\.Backup failed: no answer to POST https:\/\/127\.0\.0\.1:\d+\/.*backup: (UND_ERR_SOCKET|ECONNRESET)/);
        });

        it("retries a PUT after the connection was reset", async () => {
            const server = await serve((req, res, _r, i) => (i === 0 ? req.socket.destroy() : json(res, 200, { ok: 1 })));
            const response = await clientFor(server).send({ method: "PUT", path, body: {}, operation: "Put" });
            assert.equal(response.status, 200);
            assert.equal(server.requests.length, 2);
        });

        it("retries a POST whose connection was refused, and reports the attempts when giving up", async () => {
            const port = await closedPort();
            const origin = `https://127.0.0.1:${port}`;
            const logger = capturingLogger();
            const error = await rejection(clientFor({ origin }, { logger }).send({ method: "POST", path: "/x", operation: "Refused" }));
            assert.ok(isTransportError(error), String(error));
            assert.equal(error.causeCode, "ECONNREFUSED");
            assert.equal(error.attempts, fastRetry.maxRetries + 1);
            assert.equal(logger.lines.filter((l) => /retry \d\/3/.test(l)).length, 3);
        });

        it("gives up after maxRetries and returns the last answer as an ArmError", async () => {
            const server = await serve((_req, res) => json(res, 500, { error: { code: "InternalServerError", message: "boom" } }));
            const error = await rejection(clientFor(server).send({ method: "GET", path, operation: "Get" }));
            assert.ok(isArmError(error));
            assert.equal(error.statusCode, 500);
            assert.equal(server.requests.length, fastRetry.maxRetries + 1);
        });

        it("stops waiting as soon as the signal aborts", async () => {
            const server = await serve((_req, res) => json(res, 429, undefined, { "retry-after": "30" }));
            const controller = new AbortController();
            setTimeout(() => controller.abort(new Error("stop now")), 50);
            const started = performance.now();
            const error = await rejection(clientFor(server).send({ method: "GET", path, operation: "Get", signal: controller.signal }));
            assert.equal((error as Error).message, "stop now");
            assert.ok(performance.now() - started < 2000);
        });
    });

    describe("authentication", () => {
        it("refuses to send a token over http, without calling the server", async () => {
            const server = await startHttpServer((_req, res) => json(res, 200, {}));
            servers.push(server);
            const credential = fakeCredential();
            const client = createArmClient(resolveAzureSettings({}, { armEndpoint: server.origin }), { credential, logger: capturingLogger() });
            const error = await rejection(client.send({ method: "GET", path, operation: "WebApps.Get" }));
            assert.ok(isInsecureConnectionError(error));
            assert.equal(error.code, "InsecureConnection");
            assert.match(error.message, /^WebApps\.Get: refusing to send an Azure access token over http to 127\.0\.0\.1:\d+/);
            assert.equal(server.requests.length, 0);
            assert.equal(credential.calls, 0);
        });

        it("on 401 ExpiredAuthenticationToken drops the token, gets a new one and retries once", async () => {
            const server = await serve((req, res) =>
                req.headers.authorization === "Bearer FAKEtoken-1"
                    ? json(res, 401, { error: { code: "ExpiredAuthenticationToken", message: "The access token expiry UTC time is earlier than current UTC time." } })
                    : json(res, 200, { ok: true }),
            );
            const credential = fakeCredential();
            const client = clientFor(server, { credential });
            const response = await client.send({ method: "POST", path: `${path}/list`, operation: "List" });
            assert.equal(response.status, 200);
            assert.deepEqual(server.requests.map((r) => r.headers.authorization), ["Bearer FAKEtoken-1", "Bearer FAKEtoken-2"]);
            assert.equal(credential.calls, 2);
            await client.send({ method: "GET", path, operation: "Get" });
            assert.equal(credential.calls, 2, "the fresh token is cached");
        });

        it("also refreshes on a WWW-Authenticate invalid_token challenge, but not on other 401s", async () => {
            const server = await serve((req, res) =>
                req.headers.authorization === "Bearer FAKEtoken-1"
                    ? json(res, 401, undefined, { "www-authenticate": 'Bearer authorization_uri="https://login", error="invalid_token"' })
                    : json(res, 401, { error: { code: "InvalidAuthenticationTokenTenant", message: "wrong tenant" } }),
            );
            const error = await rejection(clientFor(server).send({ method: "GET", path, operation: "Get" }));
            assert.ok(isArmError(error));
            assert.equal(error.code, "InvalidAuthenticationTokenTenant");
            assert.equal(server.requests.length, 2, "one refresh, then the 401 is returned as it is");
        });

        it("wraps credential failures with the operation and scope, redacted", async () => {
            const server = await serve((_req, res) => json(res, 200, {}));
            const credential = fakeCredential({ fail: () => new Error("AADSTS7000215: Invalid client secret provided: client_secret=FAKEclientSECRET") });
            const error = await rejection(clientFor(server, { credential }).send({ method: "GET", path, operation: "Get" }));
            assert.equal((error as { code?: string }).code, "AuthenticationFailed");
            assert.match((error as Error).message, /^Azure sign-in failed: the client secret is not valid for the client \(AADSTS7000215\)\. .*\nGet: could not get an Azure access token for scope https:\/\/management\.azure\.com\/\.default\.\nCredential error: AADSTS7000215/);
            assert.ok(!(error as Error).message.includes("FAKEclientSECRET"));
            assert.equal(server.requests.length, 0);
        });
    });

    it("shares one client per settings in the process", () => {
        const settings = resolveAzureSettings({}, { armEndpoint: "https://127.0.0.1:1" });
        assert.equal(getArmClient(settings), getArmClient({ ...settings }));
        assert.notEqual(getArmClient(settings), getArmClient({ ...settings, audience: "https://management.usgovcloudapi.net/" }));
    });

    it("logs each attempt with a sanitized URL and never the token", async () => {
        const server = await serve((_req, res) => json(res, 200, {}, { "x-ms-request-id": "req-log" }));
        const logger = capturingLogger();
        await clientFor(server, { logger }).send({ method: "GET", path: `${path}?$top=5&sig=FAKEsignatureFORtests`, apiVersion: "1", operation: "Get" });
        const line = logger.lines.find((l) => l.includes("-> 200"));
        assert.ok(line, logger.lines.join("\n"));
        assert.match(line, /^debug: Get: GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\?%24top=5&sig=REDACTED&api-version=1 -> 200 in \d+ ms \(request id req-log, client request id [0-9a-f-]{36}\)$/);
        assert.ok(!logger.lines.join("\n").includes("FAKEtoken"));
    });
});
