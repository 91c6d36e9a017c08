import * as assert from "node:assert/strict";
import type { SyncanoBackup } from "../../../provider/syncano/api";
import { backupMarker, isInSeries, markerKey, markerOf, userMetadataOf } from "../../../provider/syncano/backupMarker";
import { backupRequestBody, findAdoptableBackup, markerFor, pruneSeries, seriesOf, takeBackup, type BackupSpec } from "../../../provider/syncano/backupRun";
import type { SyncanoClient, SyncanoRequest } from "../../../provider/syncano/syncanoClient";
import { SyncanoError } from "../../../provider/syncano/syncanoError";
import { capturingLogger } from "../core/support/fakes";

const spec: BackupSpec = {
    kind: "full",
    typeName: "FullBackup",
    resourceName: "nightly",
    stackName: "shop/prod",
    instanceName: "shop",
    label: "nightly",
    metadata: { env: "prod" },
    keepLast: 2,
    retainOnDelete: false,
    triggers: ["2026-12-05"],
    deadlineMinutes: 1,
};

/** An in-memory account: backups by id, POSTs answered with `answers` first (errors), then created. */
function fakeAccount(backups: SyncanoBackup[], answers: Array<SyncanoError | undefined> = []) {
    const requests: string[] = [];
    let nextId = Math.max(0, ...backups.map((b) => b.id)) + 1;
    const client: SyncanoClient = {
        baseUrl: "https://fake",
        async send<T>(request: SyncanoRequest) {
            const path = request.path.replace(/^https:\/\/fake/, "").replace(/\?.*$/, "");
            requests.push(`${request.method} ${path}`);
            const byId = /\/backups\/full\/(\d+)\/$/.exec(path);
            if (request.method === "POST") {
                const answer = answers.shift();
                if (answer) throw answer;
                const body = request.body as Record<string, any>;
                const created: SyncanoBackup = { id: nextId++, instance: "shop", created_at: new Date().toISOString(), updated_at: "", size: null, status: "success", status_info: "", label: body.label ?? "", description: "", metadata: body.metadata };
                backups.push(created);
                return { status: 201, headers: {}, body: created as T };
            }
            if (request.method === "DELETE" && byId) {
                const index = backups.findIndex((b) => b.id === Number(byId[1]));
                if (index < 0) throw new SyncanoError({ operation: "x", statusCode: 404, body: { detail: "Not found." } });
                backups.splice(index, 1);
                return { status: 204, headers: {}, body: undefined as T };
            }
            if (byId) {
                const found = backups.find((b) => b.id === Number(byId[1]));
                if (!found) throw new SyncanoError({ operation: "x", statusCode: 404, body: { detail: "Not found." } });
                return { status: 200, headers: {}, body: found as T };
            }
            const kind = /backups\/(full|partial)\/$/.exec(path)?.[1];
            return { status: 200, headers: {}, body: { next: null, objects: kind === "full" ? backups : [] } as T };
        },
    };
    return { client, backups, requests };
}

function backup(id: number, metadata: Record<string, unknown> | undefined, extra: Partial<SyncanoBackup> = {}): SyncanoBackup {
    return { id, instance: "shop", created_at: new Date().toISOString(), updated_at: "", size: 1, status: "success", status_info: "", label: "", description: "", metadata: metadata ?? {}, ...extra };
}

describe("Syncano backup marker", () => {
    it("is the same for the same request and changes with any of it", () => {
        const a = markerFor(spec);
        assert.deepEqual(a, markerFor({ ...spec, keepLast: 9, deadlineMinutes: 5 }), "settings are not part of the request");
        assert.notEqual(a.run, markerFor({ ...spec, triggers: ["2026-12-06"] }).run);
        assert.notEqual(a.run, markerFor({ ...spec, stackName: "shop/dev" }).run);
        assert.equal(a.stack, "shop/prod");
        assert.equal(a.resource, "FullBackup:nightly");
        assert.match(a.run, /^[0-9a-f]{16}$/);
    });

    it("travels in metadata beside the user's keys, and is read back", () => {
        const body = backupRequestBody(spec);
        assert.deepEqual(body.metadata, { env: "prod", [markerKey]: markerFor(spec) });
        assert.deepEqual(markerOf({ metadata: body.metadata as Record<string, unknown> }), markerFor(spec));
        assert.deepEqual(userMetadataOf(body.metadata as Record<string, unknown>), { env: "prod" });
        assert.equal(markerOf({ metadata: { [markerKey]: "x" } }), undefined);
        assert.ok(isInSeries({ metadata: body.metadata as Record<string, unknown>, instance: "shop" }, seriesOf(spec)));
        assert.ok(!isInSeries({ metadata: body.metadata as Record<string, unknown>, instance: "other" }, seriesOf(spec)));
    });
});

describe("Syncano backup runs", () => {
    const ours = (extra: Partial<BackupSpec> = {}) => ({ [markerKey]: markerFor({ ...spec, ...extra }) });
    const anotherStack = { [markerKey]: backupMarker({ stack: "shop/dev", resource: "FullBackup:nightly", instance: "shop" }, { instance: "shop", triggers: [] }) };

    it("adopts the killed run's backup (same request, running or done), never a failed one nor the earlier one", async () => {
        const { client } = fakeAccount([backup(1, ours(), { status: "error" }), backup(2, ours(), { status: "running" }), backup(3, anotherStack, { status: "running" })]);
        assert.equal((await findAdoptableBackup(client, spec, {}))?.id, 2);
        assert.equal(await findAdoptableBackup(client, spec, { backupId: 2 }), undefined);
        assert.equal(await findAdoptableBackup(client, { ...spec, triggers: ["other"] }, {}), undefined);
    });

    it("keepLast deletes only this resource's oldest ended backups, never another stack's or a foreign one", async () => {
        const { client, backups } = fakeAccount([
            backup(1, ours({ triggers: ["d1"] })),
            backup(2, anotherStack),
            backup(3, undefined),
            backup(4, ours({ triggers: ["d2"] })),
            backup(5, ours({ triggers: ["d3"] }), { status: "running" }),
            backup(6, ours()),
        ]);
        const deleted = await pruneSeries(client, spec, 2, 6, capturingLogger());
        assert.deepEqual(deleted, [1, 4]);
        assert.deepEqual(backups.map((b) => b.id), [2, 3, 5, 6]);
    });

    it("waits out another active backup, and at the account's limit makes room with keepLast, else names the limit", async () => {
        const limit = new SyncanoError({ operation: "FullBackups.Create", statusCode: 400, body: { detail: "Maximum number of backups per account reached (25)." } });
        const busy = new SyncanoError({ operation: "FullBackups.Create", statusCode: 400, body: { detail: "You can have only one active backup running." } });
        const full = fakeAccount([backup(1, ours({ triggers: ["d1"] })), backup(2, ours({ triggers: ["d2"] })), backup(3, anotherStack)], [busy, limit]);
        const log = capturingLogger();
        const taken = await takeBackup(full.client, spec, {}, log);
        assert.deepEqual(full.backups.map((b) => b.id), [2, 3, taken.id], "the oldest of this resource's went to make room");
        assert.equal(full.requests.filter((r) => r.startsWith("POST")).length, 3, "asked again after the account was idle, and after making room");
        assert.ok(log.lines.some((l) => /deleting backup #1 of instance "shop" .*to make room: the account holds its limit of 25 backups and keepLast is 2/.test(l)));

        const none = fakeAccount([backup(3, anotherStack)], [limit]);
        await assert.rejects(takeBackup(none.client, { ...spec, keepLast: undefined }, {}, capturingLogger()), /FullBackup nightly: the Syncano account holds its limit of 25 backups \(full and partial, failed ones included\): set keepLast on this resource/);
        assert.deepEqual(none.backups.map((b) => b.id), [3], "nothing of another stack's was deleted");
    });

    it("fails with status_info when the backup ends error, and deletes it", async () => {
        const { client, backups } = fakeAccount([]);
        const failing: SyncanoClient = {
            baseUrl: client.baseUrl,
            async send<T>(request: SyncanoRequest) {
                const response = await client.send<T>(request);
                if (request.method === "POST") Object.assign(response.body as object, { status: "error", status_info: "Instance no longer exists." });
                return response;
            },
        };
        await assert.rejects(takeBackup(failing, spec, {}, capturingLogger()), /FullBackup nightly: backup #1 of instance "shop" ended error: Instance no longer exists\. \(the failed backup was deleted/);
        assert.deepEqual(backups, []);
    });
});
