import * as assert from "node:assert/strict";
import { createDefaultCredential } from "../../../provider/core/auth/credential";
import { json, startHttpsServer, testCertificate, type TestServer } from "./support/testServer";

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
