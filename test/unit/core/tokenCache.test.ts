import * as assert from "node:assert/strict";
import { freshTokenClaims, refreshTimeOf, TokenCache } from "../../../provider/core/auth/tokenCache";
import { fakeCredential } from "./support/fakes";

const scope = "https://management.azure.com/.default";

describe("TokenCache", () => {
    it("shares one getToken between concurrent callers", async () => {
        const credential = fakeCredential({ delayMs: 20 });
        const cache = new TokenCache(credential);
        const tokens = await Promise.all(Array.from({ length: 25 }, () => cache.getToken(scope)));
        assert.equal(credential.calls, 1);
        assert.ok(tokens.every((t) => t === "FAKEtoken-1"));
        assert.equal(await cache.getToken(scope), "FAKEtoken-1");
        assert.equal(credential.calls, 1);
    });

    it("keeps one token per scope", async () => {
        const credential = fakeCredential();
        const cache = new TokenCache(credential);
        assert.equal(await cache.getToken(scope), "FAKEtoken-1");
        assert.equal(await cache.getToken("https://management.usgovcloudapi.net/.default"), "FAKEtoken-2");
        assert.equal(await cache.getToken(scope), "FAKEtoken-1");
    });

    it("refreshes before expiry: min(2 min, a quarter of the lifetime) ahead", async () => {
        let now = 1_000_000;
        const clock = () => now;
        // One-hour tokens: refreshed 2 minutes before expiry.
        const hourly = new TokenCache(fakeCredential({ now: clock, lifetimeMs: 3600_000 }), { now: clock });
        assert.equal(await hourly.getToken(scope), "FAKEtoken-1");
        now += 3600_000 - 120_001;
        assert.equal(await hourly.getToken(scope), "FAKEtoken-1");
        now += 2;
        assert.equal(await hourly.getToken(scope), "FAKEtoken-2");

        // Four-minute tokens: a quarter is one minute.
        now = 0;
        const short = new TokenCache(fakeCredential({ now: clock, lifetimeMs: 240_000 }), { now: clock });
        assert.equal(await short.getToken(scope), "FAKEtoken-1");
        now = 179_999;
        assert.equal(await short.getToken(scope), "FAKEtoken-1");
        now = 180_000;
        assert.equal(await short.getToken(scope), "FAKEtoken-2");
    });

    it("honours the credential's refreshAfterTimestamp when it is sooner", () => {
        assert.equal(refreshTimeOf({ token: "t", expiresOnTimestamp: 3600_000 }, 0), 3600_000 - 120_000);
        assert.equal(refreshTimeOf({ token: "t", expiresOnTimestamp: 3600_000, refreshAfterTimestamp: 1800_000 }, 0), 1800_000);
    });

    it("forced refresh drops only the rejected token, and concurrent rejections share one refresh", async () => {
        const credential = fakeCredential({ delayMs: 10 });
        const cache = new TokenCache(credential);
        const first = await cache.getToken(scope);
        const fresh = await Promise.all(Array.from({ length: 10 }, () => cache.getToken(scope, { rejectedToken: first })));
        assert.ok(fresh.every((t) => t === "FAKEtoken-2"));
        assert.equal(credential.calls, 2);
        // A late 401 for the old token does not throw away the new one.
        assert.equal(await cache.getToken(scope, { rejectedToken: first }), "FAKEtoken-2");
        assert.equal(credential.calls, 2);
    });

    it("asks for a fresh token with an nbf claims request (past MSAL's cache), plainly if the credential refuses claims", async () => {
        const now = 1_700_000_000_000;
        const credential = fakeCredential({ fail: (_call, o) => (o?.claims ? new Error("This credential doesn't support claims challenges") : undefined) });
        const cache = new TokenCache(credential, { now: () => now });
        const first = await cache.getToken(scope);
        assert.equal(await cache.getToken(scope, { rejectedToken: first }), "FAKEtoken-3");
        assert.deepEqual(credential.claims, [undefined, freshTokenClaims(now), undefined]);
        assert.deepEqual(JSON.parse(freshTokenClaims(now)), { access_token: { nbf: { essential: true, value: "1700000000" } } });
    });

    it("keeps using a still-valid token when an early refresh fails, and fails once it has expired", async () => {
        let now = 0;
        const clock = () => now;
        const credential = fakeCredential({ now: clock, lifetimeMs: 3600_000, fail: (call) => (call > 1 ? new Error("authority unreachable") : undefined) });
        const cache = new TokenCache(credential, { now: clock });
        assert.equal(await cache.getToken(scope), "FAKEtoken-1");
        now = 3600_000 - 60_000;
        assert.equal(await cache.getToken(scope), "FAKEtoken-1");
        now = 3600_000;
        await assert.rejects(cache.getToken(scope), /authority unreachable/);
    });

    it("lets one caller give up without cancelling the refresh others wait on", async () => {
        const credential = fakeCredential({ delayMs: 50 });
        const cache = new TokenCache(credential);
        const controller = new AbortController();
        const impatient = cache.getToken(scope, { signal: controller.signal });
        const patient = cache.getToken(scope);
        controller.abort(new Error("gave up"));
        await assert.rejects(impatient, /gave up/);
        assert.equal(await patient, "FAKEtoken-1");
        assert.equal(credential.calls, 1);
    });

    it("rejects a credential that returns no token", async () => {
        const cache = new TokenCache({ getToken: async () => null });
        await assert.rejects(cache.getToken(scope), /returned no token/);
    });
});
