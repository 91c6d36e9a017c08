import * as https from "node:https";
import { StorageAccessError, type StorageFailure } from "./storageAccessError";

/** Options of {@link BlobTransfer}. */
export interface BlobTransferOptions {
    /** CA certificate(s) trusted for storage endpoints (the emulator's CA, which signed Azurite's certificate). */
    caPem: string;
    /** Per-request timeout; default 15 s. */
    timeoutMs?: number;
}

/** The storage REST version sent with each request (one Azurite 3.36 knows). */
export const STORAGE_API_VERSION = "2025-11-05";

// The emulator stands in for App Service inside a test sandbox: it writes only to loopback storage
// (Azurite). Any other host fails as an unresolvable name, so a test that passes a real-looking SAS URL
// never sends data off the machine.
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Reads, writes and deletes one blob through a container SAS URL, as App Service does with the
 * `storageAccountUrl` of a backup: `<container url>/<blob name>?<sas>`. Failures throw a
 * {@link StorageAccessError} whose message is the log text the service would record.
 */
export class BlobTransfer {
    private readonly caPem: string;
    private readonly timeoutMs: number;

    constructor(options: BlobTransferOptions) {
        this.caPem = options.caPem;
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    }

    /** Put Block Blob: creates or replaces the blob. */
    async putBlob(containerSasUrl: string, blobName: string, content: Buffer, contentType = "application/zip"): Promise<void> {
        await this.send("PUT", blobUrl(containerSasUrl, blobName), content, { "x-ms-blob-type": "BlockBlob", "Content-Type": contentType });
    }

    /** Get Blob: the blob's content. */
    async getBlob(containerSasUrl: string, blobName: string): Promise<Buffer> {
        return this.send("GET", blobUrl(containerSasUrl, blobName));
    }

    /** Delete Blob; a blob that is already gone counts as deleted. */
    async deleteBlob(containerSasUrl: string, blobName: string): Promise<void> {
        try {
            await this.send("DELETE", blobUrl(containerSasUrl, blobName));
        } catch (error) {
            const failure = (error as StorageAccessError).failure;
            if (failure?.kind === "status" && failure.status === 404 && failure.errorCode === "BlobNotFound") return;
            throw error;
        }
    }

    private send(method: string, url: URL, body?: Buffer, headers: Record<string, string> = {}): Promise<Buffer> {
        if (!LOOPBACK_HOSTS.has(url.hostname)) return Promise.reject(new StorageAccessError({ kind: "nameResolution", host: url.hostname }));
        return new Promise((resolve, reject) => {
            const request = https.request(
                url,
                {
                    method,
                    ca: this.caPem,
                    agent: false,
                    timeout: this.timeoutMs,
                    headers: {
                        ...headers,
                        "x-ms-version": STORAGE_API_VERSION,
                        "x-ms-date": new Date().toUTCString(),
                        "Content-Length": String(body?.length ?? 0),
                    },
                },
                (response) => {
                    const chunks: Buffer[] = [];
                    response.on("data", (chunk: Buffer) => chunks.push(chunk));
                    response.on("error", (error) => reject(new StorageAccessError(networkFailure(error))));
                    response.on("end", () => {
                        const status = response.statusCode ?? 0;
                        if (status >= 200 && status < 300) return resolve(Buffer.concat(chunks));
                        const errorCode = response.headers["x-ms-error-code"];
                        reject(new StorageAccessError({ kind: "status", status, ...(typeof errorCode === "string" ? { errorCode } : {}) }));
                    });
                },
            );
            request.on("timeout", () => request.destroy(new TimeoutError()));
            request.on("error", (error) => reject(new StorageAccessError(networkFailure(error))));
            request.end(body);
        });
    }
}

/** `<container url>/<blob name>?<sas>`: the blob's URL under a container SAS URL. */
export function blobUrl(containerSasUrl: string, blobName: string): URL {
    let url: URL;
    try {
        url = new URL(containerSasUrl);
    } catch {
        throw new StorageAccessError({ kind: "invalidUrl" });
    }
    if (url.protocol !== "https:") throw new StorageAccessError({ kind: "invalidUrl" });
    const encodedName = blobName.split("/").map(encodeURIComponent).join("/");
    url.pathname = `${url.pathname.replace(/\/+$/, "")}/${encodedName}`;
    return url;
}

class TimeoutError extends Error {}

function networkFailure(error: Error): StorageFailure {
    if (error instanceof TimeoutError) return { kind: "timeout" };
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { kind: "nameResolution", host: (error as { hostname?: string }).hostname ?? "" };
    if (/CERT|SELF_SIGNED|ERR_SSL|ERR_TLS|UNABLE_TO/.test(code)) return { kind: "tls" };
    return { kind: "connect" };
}
