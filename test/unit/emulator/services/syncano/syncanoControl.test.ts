import * as assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { isEmulatorControlError } from "../../../../../emulator/control/controlClientBase";
import { OBJECT_TYPES } from "../../../../../emulator/services/syncano/syncanoEmulator";
import { apiClient, call, EVERY_STATUS, followBackup, INSTANCE, OWNER, useSyncano } from "./support/syncanoFixture";

const rejectsWith = (status: number, pattern: RegExp) => (error: unknown) => isEmulatorControlError(error) && error.status === status && pattern.test(error.message);

describe("emulator Syncano control API", function () {
    this.timeout(20_000);
    const world = useSyncano();
    const api = () => apiClient(world.emulator, world.account.apiKey);
    const FULL = `/instances/${INSTANCE}/backups/full/`;

    it("reports health, and its env points clients at it", async () => {
        assert.deepEqual(await world.emulator.control.health(), { status: "ok", url: world.emulator.url });
        assert.match(world.emulator.host, /^127\.0\.0\.1:\d+$/);
        assert.equal(world.emulator.url, `https://${world.emulator.host}`);
        assert.deepEqual(world.emulator.env, {
            DECLARATIVE_BACKUPS_SYNCANO_URL: world.emulator.url,
            SYNCANO_HOST: world.emulator.host,
            NODE_EXTRA_CA_CERTS: world.emulator.caFile,
            DECLARATIVE_BACKUPS_CA_FILE: world.emulator.caFile,
        });
    });

    it("seeds accounts: a generated key, names, a limit; the email identifies the account", async () => {
        assert.deepEqual(world.account, { id: 1, email: OWNER, apiKey: world.account.apiKey, firstName: "Ann", lastName: "Archer" });
        const updated = await world.emulator.control.putAccount({ email: OWNER, backupsPerAccount: 3 });
        assert.equal(updated.apiKey, world.account.apiKey);
        assert.equal(updated.backupsPerAccount, 3);
        await assert.rejects(world.emulator.control.putAccount({ email: "bob@example.com", apiKey: "short" }), rejectsWith(400, /40 hex/));
        await assert.rejects(world.emulator.control.putAccount({ email: "bob@example.com", apiKey: world.account.apiKey }), rejectsWith(400, /already/));
        await assert.rejects(world.emulator.control.putAccount({ email: "not an email" }), rejectsWith(400, /email/));
    });

    it("seeds instances freshly initialised, with the given types instead, ids assigned where missing", async () => {
        const blog = await world.emulator.control.putInstance(OWNER, "Blog", { data_object: [{ id: 5, class: "user_profile", x: 1 }, { class: "user_profile", x: 2 }] });
        assert.equal(blog.name, "blog", "instance names are lower case");
        assert.equal(blog.owner, OWNER);
        assert.deepEqual(Object.keys(blog.objects), [...OBJECT_TYPES]);
        assert.deepEqual(blog.objects.class.map((item) => item.name), ["user_profile"], "the fresh instance's class");
        assert.deepEqual(blog.objects.data_object.map((item) => item.id), [5, 6]);

        const shop = await world.emulator.control.getInstance(INSTANCE);
        assert.deepEqual(shop.objects.class.map((item) => [item.id, item.name]), [[1, "books"], [2, "films"]]);
        assert.deepEqual(shop.objects.user.map((item) => [item.id, item.username]), [[1, "ann"], [2, "bob"]]);

        const changed = await world.emulator.control.putInstanceObjects(INSTANCE, { user: [{ username: "cy" }] });
        assert.deepEqual(changed.objects.user, [{ username: "cy", id: 1 }]);
        assert.equal(changed.objects.class.length, 2, "other types stay");

        await assert.rejects(world.emulator.control.putInstance(OWNER, "x", { klass: [] } as never), rejectsWith(400, /Unknown object type 'klass'/));
        await assert.rejects(world.emulator.control.putInstance(OWNER, "x", { class: [{ schema: [] }] }), rejectsWith(400, /needs a name/));
        await assert.rejects(world.emulator.control.putInstance(OWNER, "x", { data_object: [{ title: "orphan" }] }), rejectsWith(400, /needs a class/));
        await assert.rejects(world.emulator.control.putInstance(OWNER, "x", { user: [{ id: 1 }, { id: 1 }] }), rejectsWith(400, /used twice/));
        await assert.rejects(world.emulator.control.putInstance("nobody@example.com", "x"), rejectsWith(404, /No account/));
        await assert.rejects(world.emulator.control.putInstance(OWNER, "bad name!"), rejectsWith(400, /Instance name/));
        assert.equal(await world.emulator.control.findInstance("x"), undefined);
    });

    it("lists, reads, deletes (even running) and sets the status of backups behind the API's back", async () => {
        await world.emulator.control.setBehaviour({ runningMs: 5000 });
        const created = (await api().post(FULL, { label: "l" })).json;
        const running = await world.emulator.control.waitForBackup(created.id, ["running"]);
        assert.deepEqual(
            { id: running.id, kind: running.kind, instance: running.instance, owner: running.owner, label: running.label, size: running.size },
            { id: created.id, kind: "full", instance: INSTANCE, owner: OWNER, label: "l", size: null },
        );
        assert.deepEqual((await world.emulator.control.listBackups(OWNER)).map((backup) => backup.id), [created.id]);
        assert.deepEqual(await world.emulator.control.listBackups("eve@example.com").catch((error) => error.status), 404);
        await world.emulator.control.deleteBackup(created.id);
        assert.equal((await api().get(`${FULL}${created.id}/`)).status, 404);
        assert.equal((await api().post(FULL)).status, 201, "no active backup left");
    });

    it("setBackupStatus freezes a backup; success archives the instance as it is", async () => {
        await world.emulator.control.setBehaviour({ scheduledMs: 5000 });
        const created = (await api().post(`/instances/${INSTANCE}/backups/partial/`, { query_args: { class: ["films"] } })).json;
        const frozen = await world.emulator.control.setBackupStatus(created.id, "running");
        assert.equal(frozen.status, "running");
        assert.equal((await api().delete(`/backups/partial/${created.id}/`)).status, 400);

        const done = await world.emulator.control.setBackupStatus(created.id, "success");
        assert.equal(done.status, "success");
        assert.deepEqual(done.details.data_object, { count: 1 });
        assert.match(done.archive!, /\/backup\.zip$/);
        assert.equal((await call(world.emulator, "GET", done.archive!)).status, 200);

        const failed = await world.emulator.control.setBackupStatus(created.id, "error", "Disk on fire.");
        assert.deepEqual([failed.status, failed.statusInfo, failed.archive, failed.size], ["error", "Disk on fire.", undefined, null]);
        await assert.rejects(world.emulator.control.setBackupStatus(created.id, "done" as never), rejectsWith(400, /'status' must be one of/));
    });

    it("forced outcomes end the next backups as asked", async () => {
        await world.emulator.control.forceOutcome({ kind: "backup", status: "aborted", statusInfo: "Maintenance.", count: 1 });
        await world.emulator.control.setBehaviour(EVERY_STATUS);
        const first = (await api().post(FULL)).json;
        const { statuses, backup } = await followBackup(world.emulator, world.account.apiKey, first.links.self);
        assert.deepEqual(statuses, ["scheduled", "running", "aborted"]);
        assert.equal(backup.status_info, "Maintenance.");
        assert.deepEqual(await world.emulator.control.listOutcomes(), []);
        const second = (await api().post(FULL)).json;
        assert.equal((await followBackup(world.emulator, world.account.apiKey, second.links.self)).backup.status, "success");
        await assert.rejects(world.emulator.control.forceOutcome({ kind: "backup", status: "success" as never }), rejectsWith(400, /'status'/));
    });

    it("validates behaviour updates and answers the settings", async () => {
        const settings = await world.emulator.control.setBehaviour({ runningMs: 77 });
        assert.equal(settings.runningMs, 77);
        assert.equal(settings.partialSizeLimitBytes, 5 * 1024 * 1024);
        assert.equal(settings.backupsPerAccount, 25);
        await assert.rejects(world.emulator.control.setBehaviour({ nope: 1 } as never), rejectsWith(400, /Unknown setting/));
        await assert.rejects(world.emulator.control.setBehaviour({ runningMs: -1 }), rejectsWith(400, /runningMs/));
    });

    it("injects faults in the platform's dialect: 429 with Retry-After, Django's 500 page, dropped connections", async () => {
        await world.emulator.control.addFault({ pathPattern: "/backups/full$", kind: "429", count: 1, retryAfterSeconds: 3 });
        const throttled = await api().get(FULL);
        assert.equal(throttled.status, 429);
        assert.equal(throttled.headers["retry-after"], "3");
        assert.deepEqual(throttled.json, { detail: "Request was throttled. Expected available in 3 seconds." });
        assert.equal((await api().get(FULL)).status, 200, "count 1: retired");

        await world.emulator.control.addFault({ pathPattern: "/restores$", kind: "500", rate: 1 });
        const failed = await api().get(`/instances/${INSTANCE}/restores/`);
        assert.equal(failed.status, 500);
        assert.equal(failed.text, "<h1>Server Error (500)</h1>");
        assert.equal((await world.emulator.control.clearFaults()), 1);

        await world.emulator.control.addFault({ kind: "reset", count: 1 });
        await assert.rejects(api().get(FULL), /socket hang up|ECONNRESET/);
        await assert.rejects(world.emulator.control.addFault({ kind: "teapot" as never }), rejectsWith(400, /'kind'/));

        const requests = await world.emulator.control.getRequests();
        assert.equal(requests.faultsInjected, 3);
        assert.equal(requests.throttled, 0, "injected 429s are faults, not throttling");
        assert.equal(requests.total, 4);
        assert.equal(requests.byPath[`GET /v1/instances/${INSTANCE}/backups/full`].count, 3);
        assert.equal(requests.byOperation["FullBackups.List"].statuses["none"], 1);
    });

    it("deleting an instance keeps its backups (instance null) and drops its restores", async () => {
        const created = (await api().post(FULL)).json;
        await followBackup(world.emulator, world.account.apiKey, created.links.self);
        await api().post(`/instances/${INSTANCE}/restores/`, { backup: created.id });
        await world.emulator.control.deleteInstance(INSTANCE);
        assert.equal((await world.emulator.control.getBackup(created.id)).instance, null);
        assert.equal((await api().get(`/backups/full/${created.id}/`)).json.instance, null);
        await assert.rejects(world.emulator.control.listRestores(INSTANCE), rejectsWith(404, /No instance/));
        await delay(100); // the dropped restore's steps stand down
    });

    it("reset forgets everything", async () => {
        await world.emulator.control.addFault({ kind: "500", pathPattern: "never" });
        await world.emulator.control.setBehaviour({ runningMs: 999 });
        await world.emulator.control.reset();
        assert.deepEqual(await world.emulator.control.listAccounts(), []);
        assert.equal(await world.emulator.control.findInstance(INSTANCE), undefined);
        assert.deepEqual(await world.emulator.control.listFaults(), []);
        assert.equal((await world.emulator.control.getBehaviour()).runningMs, 500);
        assert.equal((await world.emulator.control.getRequests()).total, 0);
        assert.deepEqual(await world.emulator.control.listBackups(), []);
    });
});
