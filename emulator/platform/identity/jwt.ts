import * as crypto from "node:crypto";

/** The JOSE header of the tokens the emulator issues. */
export interface JwtHeader {
    alg: string;
    typ?: string;
    kid?: string;
}

/** A JWT split into its parts, not yet verified. */
export interface DecodedJwt {
    header: JwtHeader;
    payload: Record<string, unknown>;
    /** `base64url(header) + "." + base64url(payload)`: the bytes the signature covers. */
    signingInput: string;
    signature: Buffer;
}

/** Signs `payload` as a compact RS256 JWT with the given key id in the header. */
export function signJwt(payload: Record<string, unknown>, privateKey: crypto.KeyObject, kid: string): string {
    const header: JwtHeader = { alg: "RS256", typ: "JWT", kid };
    const signingInput = `${base64UrlJson(header)}.${base64UrlJson(payload)}`;
    const signature = crypto.sign("sha256", Buffer.from(signingInput), privateKey);
    return `${signingInput}.${signature.toString("base64url")}`;
}

/** Splits and parses a compact JWT; `undefined` when it is not one. Does not verify anything. */
export function decodeJwt(token: string): DecodedJwt | undefined {
    const parts = token.split(".");
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return undefined;
    try {
        const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as JwtHeader;
        const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
        if (typeof header !== "object" || header === null || typeof payload !== "object" || payload === null) return undefined;
        return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], "base64url") };
    } catch {
        return undefined;
    }
}

/** True when `jwt` is RS256 and its signature verifies with `publicKey`. */
export function verifyRs256(jwt: DecodedJwt, publicKey: crypto.KeyObject): boolean {
    if (jwt.header.alg !== "RS256") return false;
    return crypto.verify("sha256", Buffer.from(jwt.signingInput), publicKey, jwt.signature);
}

function base64UrlJson(value: unknown): string {
    return Buffer.from(JSON.stringify(value)).toString("base64url");
}
