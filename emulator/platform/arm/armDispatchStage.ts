import {
    httpMethodNotAllowed,
    invalidRequestContent,
    invalidResourceNamespace,
    invalidResourceType,
    pathNotFound,
} from "./armErrors";
import { providerNamespaceOf, resourceTypeOf } from "./armPath";
import type { Router } from "../pipeline/router";
import { sendJson } from "../pipeline/httpResponse";
import type { RequestContext } from "../pipeline/requestContext";
import type { Stage } from "../pipeline/stage";
import type { ArmOperation, ArmRoute } from "./armOperation";

const METHODS_WITH_BODY = new Set(["PUT", "POST", "PATCH"]);

/**
 * Last stage of the ARM surface: finds the operation, parses the JSON body, calls the handler and
 * writes its answer. Unknown paths fail the way ARM fails them: unknown namespace, unknown
 * resource type, or a known path with the wrong method (405).
 */
export function armDispatchStage(router: Router<ArmOperation>, routes: readonly ArmRoute[]): Stage {
    const servedNamespaces = new Set(
        routes.map((route) => providerNamespaceOf(route.template.split("/").filter(Boolean))?.toLowerCase()).filter(Boolean),
    );
    return async (context, next) => {
        const lookup = router.lookup(context.method, context.segments);
        if (lookup.kind === "methodNotAllowed") throw httpMethodNotAllowed(context.method, lookup.allowedMethods);
        if (lookup.kind === "notFound") throw notFound(context, servedNamespaces);
        const body = METHODS_WITH_BODY.has(context.method) ? await readJsonBody(context) : undefined;
        const result = await lookup.route.handler({ params: lookup.params, body, query: context.query, principal: context.principal });
        sendJson(context.res, result.status, result.body, result.headers);
        await next();
    };
}

async function readJsonBody(context: RequestContext): Promise<unknown> {
    const text = (await context.readBody()).toString("utf8").replace(/^\uFEFF/, "");
    if (text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch (error) {
        throw invalidRequestContent((error as Error).message);
    }
}

function notFound(context: RequestContext, servedNamespaces: Set<string | undefined>) {
    const namespace = providerNamespaceOf(context.segments);
    if (namespace === undefined) return pathNotFound(context.path);
    if (!servedNamespaces.has(namespace.toLowerCase())) return invalidResourceNamespace(namespace);
    const type = resourceTypeOf(context.segments, context.method) ?? "";
    return invalidResourceType(type, namespace, context.queryParam("api-version") ?? "");
}
