import * as https from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import { startSyncanoEmulator, type RunningSyncanoEmulator, type SyncanoEmulatorOptions } from "../../../../../../emulator/services/syncano/syncanoEmulator";
import type { ObjectsSeed, SyncanoAccountModel } from "../../../../../../emulator/services/syncano/control/syncanoControlModels";
import { testDataDir } from "../../../support/emulatorFixture";

/** The seeded account's email. */
export const OWNER = "ann@example.com";

/** The seeded instance. */
export const INSTANCE = "shop";

/** What the seeded instance holds: two classes with data objects, users, a group, a membership, a script. */
export const SHOP_OBJECTS: ObjectsSeed = {
    class: [
        { name: "books", schema: [{ name: "title", type: "string" }] },
        { name: "films", schema: [{ name: "title", type: "string" }] },
    ],
    data_object: [
        { class: "books", title: "Dune" },
        { class: "books", title: "Emma" },
        { class: "films", title: "Alien" },
    ],
    user: [{ username: "ann" }, { username: "bob" }],
    group: [{ label: "staff" }],
    membership: [{ user: 1, group: 1 }],
    script: [{ label: "hello", runtime_name: "nodejs_v8", source: "console.log('hi')" }],
};

/** Timings short enough for the whole file set to run in seconds, long enough to see every status. */
export const FAST = { scheduledMs: 20, runningMs: 40, restoreMs: 40 } as const;

/** Timings for a test that asserts every status in turn: a loaded machine's polls still see each one. */
export const EVERY_STATUS = { scheduledMs: 500, runningMs: 500, restoreMs: 500 } as const;

/** What {@link useSyncano} hands its suite. */
export interface SyncanoWorld {
    readonly emulator: RunningSyncanoEmulator;
    /** The seeded owner of {@link INSTANCE}. */
    readonly account: SyncanoAccountModel;
}

/**
 * Registers the mocha hooks of a suite: one Syncano emulator for the suite, and before each test a
 * reset, fast timings, the account {@link OWNER} and the instance {@link INSTANCE} with {@link SHOP_OBJECTS}.
 */
export function useSyncano(options: SyncanoEmulatorOptions = {}): SyncanoWorld {
    let emulator: RunningSyncanoEmulator | undefined;
    let account: SyncanoAccountModel | undefined;
    before(async () => {
        emulator = await startSyncanoEmulator({ dataDir: testDataDir(), ...options });
    });
    after(() => emulator?.close());
    beforeEach(async () => {
        await emulator!.control.reset();
        await emulator!.control.setBehaviour(FAST);
        account = await emulator!.control.putAccount({ email: OWNER, firstName: "Ann", lastName: "Archer" });
        await emulator!.control.putInstance(OWNER, INSTANCE, SHOP_OBJECTS);
    });
    return {
        get emulator() {
            if (!emulator) throw new Error("started by the suite's before hook");
            return emulator;
        },
        get account() {
            if (!account) throw new Error("seeded by the suite's beforeEach hook");
            return account;
        },
    };
}

/** An answer read in full. */
export interface ApiResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
    /** Parsed JSON body, or undefined when empty or not JSON. */
    json: any;
    body: Buffer;
}

/** Options of {@link call}. */
export interface CallOptions {
    /** Sent as `X-API-KEY` unless `headers` carry the key otherwise. */
    key?: string;
    body?: unknown;
    /** Sent as is, with `headers`' Content-Type. */
    rawBody?: string;
    headers?: Record<string, string>;
}

/** Sends one request to the emulator (path and query as given, `url` or relative), trusting its CA, without pooling. */
export function call(emulator: RunningSyncanoEmulator, method: string, pathOrUrl: string, options: CallOptions = {}): Promise<ApiResponse> {
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const headers: Record<string, string> = { ...(options.key ? { "X-API-KEY": options.key } : {}), ...(options.headers ?? {}) };
    if (payload !== undefined) {
        headers["Content-Type"] ??= "application/json";
        headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    const url = pathOrUrl.startsWith("https://") ? pathOrUrl : `${emulator.url}${pathOrUrl}`;
    return new Promise((resolve, reject) => {
        const request = https.request(url, { method, headers, ca: emulator.caPem, agent: false }, (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
                const body = Buffer.concat(chunks);
                const text = body.toString("utf8");
                let json: unknown;
                try {
                    json = text ? JSON.parse(text) : undefined;
                } catch {
                    json = undefined;
                }
                resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json, body });
            });
            response.on("error", reject);
        });
        request.on("error", reject);
        request.end(payload);
    });
}

/** A client bound to one key and API version: `api.post("/instances/shop/backups/full/", body)`. */
export function apiClient(emulator: RunningSyncanoEmulator, key: string, version = "v1") {
    const at = (path: string) => `/${version}${path}`;
    return {
        get: (path: string) => call(emulator, "GET", at(path), { key }),
        post: (path: string, body?: unknown) => call(emulator, "POST", at(path), { key, ...(body === undefined ? {} : { body }) }),
        delete: (path: string) => call(emulator, "DELETE", at(path), { key }),
        options: (path: string) => call(emulator, "OPTIONS", at(path), { key }),
    };
}

// Under the platform's 60 requests a second, which the emulator enforces too.
const POLL_MS = 20;

/** Reads the backup at `links.self` until its status ends; returns every distinct status seen, and the last answer. */
export async function followBackup(emulator: RunningSyncanoEmulator, key: string, selfLink: string, timeoutMs = 5000): Promise<{ statuses: string[]; backup: any }> {
    const deadline = Date.now() + timeoutMs;
    const statuses: string[] = [];
    for (;;) {
        const backup = (await call(emulator, "GET", selfLink, { key })).json;
        if (statuses[statuses.length - 1] !== backup.status) statuses.push(backup.status);
        if (["success", "error", "aborted"].includes(backup.status)) return { statuses, backup };
        if (Date.now() > deadline) throw new Error(`backup still ${backup.status} after ${timeoutMs} ms`);
        await delay(POLL_MS);
    }
}

/** Reads a restore until it ends; returns every distinct status seen, and the last answer. */
export async function followRestore(emulator: RunningSyncanoEmulator, key: string, selfLink: string, timeoutMs = 5000): Promise<{ statuses: string[]; restore: any }> {
    const deadline = Date.now() + timeoutMs;
    const statuses: string[] = [];
    for (;;) {
        const restore = (await call(emulator, "GET", selfLink, { key })).json;
        if (statuses[statuses.length - 1] !== restore.status) statuses.push(restore.status);
        if (["success", "error", "aborted"].includes(restore.status)) return { statuses, restore };
        if (Date.now() > deadline) throw new Error(`restore still ${restore.status} after ${timeoutMs} ms`);
        await delay(POLL_MS);
    }
}

/** The platform's timestamp format, 6 fractional digits. */
export const SYNCANO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
