import type { AccessTokenClaims } from "../identity/bearerAuth";
import type { RouteDefinition } from "../pipeline/router";

/** What an ARM operation receives: path parameters and the parsed JSON body, never the raw request. */
export interface ArmOperationRequest {
    params: Record<string, string>;
    /** Parsed JSON body; undefined when the request had none. */
    body: unknown;
    query: URLSearchParams;
    principal?: AccessTokenClaims;
}

/** What an ARM operation answers: status, optional JSON body and headers. */
export interface ArmOperationResult {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

/** An ARM operation bound into a route table. */
export type ArmOperation = (request: ArmOperationRequest) => ArmOperationResult | Promise<ArmOperationResult>;

/** A route served on the ARM surface. */
export type ArmRoute = RouteDefinition<ArmOperation>;

/** 200 with a JSON body. */
export function ok(body?: unknown): ArmOperationResult {
    return { status: 200, body };
}
