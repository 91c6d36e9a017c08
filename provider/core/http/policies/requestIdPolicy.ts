import { randomUUID } from "node:crypto";
import type { PipelinePolicy } from "../pipelineRequest";

/** Name of the request id policy in the pipeline. */
export const requestIdPolicyName = "requestIdPolicy";

/** The header ARM echoes back and logs, tying our log lines to Azure's. */
export const clientRequestIdHeader = "x-ms-client-request-id";

/**
 * Gives the request an `x-ms-client-request-id` (a UUID) unless it has one. Runs before the retry
 * policy, so every attempt of one call carries the same id.
 * https://learn.microsoft.com/rest/api/azure/#optional-request-headers
 */
export function requestIdPolicy(): PipelinePolicy {
    return {
        name: requestIdPolicyName,
        phase: "serialize",
        sendRequest(request, next) {
            if (request.headers[clientRequestIdHeader]) return next(request);
            return next({ ...request, headers: { ...request.headers, [clientRequestIdHeader]: randomUUID() } });
        },
    };
}
