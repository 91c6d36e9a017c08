import { exponentialRetryStrategy } from "./exponentialRetryStrategy";
import type { RetryOptions } from "./retryOptions";
import type { RetryStrategy } from "./retryStrategy";
import { throttlingRetryStrategy } from "./throttlingRetryStrategy";

/** The strategies every ARM call uses, in order: the server's own Retry-After first, then capped jittered backoff. */
export function defaultRetryStrategies(options: RetryOptions): RetryStrategy[] {
    return [
        throttlingRetryStrategy({ maxRetryAfterMs: options.maxRetryAfterMs }),
        exponentialRetryStrategy({ baseDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs }),
    ];
}
