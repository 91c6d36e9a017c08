import { transportErrorCode } from "../transportErrorCode";
import { refusedErrorCodes, refusedStatusCodes, retryableErrorCodes, retryableStatusCodes } from "./retryOptions";
import type { RetryStrategy } from "./retryStrategy";

/** Options of `exponentialRetryStrategy`. */
export interface ExponentialRetryStrategyOptions {
    baseDelayMs: number;
    maxDelayMs: number;
    /** Source of jitter in [0, 1) (tests pin it). */
    random?: () => number;
}

/** Full-jitter backoff: a uniform wait in [0, min(maxDelayMs, baseDelayMs · 2^retryCount)]. */
export function backoffDelayMs(retryCount: number, options: ExponentialRetryStrategyOptions): number {
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(retryCount, 30));
    return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * Retries transient server errors (408, 429, 500, 502, 503, 504) and dropped connections (ECONNRESET,
 * ECONNREFUSED, EPIPE, ETIMEDOUT, UND_ERR_SOCKET, UND_ERR_CONNECT_TIMEOUT, …) with capped, fully
 * jittered exponential backoff. A non-idempotent request (POST) is retried only when the server cannot
 * have acted on it: 429, 503, or a connection that was never made; after a reset mid-request it is not.
 */
export function exponentialRetryStrategy(options: ExponentialRetryStrategyOptions): RetryStrategy {
    return {
        name: "exponentialRetryStrategy",
        decide({ retryCount, isIdempotent, response, error }) {
            if (response) {
                if (!retryableStatusCodes.has(response.status)) return { action: "skip" };
                if (!isIdempotent && !refusedStatusCodes.has(response.status)) {
                    return { action: "giveUp", reason: `${response.status} to a non-idempotent request, which the server may have acted on` };
                }
                return { action: "retry", delayInMs: backoffDelayMs(retryCount, options), reason: `${response.status}` };
            }
            const code = transportErrorCode(error);
            if (!code || !retryableErrorCodes.has(code)) return { action: "skip" };
            if (!isIdempotent && !refusedErrorCodes.has(code)) {
                return { action: "giveUp", reason: `${code} on a non-idempotent request, which the server may have received` };
            }
            return { action: "retry", delayInMs: backoffDelayMs(retryCount, options), reason: code };
        },
    };
}
