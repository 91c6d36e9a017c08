import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { call, followBackup, followRestore, INSTANCE, useSyncano } from "./support/syncanoFixture";

const run = promisify(execFile);

// Syncano's own Node client, unchanged, in a child process that trusts the emulator's CA the way any
// Node program would: NODE_EXTRA_CA_CERTS (the client's node-fetch uses its own https agent).
// The client builds that agent with `protocol: 'https'`: Node 20 forced it to 'https:', Node 22.23
// keeps it and then refuses every request (ERR_INVALID_PROTOCOL), whatever the server. The shim
// restores the forcing, so the library itself runs as published.
const CORE_SCRIPT = `
const https = require("node:https");
const NodeAgent = https.Agent;
https.Agent = class extends NodeAgent {
    constructor(options) {
        super(options);
        this.protocol = "https:";
    }
};
const Server = require(process.env.SYNCANO_CORE_PATH);
const { backups } = new Server({ accountKey: process.env.SYNCANO_ACCOUNT_KEY });
const capture = (error) => ({ message: error.message, status: error.status });
(async () => {
    const out = {};
    out.created = await backups.create();
    out.second = await backups.create().then(() => "created", capture);
    const deadline = Date.now() + 10000;
    do {
        await new Promise((resolve) => setTimeout(resolve, 50));
        out.got = await backups.get(out.created.id);
    } while (out.got.status !== "success" && Date.now() < deadline);
    out.list = await backups.list();
    out.last = await backups.last();
    out.deleted = (await backups.delete(out.created.id)) === undefined ? "undefined" : "something";
    out.after = await backups.list();
    out.missing = await backups.get(out.created.id).then(() => "found", capture);
    process.stdout.write(JSON.stringify(out));
    process.exit(0);
})().catch((error) => {
    process.stderr.write(String(error && error.stack || error));
    process.exit(1);
});
`;

/** One request of the seed, sent with curl when the machine has it, else with node:https alike. */
interface SeedRequest {
    method: string;
    path: string;
    headers: Record<string, string>;
    data?: string;
}

async function hasCurl(): Promise<boolean> {
    return run("curl", ["--version"]).then(
        () => true,
        () => false,
    );
}

describe("emulator Syncano with Syncano's own clients", function () {
    this.timeout(30_000);
    const world = useSyncano();

    it("@syncano/core 0.15 Backups works unchanged over v2: create, list, get, last, delete, and the platform's errors", async () => {
        const { stdout } = await run(process.execPath, ["-e", CORE_SCRIPT], {
            env: {
                ...process.env,
                ...world.emulator.env,
                SYNCANO_INSTANCE_NAME: INSTANCE,
                SYNCANO_ACCOUNT_KEY: world.account.apiKey,
                SYNCANO_CORE_PATH: require.resolve("@syncano/core"),
            },
            timeout: 20_000,
        });
        const out = JSON.parse(stdout);
        assert.equal(out.created.status, "scheduled");
        assert.equal(out.created.instance, INSTANCE);
        assert.deepEqual(out.created.links, { self: `/v2/backups/full/${out.created.id}/` });
        assert.deepEqual(out.second, { message: "You can have only one active backup running.", status: 400 });
        assert.equal(out.got.status, "success");
        assert.ok(out.got.size > 0);
        assert.deepEqual(out.list.map((backup: { id: number }) => backup.id), [out.created.id]);
        assert.equal(out.last.id, out.created.id);
        assert.equal(out.deleted, "undefined", "DELETE answers 204, which the client reads as nothing");
        assert.deepEqual(out.after, []);
        assert.deepEqual(out.missing, { message: "Not found.", status: 404 });

        const requests = await world.emulator.control.getRequests();
        assert.ok(Object.keys(requests.byPath).every((path) => path.includes(" /v2/")), "the client talks v2");
    });

    it("the seed's curl over v1: a full backup, OPTIONS on partial backups, a partial backup, a restore", async () => {
        const key = world.account.apiKey;
        const isCurl = await hasCurl();
        const send = async (request: SeedRequest): Promise<{ status: number; json: any }> => {
            if (!isCurl) {
                const answer = await call(world.emulator, request.method, request.path, { headers: request.headers, ...(request.data ? { rawBody: request.data } : {}) });
                return { status: answer.status, json: answer.json };
            }
            const args = ["-s", "--cacert", world.emulator.caFile, "-w", "\n%{http_code}", "-X", request.method];
            for (const [name, value] of Object.entries(request.headers)) args.push("-H", `${name}: ${value}`);
            if (request.data) args.push("-d", request.data);
            args.push(`${world.emulator.url}${request.path}`);
            const { stdout } = await run("curl", args);
            const cut = stdout.lastIndexOf("\n");
            return { status: Number(stdout.slice(cut + 1)), json: JSON.parse(stdout.slice(0, cut)) };
        };

        const full = await send({
            method: "POST",
            path: `/v1/instances/${INSTANCE}/backups/full/`,
            headers: { "X-API-KEY": key, "Content-type": "application/json" },
            data: '{"label": "backup label",\n         "description":"backup description"}',
        });
        assert.equal(full.status, 201);
        assert.deepEqual(
            { status: full.json.status, label: full.json.label, description: full.json.description, size: full.json.size, status_info: full.json.status_info, self: full.json.links.self },
            { status: "scheduled", label: "backup label", description: "backup description", size: null, status_info: "", self: `/v1/backups/full/${full.json.id}/` },
        );
        assert.equal((await followBackup(world.emulator, key, full.json.links.self)).backup.status, "success");

        const options = await send({ method: "OPTIONS", path: `/v1/instances/${INSTANCE}/backups/partial/`, headers: { "X-API-KEY": key } });
        assert.equal(options.status, 200);
        assert.equal(options.json.name, "Partial Backup List");
        assert.ok("class" in options.json.actions.POST.query_args.schema.properties);

        const partial = await send({
            method: "POST",
            path: `/v1/instances/${INSTANCE}/backups/partial/`,
            headers: { "X-API-KEY": key, "Content-type": "application/json" },
            data: '{"label": "backup label",\n         "room":"backup descriptio",\n         "query_args": {"class": ["user_profile"]}}',
        });
        assert.equal(partial.status, 201);
        assert.equal(partial.json.archive, null);
        assert.deepEqual(partial.json.links, { self: `/v1/backups/partial/${partial.json.id}/` });
        const done = (await followBackup(world.emulator, key, partial.json.links.self)).backup;
        assert.equal(done.status, "success");
        assert.match(done.archive, /^https:\/\//);

        const restore = await send({
            method: "POST",
            path: `/v1/instances/${INSTANCE}/restores/`,
            headers: { "X-API-KEY": key, "Content-type": "application/json" },
            data: `{"backup": ${full.json.id}}`,
        });
        assert.equal(restore.status, 201);
        assert.equal((await followRestore(world.emulator, key, restore.json.links.self)).restore.status, "success");
    });
});
