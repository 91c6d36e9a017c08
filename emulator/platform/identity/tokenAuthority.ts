import { randomUUID } from "node:crypto";
import { SignJWT, type JSONWebKeySet } from "jose";
import {
    applicationNotFound,
    invalidClientSecret,
    invalidScope,
    missingClientCredential,
    missingParameter,
    tenantNotFound,
    unsupportedGrantType,
    type AadErrorContext,
} from "./aadErrors";
import type { Clock } from "../clock";
import type { ServicePrincipalRegistry } from "./servicePrincipals";
import type { SigningKey } from "./signingKey";

/** Options of a {@link TokenAuthority}. */
export interface TokenAuthorityOptions {
    /** Base URL of the server (`https://127.0.0.1:port`): known only once it listens, hence a function. */
    baseUrl: () => string;
    principals: ServicePrincipalRegistry;
    signingKey: SigningKey;
    clock: Clock;
    tokenLifetimeSeconds: number;
}

/** The token endpoint's success body. */
export interface TokenResponse {
    token_type: "Bearer";
    access_token: string;
    expires_in: number;
    ext_expires_in: number;
}

// Scopes MSAL may add to any request; they do not name a resource.
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access"]);
const DEFAULT_SCOPE_SUFFIX = "/.default";

/**
 * A minimal Microsoft Entra ID: OpenID discovery, JWKS and the client-credentials token grant,
 * enough for MSAL Node (and so @azure/identity) with `disableInstanceDiscovery: true`.
 */
export class TokenAuthority {
    /** Lifetime of newly issued tokens; read at issue time so the control API can change it. */
    tokenLifetimeSeconds: number;
    private issued = 0;

    constructor(private readonly options: TokenAuthorityOptions) {
        this.tokenLifetimeSeconds = options.tokenLifetimeSeconds;
    }

    /** Number of access tokens issued since start (or the last reset). */
    get tokensIssued(): number {
        return this.issued;
    }

    /** Forgets the issue count and restores the configured token lifetime. */
    reset(): void {
        this.issued = 0;
        this.tokenLifetimeSeconds = this.options.tokenLifetimeSeconds;
    }

    /** The issuer (`iss`) of tokens for a tenant. */
    issuer(tenantId: string): string {
        return `${this.options.baseUrl()}/${tenantId}/v2.0`;
    }

    /** The keys that verify this authority's tokens. */
    get signingKeys(): readonly SigningKey[] {
        return [this.options.signingKey];
    }

    /** GET `/{tenant}/v2.0/.well-known/openid-configuration`. */
    openIdConfiguration(tenantId: string, context: AadErrorContext): Record<string, unknown> {
        this.requireTenant(tenantId, context);
        const base = `${this.options.baseUrl()}/${tenantId}`;
        return {
            token_endpoint: `${base}/oauth2/v2.0/token`,
            token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            jwks_uri: `${this.options.baseUrl()}/${tenantId}/discovery/v2.0/keys`,
            response_modes_supported: ["query", "fragment", "form_post"],
            subject_types_supported: ["pairwise"],
            id_token_signing_alg_values_supported: ["RS256"],
            response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
            scopes_supported: ["openid", "profile", "email", "offline_access"],
            issuer: this.issuer(tenantId),
            request_uri_parameter_supported: false,
            userinfo_endpoint: `${base}/openid/v2.0/userinfo`,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
            http_logout_supported: true,
            frontchannel_logout_supported: true,
            end_session_endpoint: `${base}/oauth2/v2.0/logout`,
            claims_supported: ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "azp", "appid"],
            kerberos_endpoint: `${base}/kerberos`,
            tenant_region_scope: "WW",
            cloud_instance_name: "emulator",
            cloud_graph_host_name: "graph.windows.net",
            msgraph_host: "graph.microsoft.com",
            rbac_url: "https://pas.windows.net",
        };
    }

    /** GET `/{tenant}/discovery/v2.0/keys`. */
    jwks(): JSONWebKeySet {
        return { keys: this.signingKeys.map((key) => key.jwk) };
    }

    /** POST `/{tenant}/oauth2/v2.0/token` with a client-credentials form. Throws an AadError on refusal. */
    async issueToken(tenantId: string, form: URLSearchParams, context: AadErrorContext): Promise<TokenResponse> {
        this.requireTenant(tenantId, context);
        const grantType = form.get("grant_type");
        if (!grantType) throw missingParameter("grant_type", context);
        if (grantType !== "client_credentials") throw unsupportedGrantType(grantType, context);
        const clientId = form.get("client_id");
        if (!clientId) throw missingParameter("client_id", context);
        const principal = this.options.principals.findByClientId(clientId);
        if (!principal || principal.tenantId.toLowerCase() !== tenantId.toLowerCase()) {
            throw applicationNotFound(clientId, tenantId, context);
        }
        const secret = form.get("client_secret");
        if (!secret) throw missingClientCredential(context);
        if (secret !== principal.clientSecret) throw invalidClientSecret(clientId, context);
        const scope = form.get("scope");
        if (!scope) throw missingParameter("scope", context);
        const resourceScopes = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
        if (resourceScopes.length !== 1 || !resourceScopes[0].endsWith(DEFAULT_SCOPE_SUFFIX)) throw invalidScope(scope, context);
        const audience = resourceScopes[0].slice(0, -DEFAULT_SCOPE_SUFFIX.length);

        const lifetime = this.tokenLifetimeSeconds;
        const now = this.options.clock.nowSeconds();
        const claims = {
            aud: audience,
            iss: this.issuer(principal.tenantId),
            iat: now,
            nbf: now,
            exp: now + lifetime,
            appid: principal.clientId,
            appidacr: "1",
            azp: principal.clientId,
            azpacr: "1",
            idp: this.issuer(principal.tenantId),
            idtyp: "app",
            oid: principal.objectId,
            sub: principal.objectId,
            tid: principal.tenantId,
            uti: randomUUID().replace(/-/g, ""),
            ver: "2.0",
        };
        const { privateKey, kid } = this.options.signingKey;
        const accessToken = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(privateKey);
        this.issued++;
        return { token_type: "Bearer", access_token: accessToken, expires_in: lifetime, ext_expires_in: lifetime };
    }

    private requireTenant(tenantId: string, context: AadErrorContext): void {
        if (!this.options.principals.hasTenant(tenantId)) throw tenantNotFound(tenantId, context);
    }
}
