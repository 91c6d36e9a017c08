import * as crypto from "node:crypto";
import { promisify } from "node:util";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";

const generateKeyPair = promisify(crypto.generateKeyPair);

/** An RSA key the token authority signs with, and its public half as published in the JWKS. */
export interface SigningKey {
    kid: string;
    privateKey: crypto.KeyObject;
    publicKey: crypto.KeyObject;
    /** The public key as a JWK, with `kid`, `use` and `alg`. */
    jwk: JWK;
}

/**
 * Creates a fresh signing key. Each server instance has its own, so a token from another emulator
 * instance (or any other issuer) fails signature validation, as a foreign token does against ARM.
 */
export async function createSigningKey(): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair("rsa", { modulusLength: 2048 });
    const { kty, n, e } = await exportJWK(publicKey);
    // The RFC 7638 thumbprint is stable and unique per key; Entra ID's key ids are 27 characters.
    const kid = (await calculateJwkThumbprint({ kty, n, e })).slice(0, 27);
    return { kid, privateKey, publicKey, jwk: { kty, use: "sig", alg: "RS256", kid, n, e } };
}
