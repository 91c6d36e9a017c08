import * as assert from "node:assert/strict";
import { inspect } from "node:util";
import type { RunningEmulator } from "../../../emulator/server";
import { createArmClient } from "../../../provider/core/arm/armClient";
import { createDefaultCredential } from "../../../provider/core/auth/credential";
import { resolveAzureSettings } from "../../../provider/core/azureSettings";
import { isAuthenticationError, type AuthenticationError } from "../../../provider/core/errors";
import { startTestEmulator } from "../emulator/support/emulatorFixture";
import { capturingLogger } from "./support/fakes";
import { closedPort, json, startHttpsServer, testCertificate, type TestServer } from "./support/testServer";

const tenant = "00000000-0000-0000-0000-00000000fa4e";
const envNames = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_AUTHORITY_HOST"] as const;

describe("createDefaultCredential", () => {
    let authority: TestServer;
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        authority = await startHttpsServer((_req, res, recorded) => {
            const base = `${authority.origin}/${tenant}`;
            if (recorded.method === "GET" && recorded.url.startsWith(`/${tenant}/v2.0/.well-known/openid-configuration`)) {
                json(res, 200, {
                    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
                    token_endpoint: `${base}/oauth2/v2.0/token`,
                    issuer: `${base}/v2.0`,
                    jwks_uri: `${base}/discovery/v2.0/keys`,
                });
            } else if (recorded.method === "POST" && recorded.url.startsWith(`/${tenant}/oauth2/v2.0/token`)) {
                json(res, 200, { token_type: "Bearer", access_token: "FAKEaccessTOKEN", expires_in: 3600, ext_expires_in: 3600 });
            } else {
                json(res, 404, { error: "not_found" });
            }
        });
    });
    beforeEach(() => {
        for (const name of envNames) saved[name] = process.env[name];
    });
    afterEach(() => {
        for (const name of envNames) {
            if (saved[name] === undefined) delete process.env[name];
            else process.env[name] = saved[name];
        }
    });
    after(() => authority.close());

    it("reads the environment at first use, talks to the configured authority only, trusting the CA file", async () => {
        // Created before the environment is set: nothing may be read or captured at creation.
        const credential = createDefaultCredential({ authorityHost: authority.origin, disableInstanceDiscovery: true, caFile: testCertificate().caFile });
        process.env.AZURE_TENANT_ID = tenant;
        process.env.AZURE_CLIENT_ID = "fake-client";
        process.env.AZURE_CLIENT_SECRET = "FAKEclientSECRET";
        const token = await credential.getToken("https://management.azure.com/.default");
        assert.equal(token?.token, "FAKEaccessTOKEN");
        const tokenRequest = authority.requests.find((r) => r.method === "POST");
        assert.ok(tokenRequest, authority.requests.map((r) => r.url).join(", "));
        const form = new URLSearchParams(tokenRequest.body);
        assert.equal(form.get("grant_type"), "client_credentials");
        assert.equal(form.get("client_id"), "fake-client");
        assert.equal(form.get("scope"), "https://management.azure.com/.default");
    });
});

describe("credential failures as the user sees them (emulator token authority)", () => {
    let emulator: RunningEmulator;
    const saved: Record<string, string | undefined> = {};
    const scope = "https://management.azure.com/.default";

    before(async () => {
        emulator = await startTestEmulator({ storage: false });
    });
    after(() => emulator?.close());
    beforeEach(async () => {
        for (const name of envNames) saved[name] = process.env[name];
        Object.assign(process.env, {
            AZURE_TENANT_ID: emulator.tenantId,
            AZURE_CLIENT_ID: emulator.clientId,
            AZURE_CLIENT_SECRET: emulator.clientSecret,
            AZURE_AUTHORITY_HOST: emulator.url,
        });
        await emulator.control.reset();
    });
    afterEach(() => {
        for (const name of envNames) {
            if (saved[name] === undefined) delete process.env[name];
            else process.env[name] = saved[name];
        }
    });

    /** One ARM call through the default credential, as the provider makes it; returns its AuthenticationError. */
    async function signInFailure(): Promise<AuthenticationError> {
        const settings = resolveAzureSettings(process.env, { armEndpoint: emulator.url, caFile: emulator.caFile });
        const client = createArmClient(settings, { logger: capturingLogger(), retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 1 } });
        const error = await client.send({ method: "GET", path: "/subscriptions/s1/resourceGroups/rg", apiVersion: "2021-04-01", operation: "ResourceGroups.Get" }).then(
            () => assert.fail("expected the sign-in to fail"),
            (e: unknown) => e,
        );
        assert.ok(isAuthenticationError(error), String(error));
        const secret = process.env.AZURE_CLIENT_SECRET!;
        for (const text of [error.message, error.stack ?? "", inspect(error, { depth: 10 })]) assert.ok(!text.includes(secret), `the client secret leaked into:\n${text}`);
        assert.equal(error.message.split("\n")[1], `ResourceGroups.Get: could not get an Azure access token for scope ${scope}.`);
        return error;
    }

    const firstLine = (error: Error) => error.message.split("\n")[0];

    it("wrong client secret (AADSTS7000215)", async () => {
        process.env.AZURE_CLIENT_SECRET = "FAKEwrongSECRETvalue-7000215";
        const error = await signInFailure();
        assert.equal(error.failure, "invalidClientSecret");
        assert.equal(
            firstLine(error),
            `Azure sign-in failed: the client secret is not valid for client ${emulator.clientId} in tenant ${emulator.tenantId} (AADSTS7000215). ` +
                "Set AZURE_CLIENT_SECRET to the value (not the ID) of a current secret of that app registration.",
        );
    });

    it("unknown tenant (AADSTS90002), which MSAL alone reports like a closed port", async () => {
        const tenant = "00000000-0000-0000-0000-000000000bad";
        process.env.AZURE_TENANT_ID = tenant;
        const error = await signInFailure();
        assert.equal(error.failure, "unknownTenant");
        assert.equal(
            firstLine(error),
            `Azure sign-in failed: tenant ${tenant} does not exist at ${new URL(emulator.url).host} (AADSTS90002). ` +
                "Check AZURE_TENANT_ID, and that AZURE_AUTHORITY_HOST is the cloud the tenant belongs to.",
        );
    });

    it("unknown client id (AADSTS700016)", async () => {
        const client = "00000000-0000-0000-0000-00000000c1de";
        process.env.AZURE_CLIENT_ID = client;
        const error = await signInFailure();
        assert.equal(error.failure, "unknownClient");
        assert.equal(
            firstLine(error),
            `Azure sign-in failed: no application with client id ${client} exists in tenant ${emulator.tenantId} (AADSTS700016). ` +
                "Check AZURE_CLIENT_ID (the app registration's Application (client) ID) and AZURE_TENANT_ID.",
        );
    });

    it("authority port closed: no HTTP answer, not a 400", async () => {
        const port = await closedPort();
        process.env.AZURE_AUTHORITY_HOST = `https://127.0.0.1:${port}`;
        const error = await signInFailure();
        assert.equal(error.failure, "authorityUnreachable");
        assert.equal(
            firstLine(error),
            `Azure sign-in failed: the token authority at 127.0.0.1:${port} could not be reached (ECONNREFUSED; no HTTP answer came). ` +
                "Check AZURE_AUTHORITY_HOST and that this machine can reach that host (network, proxy, firewall).",
        );
    });

    it("transient authority failure (503 on every token request)", async () => {
        await emulator.control.addFault({ kind: "503", pathPattern: "/oauth2/v2\\.0/token$", retryAfterSeconds: 0 });
        const error = await signInFailure();
        assert.equal(error.failure, "authorityUnavailable");
        assert.equal(
            firstLine(error),
            `Azure sign-in failed: the token authority at ${new URL(emulator.url).host} had a temporary failure (HTTP 503, AADSTS90033), ` +
                "and the retries failed too. Try again in a few minutes.",
        );
    });
});
