import { ArmError, httpMethodNotAllowed, invalidRequestContent } from "../platform/arm/armErrors";
import { sendJson } from "../platform/pipeline/httpResponse";
import type { RequestContext } from "../platform/pipeline/requestContext";
import type { Router } from "../platform/pipeline/router";
import type { Stage } from "../platform/pipeline/stage";
import type { ControlHandler } from "./controlHandler";
import {
    CONTROL_RESOURCE_GROUP,
    CONTROL_STATE,
    CONTROL_SUBSCRIPTION,
    deleted,
    object,
    ok,
    route,
    upserted,
    type ControlEndpoint,
    type ControlRoute,
} from "./controlRouteHelpers";

export type { ControlEndpoint, ControlRequest, ControlResult, ControlRoute } from "./controlRouteHelpers";

/** The shared control API route table (no auth, no faults, no api-version); services add theirs. */
export function controlRoutes(handler: ControlHandler, url: () => string): ControlRoute[] {
    return [
        route("GET", "/_emulator/health", "Health", () => ok({ status: "ok", url: url() })),
        route("POST", "/_emulator/reset", "Reset", () => {
            handler.reset();
            return ok({ reset: true });
        }),
        route("PUT", CONTROL_SUBSCRIPTION, "PutSubscription", ({ params, body }) => upserted(handler.putSubscription(params.subscriptionId, object(body)))),
        route("DELETE", CONTROL_SUBSCRIPTION, "DeleteSubscription", ({ params }) => deleted(() => handler.deleteSubscription(params.subscriptionId))),
        route("PUT", CONTROL_RESOURCE_GROUP, "PutResourceGroup", ({ params, body }) =>
            upserted(handler.putResourceGroup(params.subscriptionId, params.resourceGroupName, object(body))),
        ),
        route("DELETE", CONTROL_RESOURCE_GROUP, "DeleteResourceGroup", ({ params }) =>
            deleted(() => handler.deleteResourceGroup(params.subscriptionId, params.resourceGroupName)),
        ),
        route("GET", CONTROL_STATE, "GetState", () => ok(handler.state())),
        route("POST", "/_emulator/faults", "AddFault", ({ body }) => ({ status: 201, body: handler.addFault(body) })),
        route("GET", "/_emulator/faults", "ListFaults", () => ok({ value: handler.listFaults() })),
        route("DELETE", "/_emulator/faults", "ClearFaults", () => ok({ deleted: handler.clearFaults() })),
        route("DELETE", "/_emulator/faults/{id}", "DeleteFault", ({ params }) => deleted(() => handler.deleteFault(params.id))),
        route("GET", "/_emulator/requests", "GetRequests", () => ok(handler.requests())),
        route("DELETE", "/_emulator/requests", "ClearRequests", () => {
            handler.clearRequests();
            return ok({ deleted: 1 });
        }),
        route("GET", "/_emulator/auth", "GetAuth", () => ok(handler.authSettings())),
        route("PUT", "/_emulator/auth", "PutAuth", ({ body }) => ok(handler.updateAuthSettings(object(body)))),
    ];
}

/** Stage: answers `/_emulator/...` requests and stops; other requests pass through untouched. */
export function controlStage(router: Router<ControlEndpoint>): Stage {
    return async (context, next) => {
        if (context.surface !== "control") return next();
        const lookup = router.lookup(context.method, context.segments);
        if (lookup.kind === "methodNotAllowed") throw httpMethodNotAllowed(context.method, lookup.allowedMethods);
        if (lookup.kind === "notFound") throw new ArmError(404, "NotFound", `No control route ${context.method} ${context.path}.`);
        const result = lookup.route.handler({ params: lookup.params, body: await readJson(context) });
        sendJson(context.res, result.status, result.body);
    };
}

async function readJson(context: RequestContext): Promise<unknown> {
    const text = (await context.readBody()).toString("utf8");
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch (error) {
        throw invalidRequestContent((error as Error).message);
    }
}
