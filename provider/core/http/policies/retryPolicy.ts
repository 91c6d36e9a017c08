import { isTransportError } from "../../errors";
import type { Logger } from "../../log";
import { sanitizeUrl } from "../../redact/sanitizer";
import { delay } from "../../util/delay";
import type { PipelinePolicy, PipelineResponse } from "../pipelineRequest";
import type { RetryContext, RetryDecision, RetryStrategy } from "../retryStrategies/retryStrategy";

/** Name of the retry policy in the pipeline. */
export const retryPolicyName = "retryPolicy";

/** Options of `retryPolicy`. */
export interface RetryPolicyOptions {
    /** Retries after the first attempt. */
    maxRetries: number;
    /** Asked in order; the first that does not skip decides. */
    strategies: RetryStrategy[];
    logger?: Logger;
}

// Waits of this length or more are worth telling the user about; shorter ones only at debug level.
const noticeableDelayMs = 5_000;

function decide(strategies: RetryStrategy[], context: RetryContext): RetryDecision {
    for (const strategy of strategies) {
        const decision = strategy.decide(context);
        if (decision.action !== "skip") return decision;
    }
    return { action: "skip" };
}

/**
 * Sends the request again while the strategies say so, waiting between attempts; only loops; every
 * decision is the strategies'. The wait ends early when the request's signal aborts. When the last
 * attempt had no answer, the TransportError reports how many attempts were made.
 */
export function retryPolicy(options: RetryPolicyOptions): PipelinePolicy {
    return {
        name: retryPolicyName,
        phase: "retry",
        async sendRequest(request, next) {
            for (let attempt = 1; ; attempt++) {
                let response: PipelineResponse | undefined;
                let error: unknown;
                try {
                    response = await next(request);
                } catch (e) {
                    if (request.signal?.aborted) throw request.signal.reason;
                    // Only transport failures are candidates; anything else (no token, http endpoint) is final.
                    if (!isTransportError(e)) throw e;
                    error = e;
                }
                const decision = decide(options.strategies, { retryCount: attempt - 1, isIdempotent: request.isIdempotent, response, error });
                if (decision.action === "retry" && attempt <= options.maxRetries) {
                    const message = `${request.operation}: ${decision.reason} from ${request.method} ${sanitizeUrl(request.url)}; retry ${attempt}/${options.maxRetries} in ${decision.delayInMs} ms`;
                    if (decision.delayInMs >= noticeableDelayMs) options.logger?.info(message);
                    else options.logger?.debug(message);
                    await delay(decision.delayInMs, request.signal);
                    continue;
                }
                if (decision.action === "giveUp") options.logger?.debug(`${request.operation}: not retried: ${decision.reason}`);
                if (isTransportError(error)) throw error.withAttempts(attempt);
                return response as PipelineResponse;
            }
        },
    };
}
