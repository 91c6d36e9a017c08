const brand = Symbol.for("declarative-backups.emulator.StorageAccessError");

/** Why a request to blob storage through a SAS URL failed. */
export type StorageFailure =
    /** Storage answered with an error status (403 for a SAS without the permission or expired, 404…). */
    | { kind: "status"; status: number; errorCode?: string }
    /** The host name did not resolve (or is not one the emulator may contact). */
    | { kind: "nameResolution"; host: string }
    /** Nothing accepted the connection. */
    | { kind: "connect" }
    /** The TLS handshake failed (an untrusted certificate, say). */
    | { kind: "tls" }
    /** No answer in time. */
    | { kind: "timeout" }
    /** The storage URL is not a usable container URL. */
    | { kind: "invalidUrl" };

/**
 * A failed blob request. Its message is the text App Service puts in a backup's `log`: .NET's
 * `WebException` wording after "Storage access failed.", and never the SAS URL.
 */
export class StorageAccessError extends Error {
    readonly [brand] = true;

    constructor(readonly failure: StorageFailure) {
        super(storageAccessMessage(failure));
        this.name = "StorageAccessError";
    }
}

/** True when `value` is a {@link StorageAccessError}. */
export function isStorageAccessError(value: unknown): value is StorageAccessError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** The log text for a storage failure, e.g. "Storage access failed. The remote server returned an error: (403) Forbidden." */
export function storageAccessMessage(failure: StorageFailure): string {
    return `Storage access failed. ${webExceptionMessage(failure)}`;
}

// The messages System.Net.WebException gives for each failure, which is what the service relays.
function webExceptionMessage(failure: StorageFailure): string {
    switch (failure.kind) {
        case "status":
            return `The remote server returned an error: (${failure.status}) ${reasonPhrase(failure.status)}.`;
        case "nameResolution":
            return `The remote name could not be resolved: '${failure.host}'`;
        case "connect":
            return "Unable to connect to the remote server";
        case "tls":
            return "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.";
        case "timeout":
            return "The operation has timed out";
        case "invalidUrl":
            return "Invalid URI: The format of the URI could not be determined.";
    }
}

// .NET's HttpStatusCode descriptions, as WebException prints them.
const REASON_PHRASES: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    416: "Requested Range Not Satisfiable",
    500: "Internal Server Error",
    503: "Server Unavailable",
};

function reasonPhrase(status: number): string {
    return REASON_PHRASES[status] ?? "Error";
}
