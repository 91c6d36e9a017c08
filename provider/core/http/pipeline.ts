import type { TokenCache } from "../auth/tokenCache";
import type { Logger } from "../log";
import { bearerTokenPolicy } from "./policies/bearerTokenPolicy";
import { logPolicy } from "./policies/logPolicy";
import { requestIdPolicy } from "./policies/requestIdPolicy";
import { retryPolicy } from "./policies/retryPolicy";
import { userAgentPolicy } from "./policies/userAgentPolicy";
import type { PipelinePhase, PipelinePolicy, SendRequest } from "./pipelineRequest";
import { defaultRetryStrategies } from "./retryStrategies/defaultRetryStrategies";
import type { RetryOptions } from "./retryStrategies/retryOptions";

/** Phases from the caller's side to the wire: a request passes them in this order. */
export const pipelinePhases: readonly PipelinePhase[] = ["serialize", "retry", "sign", "log"];

/**
 * Chains policies in front of `transport`, ordered by phase (stable within a phase), so the order is
 * declared by each policy rather than by where it happens to be listed.
 */
export function composePolicies(policies: readonly PipelinePolicy[], transport: SendRequest): SendRequest {
    const ordered = [...policies].sort((a, b) => pipelinePhases.indexOf(a.phase) - pipelinePhases.indexOf(b.phase));
    return ordered.reduceRight<SendRequest>((next, policy) => (request) => policy.sendRequest(request, next), transport);
}

/** Everything the ARM pipeline is built from. */
export interface PipelineOptions {
    transport: SendRequest;
    tokenCache: TokenCache;
    /** Token scope: the ARM audience + "/.default". */
    scope: string;
    retry: RetryOptions;
    logger: Logger;
    userAgentPrefix?: string;
}

/**
 * The ARM request pipeline, in one place:
 * serialize: client request id, user agent (once per call, shared by its retries);
 * retry: throttling (Retry-After) then jittered exponential backoff;
 * sign: access token from the shared cache, https only, one refresh on a rejected token;
 * log: one debug line per attempt, after signing, URL sanitized;
 * then the undici transport.
 */
export function createPipeline(options: PipelineOptions): SendRequest {
    return composePolicies(
        [
            requestIdPolicy(),
            userAgentPolicy({ userAgentPrefix: options.userAgentPrefix }),
            retryPolicy({ maxRetries: options.retry.maxRetries, strategies: defaultRetryStrategies(options.retry), logger: options.logger }),
            bearerTokenPolicy({ tokenCache: options.tokenCache, scope: options.scope }),
            logPolicy({ logger: options.logger }),
        ],
        options.transport,
    );
}
