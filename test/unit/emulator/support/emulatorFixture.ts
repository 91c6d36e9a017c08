import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../../emulator/server";

let sharedDataDir: string | undefined;

/** One temporary data directory per test process (certificates are generated once), removed at exit. */
export function testDataDir(): string {
    if (!sharedDataDir) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-unit-"));
        sharedDataDir = dir;
        process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    return sharedDataDir;
}

/** Starts an emulator on a free port with the test data directory. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    return startEmulator({ dataDir: testDataDir(), ...options });
}

/** What {@link useEmulator} hands its suite. */
export interface EmulatorHandle {
    /** The suite's emulator; there once the suite's `before` hook has started it. */
    readonly emulator: RunningEmulator;
}

/**
 * Registers, in the calling `describe`, the mocha hooks that start one emulator for the suite
 * ({@link startTestEmulator}, `before`) and close it (`after`).
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorHandle {
    let emulator: RunningEmulator | undefined;
    before(async () => {
        emulator = await startTestEmulator(options);
    });
    after(() => emulator?.close());
    return {
        get emulator(): RunningEmulator {
            if (!emulator) throw new Error("the emulator is started by the suite's before hook; read it from hooks and tests only");
            return emulator;
        },
    };
}

/** The credential the official Azure SDK clients use against the emulator: its authority and client, over its TLS. */
export function emulatorCredential(emulator: RunningEmulator): ClientSecretCredential {
    return new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
        authorityHost: emulator.url,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: emulator.caPem },
    });
}

/** An answer read in full. */
export interface TestResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
    /** Parsed JSON body, or undefined when the body is empty or not JSON. */
    json: any;
}

/** Options of {@link send}. */
export interface SendOptions {
    body?: unknown;
    /** Raw body (sent as is); wins over `body`. */
    rawBody?: string;
    headers?: Record<string, string>;
    /** Bearer token; sets Authorization. */
    token?: string;
}

/** Sends one request to the emulator, trusting its CA explicitly, without connection pooling. */
export function send(emulator: RunningEmulator, method: string, pathAndQuery: string, options: SendOptions = {}): Promise<TestResponse> {
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (payload !== undefined) {
        headers["Content-Type"] ??= "application/json";
        headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
        const request = https.request(`${emulator.url}${pathAndQuery}`, { method, headers, ca: emulator.caPem, agent: false }, (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                let json: unknown;
                try {
                    json = text ? JSON.parse(text) : undefined;
                } catch {
                    json = undefined;
                }
                resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
            });
            response.on("error", reject);
        });
        request.on("error", reject);
        request.end(payload);
    });
}

/** Gets a token from the emulator's token endpoint with a raw client-credentials POST. */
export async function fetchToken(emulator: RunningEmulator, scope = "https://management.azure.com/.default"): Promise<string> {
    const response = await postTokenForm(emulator, {
        grant_type: "client_credentials",
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        scope,
    });
    if (response.status !== 200) throw new Error(`token request answered ${response.status}: ${response.text}`);
    return response.json.access_token as string;
}

/** POSTs a form to `/{tenant}/oauth2/v2.0/token`. */
export function postTokenForm(emulator: RunningEmulator, form: Record<string, string>, tenantId = emulator.tenantId): Promise<TestResponse> {
    return send(emulator, "POST", `/${tenantId}/oauth2/v2.0/token`, {
        rawBody: new URLSearchParams(form).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
}

/** Test ids: a subscription, a resource group and a site seeded by {@link seedSite}. */
export const ids = {
    subscriptionId: "11111111-2222-3333-4444-555555555555",
    resourceGroupName: "Backup-RG",
    siteName: "MyApp",
    slotName: "Staging",
} as const;

/** Path of the seeded site with optional suffix, e.g. `/config/backup`. */
export function sitePath(suffix = "", names: { resourceGroupName?: string; siteName?: string } = {}): string {
    const rg = names.resourceGroupName ?? ids.resourceGroupName;
    const site = names.siteName ?? ids.siteName;
    return `/subscriptions/${ids.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${site}${suffix}`;
}

/** An api-version the emulator accepts. */
export const API_VERSION = "2024-11-01";

/** Seeds subscription, resource group, site and slot. */
export async function seedSite(emulator: RunningEmulator): Promise<void> {
    await emulator.control.seedSite({
        subscriptionId: ids.subscriptionId,
        resourceGroupName: ids.resourceGroupName,
        siteName: ids.siteName,
        location: "West Europe",
        slotNames: [ids.slotName],
    });
}

/** An obviously fake container SAS URL. */
export const FAKE_SAS = "https://fakeaccount.blob.core.windows.net/backups?sv=2024-11-04&sr=c&sp=rwdl&se=2030-01-01T00%3A00%3A00Z&sig=FAKEsignatureFORtests";

/** Polls `read` until `done` holds for its value; returns every distinct value seen, in order. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T[]> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    const seen: T[] = [];
    for (;;) {
        const value = await read();
        if (seen.length === 0 || JSON.stringify(seen[seen.length - 1]) !== JSON.stringify(value)) seen.push(value);
        if (done(value)) return seen;
        if (Date.now() > deadline) throw new Error(`still not done after ${options.timeoutMs ?? 10_000} ms; seen ${JSON.stringify(seen)}`);
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 15));
    }
}

/** Reads until `done` holds for the value read, `intervalMs` apart; answers that value, or throws with the last one after `timeoutMs`. */
export async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, options: { timeoutMs: number; intervalMs: number }): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`not done: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
}

let containerCounter = 0;

/** A container name no other test of this process uses (containers outlive `reset`). */
export function uniqueContainerName(prefix = "backups"): string {
    return `${prefix}-${process.pid}-${++containerCounter}`;
}
