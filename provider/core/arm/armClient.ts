import type { TokenCredential } from "@azure/identity";
import { createDefaultCredential } from "../auth/credential";
import { TokenCache } from "../auth/tokenCache";
import { armTokenScope, resolveAzureSettings, type AzureSettings } from "../azureSettings";
import { getHttpAgent } from "../http/httpAgent";
import { createPipeline } from "../http/pipeline";
import type { PipelineResponse, SendRequest } from "../http/pipelineRequest";
import { clientRequestIdHeader } from "../http/policies/requestIdPolicy";
import { resolveRetryOptions, type RetryOptions } from "../http/retryStrategies/retryOptions";
import { undiciTransport } from "../http/undiciTransport";
import { createLogger, type Logger } from "../log";
import { processShared } from "../util/processShared";
import { ArmError } from "./armError";
import { resolveArmUrl } from "./armUrl";

/** One ARM call. */
export interface ArmRequest {
    method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH";
    /** "/subscriptions/…" (ARM-relative), or an absolute URL on the same endpoint (poll URLs). */
    path: string;
    /** Appended as ?api-version= unless the path already has one. */
    apiVersion?: string;
    /** Sent as JSON. */
    body?: unknown;
    /** Names the call in errors and logs, e.g. "WebApps.UpdateBackupConfiguration". */
    operation: string;
    /**
     * Whether sending it twice is harmless; default true for GET/PUT/DELETE/PATCH, false for POST.
     * Non-idempotent requests are retried only when the server refused them before doing anything
     * (429, 503, connection refused), never after a reset mid-request.
     */
    idempotent?: boolean;
    /** Statuses that count as success; default any 2xx. */
    expectedStatus?: number[];
    signal?: AbortSignal;
}

/** An ARM answer with an expected status; `body` is the parsed JSON (undefined when empty). */
export interface ArmResponse<T = unknown> {
    status: number;
    /** Header names in lower case. */
    headers: Record<string, string>;
    body: T;
    /** `x-ms-request-id`, to quote when something goes wrong. */
    requestId?: string;
}

/** Sends ARM requests through the shared pipeline; throws ArmError for unexpected statuses. */
export interface ArmClient {
    send<T = unknown>(request: ArmRequest): Promise<ArmResponse<T>>;
}

/** How a client is built; everything has a default. */
export interface ArmClientOptions {
    /** Default: DefaultAzureCredential, built on first use from the environment. */
    credential?: TokenCredential;
    /** Default: resolveRetryOptions() (DECLARATIVE_BACKUPS_RETRY_BASE_MS, then the listed defaults). */
    retry?: Partial<RetryOptions>;
    /** Default: createLogger("arm"). */
    logger?: Logger;
    /** Put in front of the package's own User-Agent. */
    userAgent?: string;
}

function isExpected(status: number, expected: number[] | undefined): boolean {
    return expected ? expected.includes(status) : status >= 200 && status < 300;
}

function parseBody(response: PipelineResponse, operation: string): unknown {
    if (!response.bodyText.trim()) return undefined;
    const contentType = response.headers["content-type"] ?? "";
    if (!/json/i.test(contentType) && !/^\s*[[{"]/.test(response.bodyText)) return response.bodyText;
    try {
        return JSON.parse(response.bodyText);
    } catch {
        throw new ArmError({
            operation,
            statusCode: response.status,
            code: "InvalidResponseBody",
            message: "the answer was not valid JSON",
            requestId: response.headers["x-ms-request-id"],
            clientRequestId: response.request.headers[clientRequestIdHeader],
        });
    }
}

class PipelineArmClient implements ArmClient {
    constructor(
        private readonly settings: AzureSettings,
        private readonly pipeline: SendRequest,
    ) {}

    async send<T = unknown>(request: ArmRequest): Promise<ArmResponse<T>> {
        const url = resolveArmUrl(this.settings.armEndpoint, request.path, request.apiVersion, request.operation);
        const body = request.body === undefined ? undefined : JSON.stringify(request.body);
        const response = await this.pipeline({
            method: request.method,
            url,
            headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
            body,
            operation: request.operation,
            isIdempotent: request.idempotent ?? request.method !== "POST",
            signal: request.signal,
        });
        if (!isExpected(response.status, request.expectedStatus)) {
            throw ArmError.fromResponse({
                operation: request.operation,
                statusCode: response.status,
                headers: response.headers,
                bodyText: response.bodyText,
                clientRequestId: response.request.headers[clientRequestIdHeader],
            });
        }
        return {
            status: response.status,
            headers: response.headers,
            body: parseBody(response, request.operation) as T,
            requestId: response.headers["x-ms-request-id"],
        };
    }
}

function buildArmClient(settings: AzureSettings, options: ArmClientOptions, tokenCache: TokenCache): ArmClient {
    const pipeline = createPipeline({
        transport: undiciTransport(() => getHttpAgent(settings)),
        tokenCache,
        scope: armTokenScope(settings),
        retry: resolveRetryOptions(options.retry),
        logger: options.logger ?? createLogger("arm"),
        userAgentPrefix: options.userAgent,
    });
    return new PipelineArmClient(settings, pipeline);
}

/** Creates a client with its own token cache (tests); the HTTP connection pool is still the shared one. */
export function createArmClient(settings: AzureSettings, options: ArmClientOptions = {}): ArmClient {
    return buildArmClient(settings, options, new TokenCache(options.credential ?? createDefaultCredential(settings)));
}

interface SharedClients {
    clients: Map<string, ArmClient>;
    /** One token cache per credential object, shared by every client that uses it. */
    tokenCaches: WeakMap<TokenCredential, TokenCache>;
    /** One default credential per authority configuration. */
    defaultCredentials: Map<string, TokenCredential>;
    credentialIds: WeakMap<TokenCredential, number>;
    nextCredentialId: number;
}

const shared = processShared<SharedClients>("armClients.v1", () => ({
    clients: new Map(),
    tokenCaches: new WeakMap(),
    defaultCredentials: new Map(),
    credentialIds: new WeakMap(),
    nextCredentialId: 1,
}));

function credentialId(credential: TokenCredential | undefined): number {
    if (!credential) return 0;
    let id = shared.credentialIds.get(credential);
    if (id === undefined) shared.credentialIds.set(credential, (id = shared.nextCredentialId++));
    return id;
}

function sharedTokenCache(settings: AzureSettings, credential: TokenCredential | undefined): TokenCache {
    if (!credential) {
        const key = JSON.stringify([settings.authorityHost ?? "", settings.disableInstanceDiscovery, settings.caFile ?? ""]);
        credential = shared.defaultCredentials.get(key);
        if (!credential) shared.defaultCredentials.set(key, (credential = createDefaultCredential(settings)));
    }
    let cache = shared.tokenCaches.get(credential);
    if (!cache) shared.tokenCaches.set(credential, (cache = new TokenCache(credential)));
    return cache;
}

/**
 * Returns the process-wide client for these settings (default: resolved from the environment now),
 * so every resource in the dynamic-provider process shares one keep-alive connection pool and one
 * token cache. Options are used when the client for a given (settings, credential, user agent, retry)
 * combination is first created; a different logger alone does not make a new client.
 */
export function getArmClient(settings: AzureSettings = resolveAzureSettings(), options: ArmClientOptions = {}): ArmClient {
    const key = JSON.stringify([
        settings.armEndpoint,
        settings.audience,
        settings.authorityHost ?? "",
        settings.disableInstanceDiscovery,
        settings.caFile ?? "",
        credentialId(options.credential),
        options.userAgent ?? "",
        options.retry ?? {},
    ]);
    let client = shared.clients.get(key);
    if (!client) {
        client = buildArmClient(settings, options, sharedTokenCache(settings, options.credential));
        shared.clients.set(key, client);
    }
    return client;
}
