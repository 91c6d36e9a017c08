import type { RouteDefinition } from "../../../platform/pipeline/router";
import type { AccountRecord, InstanceRecord } from "../state/models";

/** What an API handler receives: the caller, the instance in the path, and the request as parsed. */
export interface ApiRequest {
    /** `v1`, `v1.1` or `v2`: links are written with the prefix used. */
    version: string;
    params: Record<string, string>;
    query: URLSearchParams;
    /** The path as requested (prefix and trailing slash included): the base of pagination links. */
    path: string;
    account: AccountRecord;
    /** The instance named in the path, for instance routes. */
    instance?: InstanceRecord;
    /** The body as an object (`{}` when empty); read for POST only. */
    body: Record<string, unknown>;
}

/** What an API handler answers: a status and a JSON body (none for 204). */
export interface ApiResult {
    status: number;
    body?: unknown;
}

/** An API route: method, template after the version prefix (`instances/{instance}/restores`), operation name, handler. */
export type ApiRoute = RouteDefinition<(request: ApiRequest) => ApiResult>;

/** 200 with a body. */
export function ok(body: unknown): ApiResult {
    return { status: 200, body };
}

/** 201 with the created object. */
export function created(body: unknown): ApiResult {
    return { status: 201, body };
}

/** 204, empty. */
export function noContent(): ApiResult {
    return { status: 204 };
}
