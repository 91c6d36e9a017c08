import {
    internalServerError,
    serviceUnavailable,
    subscriptionRequestsThrottled,
    tooManyRequests,
} from "../arm/armErrors";
import { serverError, temporarilyUnavailable } from "../identity/aadErrors";
import { operationKindOf } from "../arm/armQuota";
import type { WireError } from "../pipeline/wireError";
import { FAULT_DEFAULTS, type FaultRule } from "./faultRule";

/** Where the faulted request was headed, to answer in that API's dialect. */
export interface FaultTarget {
    surface: "arm" | "token";
    method: string;
    subscriptionId?: string;
    /** MSAL's client-request-id, echoed by AAD errors. */
    correlationId?: string;
}

/**
 * The error answer of a 429/500/503 fault: ARM's throttling and failure envelopes on ARM routes
 * (with Retry-After on 429 and 503), Entra ID's OAuth error JSON on token routes.
 */
export function faultError(rule: FaultRule, target: FaultTarget): WireError {
    const retryAfter = rule.retryAfterSeconds ?? FAULT_DEFAULTS.retryAfterSeconds;
    if (target.surface === "token") {
        const context = { correlationId: target.correlationId };
        return rule.kind === "500" ? serverError(context) : temporarilyUnavailable(rule.kind === "429" ? 429 : 503, retryAfter, context);
    }
    switch (rule.kind) {
        case "429":
            return target.subscriptionId !== undefined
                ? subscriptionRequestsThrottled(target.subscriptionId, operationKindOf(target.method), retryAfter)
                : tooManyRequests(retryAfter);
        case "503":
            return serviceUnavailable(retryAfter);
        default:
            return internalServerError();
    }
}
