import {
    authenticationFailed,
    expiredAuthenticationToken,
    invalidAuthenticationToken,
    invalidAuthenticationTokenAudience,
} from "../arm/armErrors";
import { formatDotNetUtc, type Clock } from "../clock";
import { decodeJwt, verifyRs256 } from "./jwt";
import type { SigningKey } from "./signingKey";
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
    /** Keys whose signatures are trusted (the token authority's). */
    signingKeys: () => readonly SigningKey[];
    /** The ARM audience, e.g. `https://management.azure.com/`; compared with or without trailing slash. */
    audience: string;
    clock: Clock;
    /** Value of `authorization_uri` in `WWW-Authenticate` (the authority, with a tenant). */
    authorizationUri: () => string;
}

/** Stage: every request that reaches it must carry a valid bearer token; 401 in ARM's words otherwise. */
export function bearerAuthStage(options: BearerAuthOptions): Stage {
    return async (context, next) => {
        context.principal = authenticateBearer(context.header("authorization"), options);
        await next();
    };
}

/**
 * Verifies an `Authorization` header value and returns the token's claims, or throws the ARM 401
 * that matches the failure: missing header, malformed or foreign token, wrong audience, expired.
 */
export function authenticateBearer(authorization: string | undefined, options: BearerAuthOptions): AccessTokenClaims {
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
    const jwt = decodeJwt(match[1]);
    if (!jwt) throw invalid();
    const key = options.signingKeys().find((candidate) => candidate.kid === jwt.header.kid);
    if (!key || !verifyRs256(jwt, key.publicKey)) throw invalid();
    const claims = jwt.payload as Partial<AccessTokenClaims>;
    if (typeof claims.exp !== "number" || typeof claims.aud !== "string") throw invalid();

    const allowed = allowedAudiences(options.audience);
    if (!allowed.some((audience) => audience.toLowerCase() === claims.aud!.toLowerCase())) {
        throw invalidAuthenticationTokenAudience(claims.aud, allowed, challenge("The access token has been obtained for wrong audience or resource."));
    }
    const nowMs = options.clock.nowMs();
    if (claims.exp * 1000 <= nowMs) {
        const expiry = formatDotNetUtc(new Date(claims.exp * 1000));
        const now = formatDotNetUtc(new Date(nowMs));
        const message = `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${now}'.`;
        throw expiredAuthenticationToken(expiry, now, challenge(message));
    }
    // A token from the future (negative skew) is not valid yet; ARM reports it as invalid.
    if (typeof claims.nbf === "number" && claims.nbf * 1000 > nowMs) throw invalid();
    return claims as AccessTokenClaims;
}

/** The audience with and without its trailing slash: ARM accepts both spellings. */
export function allowedAudiences(audience: string): string[] {
    const bare = audience.replace(/\/+$/, "");
    return [`${bare}/`, bare];
}
