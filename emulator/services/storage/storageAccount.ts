import * as crypto from "node:crypto";

/** Where the emulator's blob service listens and the shared key of its one storage account. */
export interface BlobStorageInfo {
    /** Path-style account endpoint: `https://127.0.0.1:<port>/<account>`. */
    blobEndpoint: string;
    accountName: string;
    /** Base64 account key, generated at each start (never Azurite's well-known development key). */
    accountKey: string;
}

/** Name of the emulated storage account (3–24 lower-case letters and digits, as Azure requires). */
export const DEFAULT_STORAGE_ACCOUNT_NAME = "declarativebackups";

/** A fresh random account key: 64 bytes, base64, the size and encoding of real storage account keys. */
export function createAccountKey(): string {
    return crypto.randomBytes(64).toString("base64");
}
