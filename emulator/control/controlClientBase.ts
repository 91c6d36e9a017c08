import * as https from "node:https";
import type { BlobStorageInfo } from "../services/storage/storageAccount";
import type {
    AuthSettings,
    AuthSettingsUpdate,
    FaultRule,
    FaultRuleInput,
    HealthStatus,
    RequestLogSummary,
    ResourceGroupModel,
    ResourceGroupSeed,
    StoreSnapshot,
    SubscriptionModel,
    SubscriptionSeed,
} from "./controlModels";

/** Where the control API listens and the CA that signed its certificate. */
export interface EmulatorControlOptions {
    /** Base URL of the emulator (`https://127.0.0.1:<port>`). */
    url: string;
    /** PEM of the emulator's CA. */
    caPem: string;
    /** The emulator's blob storage, when it runs one; the blob helpers need it. */
    storage?: BlobStorageInfo;
}

const errorBrand = Symbol.for("declarative-backups.emulator.EmulatorControlError");

/** A control API call answered with an error status. */
export class EmulatorControlError extends Error {
    readonly [errorBrand] = true;
    constructor(
        readonly status: number,
        /** The `error.code` of the answer, when it had one. */
        readonly code: string | undefined,
        message: string,
    ) {
        super(message);
        this.name = "EmulatorControlError";
    }
}

/** True when `value` is an {@link EmulatorControlError}. */
export function isEmulatorControlError(value: unknown): value is EmulatorControlError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[errorBrand] === true;
}

/** The shared client, or one already extended by service parts: what a service's part extends. */
// `any[]` is what TypeScript requires of a mixin's base constructor.
export type ControlClientConstructor = abstract new (...args: any[]) => ControlClientBase;

/**
 * The shared part of the control API's typed client (`/_emulator/...`): health, reset, subscriptions
 * and resource groups, the store, faults, request counters and auth knobs, and {@link call}, on
 * which each service's part builds. Uses node:https with the emulator's CA and no pooling.
 */
export class ControlClientBase {
    readonly url: string;
    /** PEM of the emulator's CA, trusted for every call. */
    readonly caPem: string;
    /** The emulator's blob storage, when it runs one. */
    readonly storage?: BlobStorageInfo;

    constructor(options: EmulatorControlOptions) {
        this.url = options.url.replace(/\/+$/, "");
        this.caPem = options.caPem;
        this.storage = options.storage;
    }

    /** GET /_emulator/health. */
    health(): Promise<HealthStatus> {
        return this.call("GET", "/_emulator/health");
    }

    /** POST /_emulator/reset: clears state, faults, counters, clock skew and token settings. */
    async reset(): Promise<void> {
        await this.call("POST", "/_emulator/reset");
    }

    /** PUT /_emulator/subscriptions/{id}. */
    putSubscription(subscriptionId: string, seed: SubscriptionSeed = {}): Promise<SubscriptionModel> {
        return this.call("PUT", `/_emulator/subscriptions/${encodeSegment(subscriptionId)}`, seed);
    }

    /** DELETE /_emulator/subscriptions/{id}. */
    async deleteSubscription(subscriptionId: string): Promise<void> {
        await this.call("DELETE", `/_emulator/subscriptions/${encodeSegment(subscriptionId)}`);
    }

    /** PUT /_emulator/subscriptions/{id}/resourceGroups/{name}; `seed` may be just the location. */
    putResourceGroup(subscriptionId: string, resourceGroupName: string, seed: ResourceGroupSeed | string = {}): Promise<ResourceGroupModel> {
        return this.call("PUT", resourceGroupControlPath(subscriptionId, resourceGroupName), locationSeed(seed));
    }

    /** DELETE /_emulator/subscriptions/{id}/resourceGroups/{name}. */
    async deleteResourceGroup(subscriptionId: string, resourceGroupName: string): Promise<void> {
        await this.call("DELETE", resourceGroupControlPath(subscriptionId, resourceGroupName));
    }

    /** GET /_emulator/state: everything stored. */
    getState(): Promise<StoreSnapshot> {
        return this.call("GET", "/_emulator/state");
    }

    /** POST /_emulator/faults; returns the rule with its id. */
    addFault(rule: FaultRuleInput): Promise<FaultRule> {
        return this.call("POST", "/_emulator/faults", rule);
    }

    /** GET /_emulator/faults: active rules with their counters. */
    async listFaults(): Promise<FaultRule[]> {
        return (await this.call<{ value: FaultRule[] }>("GET", "/_emulator/faults")).value;
    }

    /** DELETE /_emulator/faults/{id}. */
    async deleteFault(id: string): Promise<void> {
        await this.call("DELETE", `/_emulator/faults/${encodeSegment(id)}`);
    }

    /** DELETE /_emulator/faults; returns how many rules were removed. */
    async clearFaults(): Promise<number> {
        return (await this.call<{ deleted: number }>("DELETE", "/_emulator/faults")).deleted;
    }

    /** GET /_emulator/requests: counters by operation, route and status, and recent entries. */
    getRequests(): Promise<RequestLogSummary> {
        return this.call("GET", "/_emulator/requests");
    }

    /** DELETE /_emulator/requests. */
    async clearRequests(): Promise<void> {
        await this.call("DELETE", "/_emulator/requests");
    }

    /** GET /_emulator/auth. */
    getAuth(): Promise<AuthSettings> {
        return this.call("GET", "/_emulator/auth");
    }

    /** PUT /_emulator/auth: token lifetime and/or clock skew. */
    setAuth(update: AuthSettingsUpdate): Promise<AuthSettings> {
        return this.call("PUT", "/_emulator/auth", update);
    }

    /**
     * Sends one control API request and parses its JSON answer; rejects with an
     * {@link EmulatorControlError} on an error status. Every typed method, services' included, uses it.
     */
    call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise<T>((resolve, reject) => {
            const outgoing = https.request(
                `${this.url}${path}`,
                {
                    method,
                    ca: this.caPem,
                    agent: false,
                    headers: { Accept: "application/json", ...(payload ? { "Content-Type": "application/json", "Content-Length": payload.length } : {}) },
                },
                (response) => {
                    const chunks: Buffer[] = [];
                    response.on("data", (chunk: Buffer) => chunks.push(chunk));
                    response.on("error", reject);
                    response.on("end", () => {
                        const text = Buffer.concat(chunks).toString("utf8");
                        const parsed = text ? safeJson(text) : undefined;
                        const status = response.statusCode ?? 0;
                        if (status >= 200 && status < 300) return resolve(parsed as T);
                        const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
                        reject(new EmulatorControlError(status, error?.code, `${method} ${path} answered ${status}: ${error?.message ?? text}`));
                    });
                },
            );
            outgoing.on("error", reject);
            outgoing.end(payload);
        });
    }
}

/** One path segment, percent-encoded. */
export function encodeSegment(segment: string): string {
    return encodeURIComponent(segment);
}

/** Control path of a resource group: `/_emulator/subscriptions/{id}/resourceGroups/{name}`. */
export function resourceGroupControlPath(subscriptionId: string, resourceGroupName: string): string {
    return `/_emulator/subscriptions/${encodeSegment(subscriptionId)}/resourceGroups/${encodeSegment(resourceGroupName)}`;
}

/** Control path of what is stored for an ARM resource: `/_emulator/state/<its id>/<suffix>`. */
export function stateControlPath(resourceId: string, suffix: string): string {
    // An ARM id's segments are encoded one by one, so names with reserved characters survive.
    const encoded = resourceId.split("/").filter(Boolean).map(encodeSegment).join("/");
    return `/_emulator/state/${encoded}/${suffix}`;
}

/** A seed, or just its location. */
export function locationSeed<T extends { location?: string }>(seed: T | string): T | { location: string } {
    return typeof seed === "string" ? { location: seed } : seed;
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
