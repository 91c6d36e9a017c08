import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import {
    authenticationFailed,
    expiredAuthenticationToken,
    invalidAuthenticationToken,
    invalidAuthenticationTokenAudience,
    type ArmError,
} from "../arm/armErrors";
import { formatDotNetUtc, type Clock } from "../clock";
import type { Stage } from "../pipeline/stage";

/** The claims of a verified access token that handlers may use. */
export interface AccessTokenClaims {
    aud: string;
    iss: string;
    tid: string;
    oid: string;
    appid: string;
    exp: number;
    nbf: number;
    iat: number;
}

/** Options of {@link authenticateBearer} and {@link bearerAuthStage}. */
export interface BearerAuthOptions {
    /** The keys whose signatures are trusted: the token authority's JWKS. */
    jwks: JSONWebKeySet;
    /** Accepted `iss` values: the token authority's, one per tenant. */
    issuers: () => readonly string[];
    /** The ARM audience, e.g. `https://management.azure.com/`; compared with or without trailing slash. */
    audience: string;
    clock: Clock;
    /** Value of `authorization_uri` in `WWW-Authenticate` (the authority, with a tenant). */
    authorizationUri: () => string;
}

/** Stage: every request that reaches it must carry a valid bearer token; 401 in ARM's words otherwise. */
export function bearerAuthStage(options: BearerAuthOptions): Stage {
    const keys = createLocalJWKSet(options.jwks);
    return async (context, next) => {
        context.principal = await authenticateBearer(context.header("authorization"), options, keys);
        await next();
    };
}

/**
 * Verifies an `Authorization` header value with jose (RS256 signature by a key of the JWKS, issuer,
 * expiry, not-before) and returns the token's claims, or throws the ARM 401 that matches the failure:
 * missing header, malformed or foreign token, wrong audience, expired.
 */
export async function authenticateBearer(
    authorization: string | undefined,
    options: BearerAuthOptions,
    keys: JWTVerifyGetKey = createLocalJWKSet(options.jwks),
): Promise<AccessTokenClaims> {
    const challenge = (description: string) => ({
        "WWW-Authenticate": `Bearer authorization_uri="${options.authorizationUri()}", error="invalid_token", error_description="${description}"`,
        "x-ms-failure-cause": "gateway",
    });
    if (authorization === undefined || authorization.trim() === "") {
        throw authenticationFailed(challenge("The authentication failed because of missing 'Authorization' header."));
    }
    const invalid = () => invalidAuthenticationToken(challenge("The access token is invalid."));
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw invalid();
    let claims: JWTPayload;
    try {
        ({ payload: claims } = await jwtVerify(match[1], keys, {
            algorithms: ["RS256"],
            issuer: [...options.issuers()],
            requiredClaims: ["exp", "aud"],
            currentDate: options.clock.now(),
        }));
    } catch (error) {
        // jose checks claims only once the signature holds, so a claim failure carries real claims;
        // ARM reports a wrong audience before an expiry, and anything else as an invalid token.
        const verified = claimsOfFailure(error);
        if (!verified || typeof verified.exp !== "number") throw invalid();
        checkAudience(verified, options.audience, challenge, invalid);
        if ((error as { code?: string }).code === "ERR_JWT_EXPIRED") throw expired(verified.exp, options.clock, challenge);
        throw invalid();
    }
    checkAudience(claims, options.audience, challenge, invalid);
    return claims as unknown as AccessTokenClaims;
}

/** The audience with and without its trailing slash: ARM accepts both spellings. */
export function allowedAudiences(audience: string): string[] {
    const bare = audience.replace(/\/+$/, "");
    return [`${bare}/`, bare];
}

// Compared here rather than by jose, because ARM compares audiences case-insensitively.
function checkAudience(claims: JWTPayload, audience: string, challenge: (description: string) => Record<string, string>, invalid: () => ArmError): void {
    if (typeof claims.aud !== "string") throw invalid();
    const allowed = allowedAudiences(audience);
    if (!allowed.some((candidate) => candidate.toLowerCase() === (claims.aud as string).toLowerCase())) {
        throw invalidAuthenticationTokenAudience(claims.aud, allowed, challenge("The access token has been obtained for wrong audience or resource."));
    }
}

function expired(expirySeconds: number, clock: Clock, challenge: (description: string) => Record<string, string>): ArmError {
    const expiry = formatDotNetUtc(new Date(expirySeconds * 1000));
    const now = formatDotNetUtc(clock.now());
    return expiredAuthenticationToken(expiry, now, challenge(`The access token expiry UTC time '${expiry}' is earlier than current UTC time '${now}'.`));
}

// The claims of a token whose signature verified but whose claims did not (codes rather than
// instanceof, which a second copy of jose would defeat).
function claimsOfFailure(error: unknown): JWTPayload | undefined {
    const { code, payload } = (error ?? {}) as { code?: string; payload?: JWTPayload };
    return code === "ERR_JWT_CLAIM_VALIDATION_FAILED" || code === "ERR_JWT_EXPIRED" ? payload : undefined;
}
