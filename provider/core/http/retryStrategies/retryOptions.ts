/** Tuning of the retry loop and its strategies. */
export interface RetryOptions {
    /** Retries after the first attempt. */
    maxRetries: number;
    /** First backoff ceiling; doubles per retry (full jitter below it). */
    baseDelayMs: number;
    /** Backoff ceiling never exceeded. */
    maxDelayMs: number;
    /** Longest server-requested wait (Retry-After) honoured; longer requests are shortened to this. */
    maxRetryAfterMs: number;
}

// Every default in one place, as undici's retry handler lists them.
/** Default retry tuning. */
export const defaultRetryOptions: Readonly<RetryOptions> = Object.freeze({
    maxRetries: 8,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 60_000,
});

/** Statuses retried for idempotent requests. Other 4xx are the caller's mistake: retrying cannot help. */
export const retryableStatusCodes: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Statuses that mean the server refused the request before acting on it: safe to retry even for POST. */
export const refusedStatusCodes: ReadonlySet<number> = new Set([429, 503]);

/** Connection failures retried for idempotent requests. */
export const retryableErrorCodes: ReadonlySet<string> = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "EAI_AGAIN",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
]);

/** Connection failures that happen before any byte reaches the server: safe to retry even for POST. */
export const refusedErrorCodes: ReadonlySet<string> = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "EAI_AGAIN"]);

/** Environment variable overriding `baseDelayMs` (tests set it low). */
export const retryBaseDelayEnvVar = "DECLARATIVE_BACKUPS_RETRY_BASE_MS";

/** Resolves retry tuning: explicit options, then DECLARATIVE_BACKUPS_RETRY_BASE_MS, then the defaults. */
export function resolveRetryOptions(overrides: Partial<RetryOptions> = {}, env: NodeJS.ProcessEnv = process.env): RetryOptions {
    const fromEnv = Number(env[retryBaseDelayEnvVar]);
    const baseDelayMs = env[retryBaseDelayEnvVar] !== undefined && Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : defaultRetryOptions.baseDelayMs;
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<RetryOptions>;
    return { ...defaultRetryOptions, baseDelayMs, ...defined };
}
