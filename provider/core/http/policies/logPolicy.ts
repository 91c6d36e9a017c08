import type { Logger } from "../../log";
import { sanitizeUrl } from "../../redact/sanitizer";
import type { PipelinePolicy } from "../pipelineRequest";
import { transportErrorCode } from "../transportErrorCode";
import { clientRequestIdHeader } from "./requestIdPolicy";

/** Name of the log policy in the pipeline. */
export const logPolicyName = "logPolicy";

/** Options of `logPolicy`. */
export interface LogPolicyOptions {
    logger: Logger;
}

/**
 * Logs every attempt at debug level: method, sanitized URL (allow-listed query values only), status,
 * duration and request ids. Runs after signing so it sees exactly what was sent; never logs headers or
 * bodies.
 */
export function logPolicy(options: LogPolicyOptions): PipelinePolicy {
    return {
        name: logPolicyName,
        phase: "log",
        async sendRequest(request, next) {
            const started = performance.now();
            const what = `${request.operation}: ${request.method} ${sanitizeUrl(request.url)}`;
            const ids = (requestId?: string): string =>
                [requestId && `request id ${requestId}`, `client request id ${request.headers[clientRequestIdHeader] ?? "none"}`].filter(Boolean).join(", ");
            try {
                const response = await next(request);
                const ms = Math.round(performance.now() - started);
                options.logger.debug(`${what} -> ${response.status} in ${ms} ms (${ids(response.headers["x-ms-request-id"])})`);
                return response;
            } catch (error) {
                const ms = Math.round(performance.now() - started);
                options.logger.debug(`${what} -> no answer (${transportErrorCode(error) ?? "error"}) after ${ms} ms (${ids()})`);
                throw error;
            }
        },
    };
}
