import { AadError, type AadErrorContext } from "./aadErrors";
import { Router, type RouteDefinition } from "../pipeline/router";
import type { TokenAuthority } from "./tokenAuthority";
import { sendJson } from "../pipeline/httpResponse";
import type { RequestContext } from "../pipeline/requestContext";
import type { Stage } from "../pipeline/stage";

/** A token-authority endpoint: tenant and request in, JSON out. */
export type TokenEndpoint = (tenantId: string, context: RequestContext, errorContext: AadErrorContext) => Promise<unknown>;

/** The Entra ID endpoints MSAL Node calls, with `{tenant}` in the path. */
export function tokenAuthorityRoutes(authority: TokenAuthority): RouteDefinition<TokenEndpoint>[] {
    return [
        {
            method: "GET",
            template: "/{tenant}/v2.0/.well-known/openid-configuration",
            operation: "OpenIdConfiguration",
            handler: async (tenantId, _context, errorContext) => authority.openIdConfiguration(tenantId, errorContext),
        },
        {
            method: "POST",
            template: "/{tenant}/oauth2/v2.0/token",
            operation: "Token",
            handler: async (tenantId, context, errorContext) => {
                const form = new URLSearchParams((await context.readBody()).toString("utf8"));
                return authority.issueToken(tenantId, form, errorContext);
            },
        },
        {
            method: "GET",
            template: "/{tenant}/discovery/v2.0/keys",
            operation: "Keys",
            handler: async () => authority.jwks(),
        },
    ];
}

/**
 * Stage: answers token-authority requests (no bearer auth, no api-version) and stops there;
 * everything else goes on to the ARM stages.
 */
export function tokenAuthorityStage(router: Router<TokenEndpoint>, authorityUrl: () => string): Stage {
    return async (context, next) => {
        if (context.surface !== "token") return next();
        const errorContext: AadErrorContext = { correlationId: context.header("client-request-id"), authorityUrl: authorityUrl() };
        const lookup = router.lookup(context.method, context.segments);
        if (lookup.kind === "methodNotAllowed") {
            // Entra ID's answer to, say, a GET on the token endpoint.
            throw new AadError(
                400,
                "invalid_request",
                900561,
                `The endpoint only accepts ${lookup.allowedMethods.join(", ")} requests. Received a ${context.method} request.`,
                errorContext,
            );
        }
        if (lookup.kind !== "matched") return next();
        const body = await lookup.route.handler(lookup.params.tenant, context, errorContext);
        sendJson(context.res, 200, body, { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" });
    };
}
