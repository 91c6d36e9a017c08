import type { RouteDefinition } from "../platform/pipeline/router";

/** What a control route receives. */
export interface ControlRequest {
    params: Record<string, string>;
    body: unknown;
}

/** What a control route answers. */
export interface ControlResult {
    status: number;
    body?: unknown;
}

/** A control API endpoint. */
export type ControlEndpoint = (request: ControlRequest) => ControlResult;

/** A route of the control API (`/_emulator/...`), shared or a service's. */
export type ControlRoute = RouteDefinition<ControlEndpoint>;

/** Path of a subscription in the seeding routes. */
export const CONTROL_SUBSCRIPTION = "/_emulator/subscriptions/{subscriptionId}";

/** Path of a resource group in the seeding routes; services seed their resources below it. */
export const CONTROL_RESOURCE_GROUP = `${CONTROL_SUBSCRIPTION}/resourceGroups/{resourceGroupName}`;

/** Prefix of the state routes: `/_emulator/state` + a resource's ARM id addresses what is stored for it. */
export const CONTROL_STATE = "/_emulator/state";

/** A control API result: whether the PUT created something, and the model. */
export interface Upserted<T> {
    created: boolean;
    value: T;
}

/** A control route named `Control.<name>` in logs. */
export function route(method: string, template: string, name: string, handler: ControlEndpoint): ControlRoute {
    return { method, template, operation: `Control.${name}`, handler };
}

/** 200 with a body. */
export function ok(body: unknown): ControlResult {
    return { status: 200, body };
}

/** 201 when the PUT created something, 200 when it replaced it. */
export function upserted<T>(result: Upserted<T>): ControlResult {
    return { status: result.created ? 201 : 200, body: result.value };
}

/** Runs a removal and answers `{deleted: 1}`. */
export function deleted(remove: () => void): ControlResult {
    remove();
    return ok({ deleted: 1 });
}

/** The body as an object; seeds may be sent without one. */
export function object<T>(body: unknown): T {
    return (body ?? {}) as T;
}
