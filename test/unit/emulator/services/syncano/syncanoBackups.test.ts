import * as assert from "node:assert/strict";
import { readZip } from "../../../../../emulator/services/storage/zipArchive";
import { apiClient, call, EVERY_STATUS, followBackup, INSTANCE, OWNER, SYNCANO_TIME, useSyncano } from "./support/syncanoFixture";

describe("emulator Syncano backups", function () {
    this.timeout(20_000);
    const world = useSyncano();
    const api = (version = "v1") => apiClient(world.emulator, world.account.apiKey, version);
    const FULL = `/instances/${INSTANCE}/backups/full/`;
    const PARTIAL = `/instances/${INSTANCE}/backups/partial/`;

    it("creates a full backup as the seed's curl shows it, then runs scheduled → running → success with size and details", async () => {
        await world.emulator.control.setBehaviour(EVERY_STATUS);
        const created = await api().post(FULL, { label: "backup label", description: "backup description" });
        assert.equal(created.status, 201);
        const backup = created.json;
        assert.deepEqual(Object.keys(backup), [
            "id", "instance", "created_at", "updated_at", "size", "status", "status_info", "description", "label", "author", "details", "metadata", "links",
        ]);
        assert.equal(typeof backup.id, "number");
        assert.equal(backup.instance, INSTANCE);
        assert.match(backup.created_at, SYNCANO_TIME);
        assert.match(backup.updated_at, SYNCANO_TIME);
        assert.ok(backup.updated_at >= backup.created_at);
        assert.equal(backup.size, null);
        assert.equal(backup.status, "scheduled");
        assert.equal(backup.status_info, "");
        assert.equal(backup.label, "backup label");
        assert.equal(backup.description, "backup description");
        assert.deepEqual(backup.author, {
            id: world.account.id, email: OWNER, first_name: "Ann", last_name: "Archer", is_active: true, has_password: true, metadata: {},
        });
        assert.deepEqual(backup.details, {});
        assert.deepEqual(backup.metadata, {});
        assert.deepEqual(backup.links, { self: `/v1/backups/full/${backup.id}/` });

        const { statuses, backup: done } = await followBackup(world.emulator, world.account.apiKey, backup.links.self);
        assert.deepEqual(statuses, ["scheduled", "running", "success"]);
        assert.ok(done.size > 0);
        assert.deepEqual(done.details, {
            class: { count: 2, list: ["books", "films"] },
            script: { count: 1 },
            group: { count: 1 },
            user: { count: 2 },
            data_object: { count: 3 },
            membership: { count: 1 },
        });
        assert.ok(done.updated_at > done.created_at);
        assert.equal("archive" in done, false, "full backups have no archive field");
    });

    it("writes links with the prefix used: v1, v1.1 and v2 serve the same backups", async () => {
        const created = (await api("v1.1").post(FULL)).json;
        assert.deepEqual(created.links, { self: `/v1.1/backups/full/${created.id}/` });
        for (const version of ["v1", "v1.1", "v2"]) {
            const listed = await api(version).get(FULL);
            assert.equal(listed.status, 200);
            assert.deepEqual(listed.json.objects.map((item: any) => [item.id, item.links.self]), [[created.id, `/${version}/backups/full/${created.id}/`]]);
            const got = await api(version).get(`/backups/full/${created.id}/`);
            assert.equal(got.status, 200);
            assert.equal(got.json.id, created.id);
        }
    });

    it("requires the trailing slash: without it, Django's 404 page", async () => {
        const answer = await call(world.emulator, "GET", `/v1/instances/${INSTANCE}/backups/full`, { key: world.account.apiKey });
        assert.equal(answer.status, 404);
        assert.match(String(answer.headers["content-type"]), /^text\/html/);
        assert.equal(answer.text, "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>");
        assert.equal((await call(world.emulator, "GET", `/v3/instances/${INSTANCE}/backups/full/`, { key: world.account.apiKey })).status, 404);
    });

    it("refuses PUT and PATCH on a backup with 405, and POST on the account-level list", async () => {
        const created = (await api().post(FULL)).json;
        for (const method of ["PUT", "PATCH"]) {
            const answer = await call(world.emulator, method, `/v1${FULL}${created.id}/`, { key: world.account.apiKey, body: {} });
            assert.equal(answer.status, 405);
            assert.deepEqual(answer.json, { detail: `Method "${method}" not allowed.` });
        }
        const post = await api().post("/backups/full/", {});
        assert.equal(post.status, 405);
        assert.deepEqual(post.json, { detail: 'Method "POST" not allowed.' });
        assert.match(String(post.headers.allow), /GET/);
    });

    it("checks label, description and metadata as the platform's serializer does", async () => {
        const answer = await api().post(FULL, { label: "x".repeat(65), description: "y".repeat(257), metadata: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 } });
        assert.equal(answer.status, 400);
        assert.deepEqual(answer.json, {
            description: ["Ensure this field has no more than 256 characters."],
            label: ["Ensure this field has no more than 64 characters."],
            metadata: ["Too many keys defined (exceeds 8)."],
        });
        assert.deepEqual((await api().post(FULL, { metadata: "[1]" })).json, { metadata: ["Metadata passed in invalid format."] });
        assert.deepEqual((await api().post(FULL, { label: null })).json, { label: ["This field may not be null."] });
        const kept = await api().post(FULL, { label: "x".repeat(64), metadata: { team: "ops" } });
        assert.equal(kept.status, 201);
        assert.deepEqual(kept.json.metadata, { team: "ops" });
    });

    it("answers a body that is not JSON with DRF's parse error", async () => {
        const answer = await call(world.emulator, "POST", `/v1${FULL}`, { key: world.account.apiKey, rawBody: "{label:", headers: { "Content-Type": "application/json" } });
        assert.equal(answer.status, 400);
        assert.match(answer.json.detail, /^JSON parse error - /);
    });

    it("takes a form-encoded body too (query_args as a JSON string)", async () => {
        const form = new URLSearchParams({ label: "form", query_args: JSON.stringify({ class: ["books"] }) }).toString();
        const answer = await call(world.emulator, "POST", `/v1${PARTIAL}`, { key: world.account.apiKey, rawBody: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
        assert.equal(answer.status, 201);
        assert.equal(answer.json.label, "form");
    });

    it("creates a partial backup whose archive URL, at success, downloads the selected objects as a zip", async () => {
        const created = await api().post(PARTIAL, { label: "books only", query_args: { class: ["books"] } });
        assert.equal(created.status, 201);
        assert.deepEqual(Object.keys(created.json), [
            "id", "instance", "created_at", "updated_at", "archive", "size", "status", "status_info", "author", "details", "description", "label", "metadata", "links",
        ]);
        assert.equal(created.json.archive, null);
        assert.equal("query_args" in created.json, false, "query_args is write-only");
        assert.deepEqual(created.json.links, { self: `/v1/backups/partial/${created.json.id}/` });

        const { backup } = await followBackup(world.emulator, world.account.apiKey, created.json.links.self);
        assert.equal(backup.status, "success");
        assert.match(backup.archive, new RegExp(`^${world.emulator.url}/media/backups/${world.account.id}/${backup.id}/[0-9a-f]{40}/backup\\.zip$`));
        assert.deepEqual(backup.details.class, { count: 1, list: ["books"] });
        assert.deepEqual(backup.details.data_object, { count: 2 }, "selecting a class limits its data objects");
        assert.deepEqual(backup.details.user, { count: 2 }, "unrelated types are backed up whole");

        const download = await call(world.emulator, "GET", backup.archive);
        assert.equal(download.status, 200, "no key needed: the URL is the secret");
        assert.equal(download.headers["content-type"], "application/zip");
        assert.equal(download.body.length, backup.size);
        const entries = new Map(readZip(download.body).map((entry) => [entry.name, JSON.parse(entry.data.toString("utf8"))]));
        assert.ok(entries.has("migrations/00000000.json"));
        assert.deepEqual(entries.get("class/00000000.json").map((item: any) => item.name), ["books"]);
        assert.deepEqual(entries.get("data_object/00000000.json").map((item: any) => item.title), ["Dune", "Emma"]);
        assert.equal(entries.has("class/00000001.json"), false);

        const wrongToken = backup.archive.replace(/\/[0-9a-f]{40}\//, `/${"0".repeat(40)}/`);
        assert.equal((await call(world.emulator, "GET", wrongToken)).status, 404);
    });

    it("takes query_args by name or id per type, null for all and [] for none", async () => {
        const created = await api().post(PARTIAL, { query_args: { user: [2], data_object: null, group: [], class: null } });
        assert.equal(created.status, 201);
        const { backup } = await followBackup(world.emulator, world.account.apiKey, created.json.links.self);
        assert.deepEqual(backup.details.user, { count: 1 });
        assert.deepEqual(backup.details.data_object, { count: 3 });
        assert.equal(backup.details.group, undefined);
        assert.equal(backup.details.membership, undefined, "a membership's group was not selected");
    });

    it("refuses query_args that are missing, empty or outside the schema, in the platform's words", async () => {
        const cases: Array<[unknown, string]> = [
            [undefined, "This field is required."],
            [{}, "This field is required."],
            ["{not json", "Not a valid JSON string."],
            [{ klass: ["books"] }, "Invalid JSON: Object contains unexpected property."],
            [{ class: [1] }, 'Invalid JSON: Element "0" contains value of wrong type (expected: string).'],
            [{ user: ["ann"] }, 'Invalid JSON: Element "0" contains value of wrong type (expected: integer).'],
            [{ class: "books" }, "Invalid JSON: Object contains value of wrong type (expected: null)."],
            [["class"], "Invalid JSON: Object contains value of wrong type (expected: object)."],
        ];
        for (const [queryArgs, message] of cases) {
            const answer = await api().post(PARTIAL, queryArgs === undefined ? {} : { query_args: queryArgs });
            assert.equal(answer.status, 400, JSON.stringify(queryArgs));
            assert.deepEqual(answer.json, { query_args: [message] }, JSON.stringify(queryArgs));
        }
        assert.equal((await api().post(PARTIAL, { query_args: '{"class": ["books"]}' })).status, 201, "a JSON string is read");
    });

    it("answers OPTIONS on the partial list with the fields and the query_args JSON schema", async () => {
        const answer = await api().options(PARTIAL);
        assert.equal(answer.status, 200);
        assert.equal(answer.json.name, "Partial Backup List");
        assert.deepEqual(answer.json.renders, ["application/json", null, "text/html"]);
        const post = answer.json.actions.POST;
        assert.deepEqual(post.label, { type: "string", required: false, read_only: false, label: "Label", max_length: 64 });
        assert.deepEqual(post.description, { type: "string", required: false, read_only: false, label: "Description", max_length: 256 });
        assert.equal(post.archive.read_only, true);
        assert.equal(post.query_args.required, true);
        const schema = post.query_args.schema;
        assert.equal(schema.type, "object");
        assert.equal(schema.additionalProperties, false);
        assert.equal(Object.keys(schema.properties).length, 23);
        assert.deepEqual(schema.properties.class, { anyOf: [{ type: "null" }, { type: "array", items: { type: "string" } }] });
        assert.deepEqual(schema.properties.data_object, { anyOf: [{ type: "null" }, { type: "array", items: { type: "integer" } }] });
        for (const type of ["user", "group", "script", "data_object", "channel", "trigger", "schedule", "socket", "hosting"]) assert.ok(type in schema.properties, type);

        const full = await api().options(FULL);
        assert.equal(full.json.name, "Full Backup List");
        assert.equal("query_args" in full.json.actions.POST, false);
        const detail = await api().options(`${FULL}1/`);
        assert.equal(detail.status, 200);
        assert.equal(detail.json.actions, undefined);
    });

    it("lists the caller's backups across instances at /v1/backups/full/ and /v1/backups/partial/, with get and delete by id", async () => {
        await world.emulator.control.putInstance(OWNER, "blog", { class: [{ name: "posts" }] });
        const first = (await api().post(FULL)).json;
        await followBackup(world.emulator, world.account.apiKey, first.links.self);
        const second = (await api().post("/instances/blog/backups/full/")).json;
        await followBackup(world.emulator, world.account.apiKey, second.links.self);
        const partial = (await api().post(PARTIAL, { query_args: { class: null } })).json;
        await followBackup(world.emulator, world.account.apiKey, partial.links.self);

        const full = await api().get("/backups/full/");
        assert.deepEqual(full.json.objects.map((item: any) => [item.id, item.instance]), [[first.id, INSTANCE], [second.id, "blog"]]);
        assert.deepEqual((await api().get("/backups/partial/")).json.objects.map((item: any) => item.id), [partial.id]);
        assert.deepEqual((await api().get(FULL)).json.objects.map((item: any) => item.id), [first.id], "the instance list holds its own only");
        assert.equal((await api().get(`/backups/full/${partial.id}/`)).status, 404, "a partial backup is not a full one");
        assert.equal((await api().get(`${FULL}${second.id}/`)).status, 404, "another instance's backup is not under this one");
        assert.deepEqual((await api().get("/backups/full/abc/")).json, { detail: "Not found." });

        const deleted = await api().delete(`/backups/full/${second.id}/`);
        assert.equal(deleted.status, 204);
        assert.equal(deleted.text, "");
        assert.equal((await api().get(`/backups/full/${second.id}/`)).status, 404);
        assert.equal((await api().delete(`${PARTIAL}${partial.id}/`)).status, 204);
    });

    it("keeps a deleted instance's backups with instance null; one scheduled then fails with 'Instance no longer exists.'", async () => {
        await world.emulator.control.setBehaviour({ scheduledMs: 150 });
        const created = (await api().post(FULL)).json;
        await world.emulator.control.deleteInstance(INSTANCE);
        const { backup } = await followBackup(world.emulator, world.account.apiKey, created.links.self);
        assert.equal(backup.status, "error");
        assert.equal(backup.status_info, "Instance no longer exists.");
        assert.equal(backup.instance, null);
        assert.equal(backup.size, null);
    });
});
