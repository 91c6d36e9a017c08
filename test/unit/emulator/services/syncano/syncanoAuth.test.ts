import * as assert from "node:assert/strict";
import { generateAccountKey } from "../../../../../emulator/services/syncano/state/accountStore";
import { call, INSTANCE, OWNER, useSyncano } from "./support/syncanoFixture";

describe("emulator Syncano API keys", function () {
    this.timeout(20_000);
    const world = useSyncano();
    const LIST = `/v1/instances/${INSTANCE}/backups/full/`;

    it("reads the key from X-API-KEY, ?api_key=, ?apikey= and Authorization: <scheme> <key>", async () => {
        const key = world.account.apiKey;
        const answers = [
            await call(world.emulator, "GET", LIST, { headers: { "X-API-KEY": key } }),
            await call(world.emulator, "GET", `${LIST}?api_key=${key}`),
            await call(world.emulator, "GET", `${LIST}?apikey=${key}`),
            await call(world.emulator, "GET", LIST, { headers: { Authorization: `Token ${key}` } }),
            await call(world.emulator, "GET", LIST, { headers: { Authorization: `ApiKey ${key}` } }),
            await call(world.emulator, "GET", LIST, { headers: { "x-api-key": key.toUpperCase() } }),
        ];
        assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200, 200]);
    });

    it("takes _api_key in a POST body, as the platform does to avoid a preflight", async () => {
        const answer = await call(world.emulator, "POST", LIST, { body: { _api_key: world.account.apiKey, label: "no header" } });
        assert.equal(answer.status, 201);
        assert.equal(answer.json.label, "no header");
    });

    it("an Authorization header that is not exactly '<scheme> <key>' carries no key", async () => {
        for (const authorization of [world.account.apiKey, `Token  ${world.account.apiKey}`, `Token ${world.account.apiKey} extra`]) {
            const answer = await call(world.emulator, "GET", LIST, { headers: { Authorization: authorization } });
            assert.deepEqual(answer.json, { detail: "You do not have permission to perform this action." }, authorization);
        }
    });

    it("refuses another account's instance with 403, and keeps each account's backups to itself", async () => {
        const eve = await world.emulator.control.putAccount({ email: "eve@example.com" });
        const refused = await call(world.emulator, "GET", LIST, { key: eve.apiKey });
        assert.equal(refused.status, 403);
        assert.deepEqual(refused.json, { detail: "You do not have permission to perform this action." });
        assert.equal((await call(world.emulator, "POST", LIST, { key: eve.apiKey })).status, 403);
        await call(world.emulator, "POST", LIST, { key: world.account.apiKey });
        assert.deepEqual((await call(world.emulator, "GET", "/v1/backups/full/", { key: eve.apiKey })).json.objects, []);
    });

    it("account keys are 40 hex characters; generated ones carry the platform's account-key parity (last digit even)", async () => {
        assert.match(world.account.apiKey, /^[0-9a-f]{40}$/);
        for (let i = 0; i < 50; i++) assert.equal(parseInt(generateAccountKey()[39], 16) % 2, 0);
        const chosen = "0123456789abcdef0123456789abcdef01234567";
        const account = await world.emulator.control.putAccount({ email: OWNER, apiKey: chosen });
        assert.equal(account.apiKey, chosen);
        assert.equal(account.id, world.account.id, "the same account, with a new key");
        assert.equal((await call(world.emulator, "GET", LIST, { key: chosen })).status, 200);
        assert.deepEqual((await call(world.emulator, "GET", LIST, { key: world.account.apiKey })).json, { detail: "No such API Key." });
    });
});
