import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as https from "node:https";
import * as path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { decodeJwt, decodeProtectedHeader } from "jose";
import type { RunningEmulator } from "../../../../../emulator/server";
import { fetchToken, postTokenForm, send, startTestEmulator } from "../../support/emulatorFixture";

const ARM_SCOPE = "https://management.azure.com/.default";

describe("emulator token authority", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startTestEmulator();
    });
    after(() => emulator?.close());
    beforeEach(() => emulator.control.reset());

    it("publishes OpenID configuration with the tenant substituted", async () => {
        const response = await send(emulator, "GET", `/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
        assert.equal(response.status, 200);
        const base = `${emulator.url}/${emulator.tenantId}`;
        assert.equal(response.json.token_endpoint, `${base}/oauth2/v2.0/token`);
        assert.equal(response.json.authorization_endpoint, `${base}/oauth2/v2.0/authorize`);
        assert.equal(response.json.issuer, `${base}/v2.0`);
        assert.equal(response.json.jwks_uri, `${base}/discovery/v2.0/keys`);
    });

    it("refuses discovery for an unknown tenant like Entra ID (AADSTS90002)", async () => {
        const response = await send(emulator, "GET", "/00000000-0000-0000-0000-000000000bad/v2.0/.well-known/openid-configuration");
        assert.equal(response.status, 400);
        assert.equal(response.json.error, "invalid_request");
        assert.deepEqual(response.json.error_codes, [90002]);
    });

    it("issues RS256 tokens with the expected claims, verifiable with the JWKS", async () => {
        await emulator.control.setAuth({ tokenLifetimeSeconds: 600 });
        const response = await postTokenForm(emulator, {
            grant_type: "client_credentials",
            client_id: emulator.clientId,
            client_secret: emulator.clientSecret,
            scope: ARM_SCOPE,
        });
        assert.equal(response.status, 200);
        assert.equal(response.json.token_type, "Bearer");
        assert.equal(response.json.expires_in, 600);
        assert.equal(response.json.ext_expires_in, 600);
        const token: string = response.json.access_token;
        const header = decodeProtectedHeader(token);
        assert.equal(header.alg, "RS256");
        const claims = decodeJwt(token) as Record<string, any>;
        assert.equal(claims.aud, "https://management.azure.com");
        assert.equal(claims.tid, emulator.tenantId);
        assert.equal(claims.appid, emulator.clientId);
        assert.equal(claims.azp, emulator.clientId);
        assert.equal(claims.iss, `${emulator.url}/${emulator.tenantId}/v2.0`);
        assert.ok(typeof claims.oid === "string");
        assert.equal(claims.exp - claims.iat, 600);
        assert.equal(claims.nbf, claims.iat);

        const keys = await send(emulator, "GET", `/${emulator.tenantId}/discovery/v2.0/keys`);
        const jwk = keys.json.keys.find((key: { kid: string }) => key.kid === header.kid);
        assert.ok(jwk, "the token's kid is in the JWKS");
        // Checked with node:crypto, not with the library that signed it.
        const crypto = await import("node:crypto");
        const publicKey = crypto.createPublicKey({ key: jwk, format: "jwk" });
        const [encodedHeader, encodedPayload, signature] = token.split(".");
        assert.ok(crypto.verify("sha256", Buffer.from(`${encodedHeader}.${encodedPayload}`), publicKey, Buffer.from(signature, "base64url")));
        assert.equal((await emulator.control.getAuth()).tokensIssued, 1);
    });

    const refusals: Array<[string, Record<string, string>, number, string, number]> = [
        ["a wrong secret", { client_secret: "not-the-secret" }, 401, "invalid_client", 7000215],
        ["no secret", { client_secret: "" }, 401, "invalid_client", 7000216],
        ["an unknown client", { client_id: "99999999-9999-9999-9999-999999999999" }, 400, "unauthorized_client", 700016],
        ["a scope without /.default", { scope: "https://management.azure.com/user_impersonation" }, 400, "invalid_scope", 1002012],
        ["another grant type", { grant_type: "password" }, 400, "unsupported_grant_type", 70003],
    ];
    for (const [what, override, status, error, code] of refusals) {
        it(`refuses ${what} with Entra ID's error JSON`, async () => {
            const form = { grant_type: "client_credentials", client_id: emulator.clientId, client_secret: emulator.clientSecret, scope: ARM_SCOPE, ...override };
            const response = await postTokenForm(emulator, form);
            assert.equal(response.status, status);
            assert.equal(response.json.error, error);
            assert.deepEqual(response.json.error_codes, [code]);
            assert.match(response.json.error_description, new RegExp(`^AADSTS${code}: `));
            for (const field of ["timestamp", "trace_id", "correlation_id"]) assert.ok(response.json[field], field);
        });
    }

    it("echoes MSAL's client-request-id as correlation_id", async () => {
        const response = await send(emulator, "POST", `/${emulator.tenantId}/oauth2/v2.0/token`, {
            rawBody: "grant_type=client_credentials&client_id=x",
            headers: { "Content-Type": "application/x-www-form-urlencoded", "client-request-id": "abc-123" },
        });
        assert.equal(response.json.correlation_id, "abc-123");
        assert.equal(response.headers["client-request-id"], "abc-123");
    });

    it("answers a GET on the token endpoint as Entra ID does (AADSTS900561)", async () => {
        const response = await send(emulator, "GET", `/${emulator.tenantId}/oauth2/v2.0/token`);
        assert.equal(response.status, 400);
        assert.deepEqual(response.json.error_codes, [900561]);
    });

    describe("through @azure/identity", function () {
        it("ClientSecretCredential gets a token in-process with tlsOptions.ca", async () => {
            const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
                authorityHost: emulator.url,
                disableInstanceDiscovery: true,
                tlsOptions: { ca: emulator.caPem },
            });
            const token = await credential.getToken(ARM_SCOPE);
            assert.equal(decodeJwt(token.token).aud, "https://management.azure.com");
            assert.ok(token.expiresOnTimestamp > Date.now());
        });

        it("ClientSecretCredential works with an https.Agent that carries the CA", async () => {
            const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
                authorityHost: emulator.url,
                disableInstanceDiscovery: true,
                agent: new https.Agent({ ca: emulator.caPem }),
            });
            assert.ok((await credential.getToken(ARM_SCOPE)).token);
        });

        it("a wrong secret surfaces as an AuthenticationError quoting AADSTS7000215", async () => {
            const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, "wrong", {
                authorityHost: emulator.url,
                disableInstanceDiscovery: true,
                tlsOptions: { ca: emulator.caPem },
            });
            await assert.rejects(credential.getToken(ARM_SCOPE), /AADSTS7000215/);
        });

        it("DefaultAzureCredential in a child process with only emulator.env (NODE_EXTRA_CA_CERTS)", async function () {
            this.timeout(60_000);
            const script = [
                'const { DefaultAzureCredential } = require("@azure/identity");',
                "new DefaultAzureCredential({ disableInstanceDiscovery: true })",
                '  .getToken("https://management.azure.com/.default")',
                '  .then((t) => { process.stdout.write(t.token.split(".").length === 3 ? "ok" : "bad"); })',
                '  .catch((e) => { process.stdout.write("error: " + e.message); process.exitCode = 1; });',
            ].join("\n");
            const output = await new Promise<string>((resolve, reject) => {
                execFile(
                    process.execPath,
                    ["-e", script],
                    { cwd: path.resolve(__dirname, "../../../../.."), env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...emulator.env } },
                    (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout)),
                );
            });
            assert.equal(output, "ok");
        });
    });

    it("counts token requests in the request log", async () => {
        await fetchToken(emulator);
        const requests = await emulator.control.getRequests();
        assert.equal(requests.byOperation.Token.count, 1);
        assert.equal(requests.tokenRequests, 1);
    });
});
