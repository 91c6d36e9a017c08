import * as assert from "node:assert/strict";
import { apiClient, EVERY_STATUS, followBackup, followRestore, INSTANCE, OWNER, SYNCANO_TIME, useSyncano } from "./support/syncanoFixture";

describe("emulator Syncano restores", function () {
    this.timeout(20_000);
    const world = useSyncano();
    const api = (version = "v1") => apiClient(world.emulator, world.account.apiKey, version);
    const RESTORES = `/instances/${INSTANCE}/restores/`;

    const takeBackup = async (kind: "full" | "partial", body?: unknown, instance = INSTANCE) => {
        const created = await api().post(`/instances/${instance}/backups/${kind}/`, body);
        assert.equal(created.status, 201, created.text);
        const { backup } = await followBackup(world.emulator, world.account.apiKey, created.json.links.self);
        assert.equal(backup.status, "success");
        return backup;
    };
    const restore = async (backupId: number, instance = INSTANCE, version = "v1") => {
        const created = await api(version).post(`/instances/${instance}/restores/`, { backup: backupId });
        assert.equal(created.status, 201, created.text);
        return followRestore(world.emulator, world.account.apiKey, created.json.links.self);
    };

    it("answers a restore in the platform's representation, then runs scheduled → running → success", async () => {
        const backup = await takeBackup("full");
        await world.emulator.control.setBehaviour(EVERY_STATUS);
        const created = await api("v2").post(RESTORES, { backup: backup.id });
        assert.equal(created.status, 201);
        assert.deepEqual(Object.keys(created.json), ["id", "backup", "created_at", "updated_at", "status", "archive", "status_info", "author", "links"]);
        assert.equal(created.json.backup, backup.id);
        assert.equal(created.json.status, "scheduled");
        assert.equal(created.json.archive, null);
        assert.equal(created.json.status_info, "");
        assert.equal(created.json.author.email, OWNER);
        assert.match(created.json.created_at, SYNCANO_TIME);
        assert.deepEqual(created.json.links, { self: `/v2/instances/${INSTANCE}/restores/${created.json.id}/` });
        const { statuses } = await followRestore(world.emulator, world.account.apiKey, created.json.links.self);
        assert.deepEqual(statuses, ["scheduled", "running", "success"]);
        const listed = await api().get(RESTORES);
        assert.deepEqual(listed.json.objects.map((item: any) => [item.id, item.status, item.links.self]), [[created.json.id, "success", `/v1/instances/${INSTANCE}/restores/${created.json.id}/`]]);
        assert.equal((await api().delete(`${RESTORES}${created.json.id}/`)).status, 405, "restores are not deleted");
    });

    it("a full restore puts the instance back exactly as it was, ids and all", async () => {
        const before = await world.emulator.control.getInstance(INSTANCE);
        const backup = await takeBackup("full");
        await world.emulator.control.putInstanceObjects(INSTANCE, {
            class: [{ id: 7, name: "music" }],
            data_object: [{ id: 40, class: "music", title: "Blue" }],
            user: [],
        });
        const changed = await world.emulator.control.getInstance(INSTANCE);
        assert.notDeepEqual(changed.objects, before.objects);

        const { restore: done } = await restore(backup.id);
        assert.equal(done.status, "success");
        assert.deepEqual((await world.emulator.control.getInstance(INSTANCE)).objects, before.objects);
    });

    it("a full backup restores into another instance of the account, replacing all it held", async () => {
        await world.emulator.control.putInstance(OWNER, "copy", { user: [{ id: 9, username: "zed" }], trigger: [{ class: "x", signal: "post_create" }] });
        const backup = await takeBackup("full");
        await restore(backup.id, "copy");
        const copy = await world.emulator.control.getInstance("copy");
        assert.deepEqual(copy.objects, (await world.emulator.control.getInstance(INSTANCE)).objects);
        assert.equal(copy.owner, OWNER);
    });

    it("a partial restore loads the archive on top of a freshly initialised instance", async () => {
        const backup = await takeBackup("partial", { query_args: { class: ["books"], user: [1] } });
        await world.emulator.control.putInstanceObjects(INSTANCE, { class: [{ name: "music" }], group: [{ label: "later" }, { label: "more" }] });

        await restore(backup.id);
        const after = (await world.emulator.control.getInstance(INSTANCE)).objects;
        assert.deepEqual(
            after.class.map((item) => [item.id, item.name]),
            [[1, "user_profile"], [2, "books"]],
            "the fresh instance's user_profile class, then the archived class (its id 1 taken, it gets the next)",
        );
        assert.deepEqual(after.data_object.map((item) => [item.id, item.title]), [[1, "Dune"], [2, "Emma"]], "archived data objects keep their ids");
        assert.deepEqual(after.user.map((item) => item.username), ["ann"]);
        assert.deepEqual(after.group.map((item) => item.label), ["staff"], "unselected types come back whole from the backup, later objects gone");
        assert.deepEqual(after.membership, [{ id: 1, user: 1, group: 1 }]);
        assert.deepEqual(after.script.map((item) => item.label), ["hello"]);
    });

    it("a partial archive's user_profile class takes the fresh one's place", async () => {
        await world.emulator.control.putInstance(OWNER, INSTANCE, { class: [{ id: 3, name: "user_profile", schema: [{ name: "nick", type: "string" }] }] });
        const backup = await takeBackup("partial", { query_args: { class: ["user_profile"] } });
        await world.emulator.control.putInstanceObjects(INSTANCE, { class: [] });
        await restore(backup.id);
        const classes = (await world.emulator.control.getInstance(INSTANCE)).objects.class;
        assert.deepEqual(classes, [{ id: 1, name: "user_profile", schema: [{ name: "nick", type: "string" }] }]);
    });

    it("a restore forced to fail ends error with its status_info and changes nothing", async () => {
        const backup = await takeBackup("full");
        await world.emulator.control.putInstanceObjects(INSTANCE, { user: [] });
        await world.emulator.control.forceOutcome({ kind: "restore", status: "error", statusInfo: "Class count exceeded (100)." });
        const { restore: failed } = await restore(backup.id);
        assert.equal(failed.status, "error");
        assert.equal(failed.status_info, "Class count exceeded (100).");
        assert.deepEqual((await world.emulator.control.getInstance(INSTANCE)).objects.user, []);
    });

    it("restores from a backup deleted after the restore was accepted (its archive was taken then)", async () => {
        const backup = await takeBackup("full");
        await world.emulator.control.putInstanceObjects(INSTANCE, { user: [] });
        const created = (await api().post(RESTORES, { backup: backup.id })).json;
        await world.emulator.control.deleteBackup(backup.id);
        const { restore: done } = await followRestore(world.emulator, world.account.apiKey, created.links.self);
        assert.equal(done.status, "success");
        assert.equal((await world.emulator.control.getInstance(INSTANCE)).objects.user.length, 2);
    });
});
