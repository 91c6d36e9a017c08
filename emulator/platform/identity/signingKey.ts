import * as crypto from "node:crypto";
import { promisify } from "node:util";

const generateKeyPair = promisify(crypto.generateKeyPair);

/** An RSA key the token authority signs with, and its public half as published in the JWKS. */
export interface SigningKey {
    kid: string;
    privateKey: crypto.KeyObject;
    publicKey: crypto.KeyObject;
    /** The public key as a JWK, with `kid`, `use` and `alg`. */
    jwk: Record<string, unknown>;
}

/**
 * Creates a fresh signing key. Each server instance has its own, so a token from another emulator
 * instance (or any other issuer) fails signature validation, as a foreign token does against ARM.
 */
export async function createSigningKey(): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair("rsa", { modulusLength: 2048 });
    const exported = publicKey.export({ format: "jwk" }) as { n: string; e: string };
    // RFC 7638 thumbprint: stable, and unique per key.
    const thumbprint = crypto.createHash("sha256").update(JSON.stringify({ e: exported.e, kty: "RSA", n: exported.n })).digest("base64url");
    const kid = thumbprint.slice(0, 27);
    return { kid, privateKey, publicKey, jwk: { kty: "RSA", use: "sig", alg: "RS256", kid, n: exported.n, e: exported.e } };
}
