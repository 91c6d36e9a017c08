import { parseRetryAfterMs } from "../retryAfter";
import type { RetryStrategy } from "./retryStrategy";

/** Options of `throttlingRetryStrategy`. */
export interface ThrottlingRetryStrategyOptions {
    /** Longest server-requested wait honoured; longer ones are cut to this. */
    maxRetryAfterMs: number;
    /** Clock for HTTP-date Retry-After values (tests pin it). */
    now?: () => number;
}

/**
 * Retries 429 and 503 answers that say when to come back (`retry-after-ms`, `x-ms-retry-after-ms`,
 * `Retry-After`), waiting what they ask, capped at `maxRetryAfterMs`. Safe for every method: the
 * server refused the request without acting on it. Without such a header it leaves the decision to the
 * next strategy.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 */
export function throttlingRetryStrategy(options: ThrottlingRetryStrategyOptions): RetryStrategy {
    const now = options.now ?? Date.now;
    return {
        name: "throttlingRetryStrategy",
        decide({ response }) {
            if (!response || (response.status !== 429 && response.status !== 503)) return { action: "skip" };
            const retryAfterMs = parseRetryAfterMs(response.headers, now());
            if (retryAfterMs === undefined) return { action: "skip" };
            const delayInMs = Math.min(retryAfterMs, options.maxRetryAfterMs);
            return { action: "retry", delayInMs, reason: `${response.status} with Retry-After ${retryAfterMs} ms` };
        },
    };
}
