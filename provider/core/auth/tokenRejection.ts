import { parseArmErrorBody } from "../arm/armError";

/** ARM error codes of a 401 that a fresh token can fix. */
export const rejectedTokenErrorCodes: ReadonlySet<string> = new Set(["expiredauthenticationtoken", "invalidauthenticationtoken"]);

/**
 * True when a 401 says our token itself was refused (expired or invalid: the error code, or a
 * `WWW-Authenticate` challenge with error="invalid_token"), so dropping it and asking for a new one may
 * help. Other 401s (wrong tenant, no access) are returned as they are.
 */
export function isTokenRejected(response: { status: number; headers: Record<string, string>; bodyText: string }): boolean {
    if (response.status !== 401) return false;
    const code = parseArmErrorBody(response.bodyText)?.code;
    if (code && rejectedTokenErrorCodes.has(code.toLowerCase())) return true;
    return /\berror\s*=\s*"?invalid_token"?/i.test(response.headers["www-authenticate"] ?? "");
}
