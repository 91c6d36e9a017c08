import * as assert from "node:assert/strict";
import { API_VERSION, FAKE_SAS, fetchToken, send, sitePath, startTestEmulator } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";

describe("emulator bearer authentication on ARM routes", function () {
    const world = useSiteWorld();
    const listPath = sitePath(`/config/backup/list?api-version=${API_VERSION}`);

    function assertChallenge(response: { status: number; headers: Record<string, unknown>; json: any }, code: string): void {
        assert.equal(response.status, 401);
        assert.equal(response.json.error.code, code);
        const challenge = String(response.headers["www-authenticate"]);
        assert.match(challenge, /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+", error="invalid_token", error_description="[^"]+"$/);
        assert.ok(response.headers["x-ms-request-id"], "401s carry a request id too");
    }

    it("answers AuthenticationFailed when the Authorization header is missing", async () => {
        const response = await send(world.emulator, "POST", listPath);
        assertChallenge(response, "AuthenticationFailed");
        assert.equal(response.json.error.message, "Authentication failed. The 'Authorization' header is missing.");
    });

    it("answers InvalidAuthenticationToken for a non-Bearer scheme", async () => {
        const response = await send(world.emulator, "POST", listPath, { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
        assertChallenge(response, "InvalidAuthenticationToken");
        assert.equal(response.json.error.message, "The access token is invalid.");
    });

    it("answers InvalidAuthenticationToken for a malformed token", async () => {
        assertChallenge(await send(world.emulator, "POST", listPath, { token: "not.a.jwt" }), "InvalidAuthenticationToken");
        assertChallenge(await send(world.emulator, "POST", listPath, { token: "abc" }), "InvalidAuthenticationToken");
    });

    it("answers InvalidAuthenticationToken for a token signed by another key", async () => {
        const other = await startTestEmulator();
        try {
            const foreign = await fetchToken(other);
            assertChallenge(await send(world.emulator, "POST", listPath, { token: foreign }), "InvalidAuthenticationToken");
        } finally {
            await other.close();
        }
    });

    it("answers InvalidAuthenticationToken for a token whose payload was altered", async () => {
        const [header, payload, signature] = (await fetchToken(world.emulator)).split(".");
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        claims.exp += 3600;
        const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
        assertChallenge(await send(world.emulator, "POST", listPath, { token: tampered }), "InvalidAuthenticationToken");
    });

    it("answers InvalidAuthenticationTokenAudience for a token issued for another resource", async () => {
        const storageToken = await fetchToken(world.emulator, "https://storage.azure.com/.default");
        const response = await send(world.emulator, "POST", listPath, { token: storageToken });
        assertChallenge(response, "InvalidAuthenticationTokenAudience");
        assert.match(response.json.error.message, /wrong audience or resource 'https:\/\/storage\.azure\.com'/);
    });

    it("accepts the ARM audience with or without a trailing slash", async () => {
        for (const scope of ["https://management.azure.com/.default", "https://management.azure.com//.default"]) {
            const token = await fetchToken(world.emulator, scope);
            const response = await send(world.emulator, "PUT", sitePath(`/config/backup?api-version=${API_VERSION}`), {
                token,
                body: { properties: { storageAccountUrl: FAKE_SAS } },
            });
            assert.equal(response.status, 200, scope);
        }
    });

    it("answers ExpiredAuthenticationToken once the server clock passes the token's expiry", async () => {
        const token = await fetchToken(world.emulator);
        await world.emulator.control.setAuth({ clockSkewSeconds: 3600 + 60 });
        const response = await send(world.emulator, "POST", listPath, { token });
        assertChallenge(response, "ExpiredAuthenticationToken");
        assert.match(
            response.json.error.message,
            /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M'\.$/,
        );
        // A token issued after the jump is valid on the skewed clock.
        const fresh = await fetchToken(world.emulator);
        assert.equal((await send(world.emulator, "POST", listPath, { token: fresh })).status, 404);
    });

    it("honours a shorter token lifetime set through the control API", async () => {
        await world.emulator.control.setAuth({ tokenLifetimeSeconds: 60 });
        const token = await fetchToken(world.emulator);
        await world.emulator.control.setAuth({ clockSkewSeconds: 61 });
        assertChallenge(await send(world.emulator, "POST", listPath, { token }), "ExpiredAuthenticationToken");
    });

    it("counts 401s in the request log", async () => {
        await world.emulator.control.clearRequests();
        await send(world.emulator, "POST", listPath);
        const requests = await world.emulator.control.getRequests();
        assert.equal(requests.unauthorized, 1);
        assert.equal(requests.byOperation["WebApps.GetBackupConfiguration"].statuses["401"], 1);
    });
});
