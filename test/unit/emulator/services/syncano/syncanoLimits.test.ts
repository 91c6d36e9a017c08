import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { apiClient, call, EVERY_STATUS, followBackup, followRestore, INSTANCE, OWNER, useSyncano } from "./support/syncanoFixture";

// The reference's "Limits and errors" table, row by row.
describe("emulator Syncano limits and errors", function () {
    this.timeout(20_000);
    const world = useSyncano();
    const api = () => apiClient(world.emulator, world.account.apiKey);
    const FULL = `/instances/${INSTANCE}/backups/full/`;
    const PARTIAL = `/instances/${INSTANCE}/backups/partial/`;
    const RESTORES = `/instances/${INSTANCE}/restores/`;

    /** Takes a full backup and waits for it to end. */
    const takeBackup = async (path = FULL, body?: unknown) => {
        const created = await api().post(path, body);
        assert.equal(created.status, 201, created.text);
        return (await followBackup(world.emulator, world.account.apiKey, created.json.links.self)).backup;
    };

    it("one active backup per account: another while one is scheduled or running is 400, full or partial, on any instance", async () => {
        await world.emulator.control.putInstance(OWNER, "blog");
        const first = (await api().post(FULL)).json;
        const again = await api().post(PARTIAL, { query_args: { class: null } });
        assert.equal(again.status, 400);
        assert.deepEqual(again.json, { detail: "You can have only one active backup running." });
        assert.equal((await api().post("/instances/blog/backups/full/")).status, 400);
        await world.emulator.control.waitForBackup(first.id, ["running"]);
        assert.equal((await api().post(FULL)).status, 400, "running counts too");
        await followBackup(world.emulator, world.account.apiKey, first.links.self);
        assert.equal((await api().post(FULL)).status, 201);
    });

    it("the account limit counts every live backup, failed ones included (25 by default), and is checked after the active one", async () => {
        await world.emulator.control.setBehaviour({ scheduledMs: 0, runningMs: 0 });
        await world.emulator.control.forceOutcome({ kind: "backup", status: "error", count: 5 });
        for (let i = 0; i < 25; i++) {
            const backup = await takeBackup();
            assert.equal(backup.status, i < 5 ? "error" : "success");
        }
        const refused = await api().post(FULL);
        assert.equal(refused.status, 400);
        assert.deepEqual(refused.json, { detail: "Maximum number of backups per account reached (25)." });
        assert.equal((await api().post(PARTIAL, { query_args: { class: null } })).status, 400);

        const deleted = await api().delete(`/backups/full/1/`);
        assert.equal(deleted.status, 204, "deleting frees a slot");
        await world.emulator.control.setBehaviour({ scheduledMs: 200 });
        const active = await api().post(FULL);
        assert.equal(active.status, 201);
        assert.deepEqual((await api().post(FULL)).json, { detail: "You can have only one active backup running." }, "checked first");
    });

    it("the limit is configurable: per account, and as the emulator's default", async () => {
        await world.emulator.control.putAccount({ email: OWNER, backupsPerAccount: 1 });
        await takeBackup();
        assert.deepEqual((await api().post(FULL)).json, { detail: "Maximum number of backups per account reached (1)." });

        await world.emulator.control.putAccount({ email: "cy@example.com" });
        const cy = (await world.emulator.control.listAccounts()).find((account) => account.email === "cy@example.com")!;
        await world.emulator.control.putInstance("cy@example.com", "cy-shop");
        await world.emulator.control.setBehaviour({ backupsPerAccount: 0 });
        const refused = await call(world.emulator, "POST", "/v1/instances/cy-shop/backups/full/", { key: cy.apiKey });
        assert.deepEqual(refused.json, { detail: "Maximum number of backups per account reached (0)." });
    });

    it("a running backup cannot be deleted (400); a scheduled one can (204)", async () => {
        await world.emulator.control.setBehaviour({ scheduledMs: 150, runningMs: 150 });
        const scheduled = (await api().post(FULL)).json;
        assert.equal((await api().delete(`${FULL}${scheduled.id}/`)).status, 204);
        assert.equal(await world.emulator.control.findBackup(scheduled.id), undefined);

        const running = (await api().post(FULL)).json;
        await world.emulator.control.waitForBackup(running.id, ["running"]);
        for (const path of [`${FULL}${running.id}/`, `/backups/full/${running.id}/`]) {
            const refused = await api().delete(path);
            assert.equal(refused.status, 400);
            assert.deepEqual(refused.json, { detail: "Cannot delete active backup" });
        }
        await followBackup(world.emulator, world.account.apiKey, running.links.self);
        assert.equal((await api().delete(`${FULL}${running.id}/`)).status, 204);
    });

    it("a partial backup over 5 MB ends error 'Size limit exceeded (5.0 MB).'", async () => {
        // Random base64 barely compresses: three 2.6 MB strings make a zip well over 5 MB.
        const big = () => randomBytes(2_000_000).toString("base64");
        await world.emulator.control.putInstanceObjects(INSTANCE, { data_object: [{ class: "books", blob: big() }] });
        await world.emulator.control.putInstanceObjects(INSTANCE, { user: [{ username: "ann", blob: big() }] });
        await world.emulator.control.putInstanceObjects(INSTANCE, { script: [{ label: "s", source: big() }] });
        const backup = await takeBackup(PARTIAL, { query_args: { class: null } });
        assert.equal(backup.status, "error");
        assert.equal(backup.status_info, "Size limit exceeded (5.0 MB).");
        assert.equal(backup.archive, null);
        assert.equal(backup.size, null);
    });

    it("the size limit is a knob, and the message follows it", async () => {
        await world.emulator.control.setBehaviour({ partialSizeLimitBytes: 100 });
        const backup = await takeBackup(PARTIAL, { query_args: { class: ["books"] } });
        assert.equal(backup.status_info, "Size limit exceeded (100 bytes).");
        assert.equal((await takeBackup()).status, "success", "full backups have no size limit");
    });

    it("an unknown instance is 404 'Instance was not found.' (before the key is looked at)", async () => {
        for (const path of ["/v1/instances/nope/backups/full/", "/v2/instances/nope/restores/", "/v1/instances/nope/backups/partial/1/"]) {
            const answer = await call(world.emulator, "GET", path, { key: world.account.apiKey });
            assert.equal(answer.status, 404);
            assert.deepEqual(answer.json, { detail: "Instance was not found." });
        }
        assert.equal((await call(world.emulator, "GET", "/v1/instances/nope/backups/full/")).status, 404);
    });

    it("an unknown or foreign object is 404 'Not found.'", async () => {
        const mine = await takeBackup();
        const other = await world.emulator.control.putAccount({ email: "eve@example.com" });
        await world.emulator.control.putInstance("eve@example.com", "eve-shop");
        const eve = apiClient(world.emulator, other.apiKey);
        assert.deepEqual((await eve.get(`/backups/full/${mine.id}/`)).json, { detail: "Not found." });
        assert.equal((await eve.delete(`/backups/full/${mine.id}/`)).status, 404);
        assert.deepEqual((await api().get(`${FULL}999/`)).json, { detail: "Not found." });
        assert.deepEqual((await api().get(`${RESTORES}999/`)).json, { detail: "Not found." });
    });

    it("throttles at the account's rate: 429 with Retry-After, counted apart", async () => {
        await world.emulator.control.setBehaviour({ throttlePerSecond: 3, retryAfterSeconds: 2 });
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push(await api().get(FULL));
        assert.deepEqual(statuses.map((answer) => answer.status), [200, 200, 200, 429, 429]);
        assert.deepEqual(statuses[3].json, { detail: "Request was throttled. Expected available in 2 seconds." });
        assert.equal(statuses[3].headers["retry-after"], "2");
        await world.emulator.control.setBehaviour({ retryAfterSeconds: 1 });
        assert.deepEqual((await api().get(FULL)).json, { detail: "Request was throttled. Expected available in 1 second." });
        assert.equal((await world.emulator.control.getRequests()).throttled, 3);
    });

    it("a restore with neither or both of backup and archive is 400 non_field_errors", async () => {
        const backup = await takeBackup();
        for (const body of [{}, { backup: null }, { backup: backup.id, archive: "x" }]) {
            const answer = await api().post(RESTORES, body);
            assert.equal(answer.status, 400, JSON.stringify(body));
            assert.deepEqual(answer.json, { non_field_errors: ["You have to provide either backup or archive."] });
        }
        assert.equal((await api().post(RESTORES, { archive: "x" })).status, 403, "uploading an archive is for staff");
    });

    it("a restore of a backup that is not the caller's or not successful is 400 'Invalid pk'", async () => {
        await world.emulator.control.setBehaviour({ scheduledMs: 200 });
        const pending = (await api().post(FULL)).json;
        assert.deepEqual((await api().post(RESTORES, { backup: pending.id })).json, { backup: [`Invalid pk "${pending.id}" - object does not exist.`] });
        assert.deepEqual((await api().post(RESTORES, { backup: 9 })).json, { backup: ['Invalid pk "9" - object does not exist.'] });
        assert.deepEqual((await api().post(RESTORES, { backup: "abc" })).json, { backup: ["Incorrect type. Expected pk value, received str."] });
        await world.emulator.control.setBehaviour({ scheduledMs: 20 });
        await followBackup(world.emulator, world.account.apiKey, pending.links.self);

        await world.emulator.control.forceOutcome({ kind: "backup", status: "error" });
        const failed = await takeBackup();
        assert.equal((await api().post(RESTORES, { backup: failed.id })).status, 400);

        const other = await world.emulator.control.putAccount({ email: "eve@example.com" });
        await world.emulator.control.putInstance("eve@example.com", "eve-shop");
        const stolen = await call(world.emulator, "POST", "/v1/instances/eve-shop/restores/", { key: other.apiKey, body: { backup: pending.id } });
        assert.deepEqual(stolen.json, { backup: [`Invalid pk "${pending.id}" - object does not exist.`] });
        assert.equal((await api().post(RESTORES, { backup: String(pending.id) })).status, 201, "a numeric string is a pk");
    });

    it("a second restore while one is scheduled or running is accepted (201), then ends aborted, changing nothing", async () => {
        const backup = await takeBackup();
        await world.emulator.control.setBehaviour({ ...EVERY_STATUS, restoreMs: 200 });
        const first = (await api().post(RESTORES, { backup: backup.id })).json;
        const second = await api().post(RESTORES, { backup: backup.id });
        assert.equal(second.status, 201);
        assert.equal(second.json.status, "scheduled");
        const ended = await followRestore(world.emulator, world.account.apiKey, second.json.links.self);
        assert.deepEqual(ended.statuses, ["scheduled", "aborted"]);
        assert.equal(ended.restore.status_info, "Restore already scheduled on specified instance.");
        assert.equal((await followRestore(world.emulator, world.account.apiKey, first.links.self)).restore.status, "success", "the first one still runs");
        const restores = await world.emulator.control.listRestores(INSTANCE);
        assert.deepEqual(restores.map((restore) => [restore.id, restore.status]), [[first.id, "success"], [second.json.id, "aborted"]]);
    });

    it("a missing key is 403 'You do not have permission…', an unknown one 403 'No such API Key.'", async () => {
        const missing = await call(world.emulator, "GET", `/v1${FULL}`);
        assert.equal(missing.status, 403);
        assert.deepEqual(missing.json, { detail: "You do not have permission to perform this action." });
        for (const key of ["f".repeat(40), "not-a-key"]) {
            const unknown = await call(world.emulator, "GET", `/v1${FULL}`, { key });
            assert.equal(unknown.status, 403);
            assert.deepEqual(unknown.json, { detail: "No such API Key." });
        }
        assert.equal((await call(world.emulator, "GET", "/v1/backups/full/")).status, 403);
        assert.equal((await world.emulator.control.getRequests()).forbidden, 4);
    });
});
