import type { RouteDefinition } from "../platform/pipeline/router";
import type { SiteTarget } from "../platform/arm/armScope";
import type { Upserted } from "./controlHandler";

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

/** Path of a site in the state routes: `/_emulator/state` + the site's ARM id. */
export const STATE_SITE = "/_emulator/state/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}";

/** Path of a slot in the state routes. */
export const STATE_SLOT = `${STATE_SITE}/slots/{slot}`;

/** A control route named `Control.<name>` in logs. */
export function route(method: string, template: string, name: string, handler: ControlEndpoint): RouteDefinition<ControlEndpoint> {
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

/** The site or slot named by the path parameters of a state route. */
export function siteTarget(params: Record<string, string>): SiteTarget {
    return {
        subscriptionId: params.subscriptionId,
        resourceGroupName: params.resourceGroupName,
        siteName: params.name,
        ...(params.slot !== undefined ? { slotName: params.slot } : {}),
    };
}
