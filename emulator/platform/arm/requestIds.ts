import { randomUUID } from "node:crypto";
import type { Stage } from "../pipeline/stage";

/** Region tag of `x-ms-routing-request-id` (ARM prints the serving region there). */
export const ROUTING_REGION = "LOCAL";

/**
 * Stamps every response, errors included, with ARM's tracing headers: a fresh `x-ms-request-id`, the
 * client's `x-ms-correlation-request-id` (or a new one), `x-ms-routing-request-id`, and echoes
 * `x-ms-client-request-id` / MSAL's `client-request-id` so clients can match answers to calls.
 */
export function requestIdStage(): Stage {
    return async (context, next) => {
        context.requestId = randomUUID();
        context.correlationId = context.header("x-ms-correlation-request-id") ?? randomUUID();
        const res = context.res;
        res.setHeader("x-ms-request-id", context.requestId);
        res.setHeader("x-ms-correlation-request-id", context.correlationId);
        res.setHeader("x-ms-routing-request-id", `${ROUTING_REGION}:${compactUtc(new Date())}:${context.requestId}`);
        const clientRequestId = context.header("x-ms-client-request-id");
        if (clientRequestId) res.setHeader("x-ms-client-request-id", clientRequestId);
        const msalRequestId = context.header("client-request-id");
        if (msalRequestId) res.setHeader("client-request-id", msalRequestId);
        await next();
    };
}

function compactUtc(date: Date): string {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}
