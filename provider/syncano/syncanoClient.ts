import { InvalidRequestError } from "../core/errors";
import { getHttpAgent } from "../core/http/httpAgent";
import { composePolicies } from "../core/http/pipeline";
import type { SendRequest } from "../core/http/pipelineRequest";
import { logPolicy } from "../core/http/policies/logPolicy";
import { retryPolicy } from "../core/http/policies/retryPolicy";
import { userAgentPolicy } from "../core/http/policies/userAgentPolicy";
import { defaultRetryStrategies } from "../core/http/retryStrategies/defaultRetryStrategies";
import { resolveRetryOptions, type RetryOptions } from "../core/http/retryStrategies/retryOptions";
import { undiciTransport } from "../core/http/undiciTransport";
import { createLogger, type Logger } from "../core/log";
import { fingerprint } from "../core/redact/sanitizer";
import { processShared } from "../core/util/processShared";
import { apiKeyPolicy } from "./apiKeyPolicy";
import { resolveSyncanoApiKey } from "./syncanoApiKey";
import { SyncanoError } from "./syncanoError";
import { resolveSyncanoSettings, type SyncanoSettings } from "./syncanoSettings";

/** One Syncano call. */
export interface SyncanoRequest {
    method: "GET" | "POST" | "DELETE" | "OPTIONS";
    /** "/v1/…" (trailing slash included), or an absolute URL on the same origin (a page's `next`). */
    path: string;
    query?: Record<string, string | number>;
    /** Sent as JSON. */
    body?: unknown;
    /** Names the call in errors and logs, e.g. "FullBackups.Create". */
    operation: string;
    /** Default: true for GET, DELETE and OPTIONS, false for POST (retried only when the server refused it unread: 429, 503). */
    idempotent?: boolean;
    /** Statuses that count as success; default any 2xx. */
    expectedStatus?: number[];
    signal?: AbortSignal;
}

/** An answer with an expected status; `body` is the parsed JSON (undefined when empty). */
export interface SyncanoResponse<T = unknown> {
    status: number;
    /** Header names in lower case. */
    headers: Record<string, string>;
    body: T;
}

/** Sends requests through the shared pipeline; throws SyncanoError for unexpected statuses. */
export interface SyncanoClient {
    readonly baseUrl: string;
    send<T = unknown>(request: SyncanoRequest): Promise<SyncanoResponse<T>>;
}

/** How a client is built; everything has a default. */
export interface SyncanoClientOptions {
    /** Default: {@link resolveSyncanoApiKey} at each request (stack config, then SYNCANO_API_KEY). */
    getApiKey?: () => string;
    /** Default: resolveRetryOptions(). */
    retry?: Partial<RetryOptions>;
    /** Default: createLogger("syncano"). */
    logger?: Logger;
}

function resolveUrl(baseUrl: string, request: SyncanoRequest): string {
    // An absolute URL (a page's `next`, resolved) must stay on the API's origin, or the key would go elsewhere.
    const url = /^https?:\/\//i.test(request.path) ? new URL(request.path) : new URL(`${baseUrl}${request.path}`);
    if (url.origin !== new URL(baseUrl).origin) throw new InvalidRequestError(request.operation, `refusing to send the account key to ${url.origin}, which is not the Syncano API (${baseUrl})`);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, String(value));
    return url.toString();
}

function parseBody(bodyText: string, operation: string, status: number): unknown {
    if (!bodyText.trim()) return undefined;
    try {
        return JSON.parse(bodyText);
    } catch {
        throw new SyncanoError({ operation, statusCode: status, body: { detail: "the answer was not valid JSON" } });
    }
}

class PipelineSyncanoClient implements SyncanoClient {
    constructor(
        readonly baseUrl: string,
        private readonly pipeline: SendRequest,
    ) {}

    async send<T = unknown>(request: SyncanoRequest): Promise<SyncanoResponse<T>> {
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        const response = await this.pipeline({
            method: request.method,
            url: resolveUrl(this.baseUrl, request),
            headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
            body,
            operation: request.operation,
            isIdempotent: request.idempotent ?? request.method !== "POST",
            signal: request.signal,
        });
        const expected = request.expectedStatus ? request.expectedStatus.includes(response.status) : response.status >= 200 && response.status < 300;
        if (!expected) throw SyncanoError.fromResponse(request.operation, response.status, response.bodyText);
        return { status: response.status, headers: response.headers, body: parseBody(response.bodyText, request.operation, response.status) as T };
    }
}

/**
 * The Syncano pipeline, in one place: user agent; retry (429 with Retry-After first, then jittered
 * backoff on 5xx and dropped connections for idempotent calls only); the account key, https only;
 * one debug line per attempt (no headers, no bodies); then the shared undici transport.
 */
export function createSyncanoClient(settings: SyncanoSettings, options: SyncanoClientOptions = {}): SyncanoClient {
    const logger = options.logger ?? createLogger("syncano");
    const retry = resolveRetryOptions(options.retry);
    const pipeline = composePolicies(
        [
            userAgentPolicy(),
            retryPolicy({ maxRetries: retry.maxRetries, strategies: defaultRetryStrategies(retry), logger }),
            apiKeyPolicy({ getApiKey: options.getApiKey ?? (() => resolveSyncanoApiKey()) }),
            logPolicy({ logger }),
        ],
        undiciTransport(() => getHttpAgent(settings)),
    );
    return new PipelineSyncanoClient(settings.baseUrl, pipeline);
}

const clients = processShared("syncanoClients.v1", () => new Map<string, SyncanoClient>());

/**
 * The process-wide client for the settings and key in force now (resolved at the call, in the
 * provider process), so every resource shares one keep-alive pool. Keyed by the key's fingerprint,
 * never the key itself.
 */
export function getSyncanoClient(settings: SyncanoSettings = resolveSyncanoSettings()): SyncanoClient {
    const apiKey = resolveSyncanoApiKey();
    const id = JSON.stringify([settings.baseUrl, settings.caFile ?? "", fingerprint(apiKey)]);
    let client = clients.get(id);
    if (!client) {
        client = createSyncanoClient(settings, { getApiKey: () => apiKey });
        clients.set(id, client);
    }
    return client;
}
