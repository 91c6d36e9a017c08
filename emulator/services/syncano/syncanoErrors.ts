import { WireError } from "../../platform/pipeline/wireError";

/**
 * An error answered in the platform's dialect: Django REST framework's JSON bodies
 * (`{"detail": "…"}`, `{"field": ["…"]}`, `{"non_field_errors": ["…"]}`), or, where Django itself
 * answers (no such URL, an unhandled exception), its plain HTML page.
 */
export class SyncanoError extends WireError {
    constructor(
        statusCode: number,
        private readonly body: unknown,
        headers: Record<string, string> = {},
        /** An HTML page instead of JSON. */
        readonly html?: string,
    ) {
        super(typeof body === "object" && body !== null && "detail" in body ? String((body as { detail: unknown }).detail) : JSON.stringify(body ?? html), statusCode, headers);
        this.name = "SyncanoError";
    }

    override toBody(): unknown {
        return this.body;
    }
}

/** `{"detail": message}` with a status. */
export function detailError(statusCode: number, message: string, headers: Record<string, string> = {}): SyncanoError {
    return new SyncanoError(statusCode, { detail: message }, headers);
}

/** 400 `{"field": ["message", …], …}`: a serializer's field errors. */
export function fieldErrors(errors: Record<string, string[]>): SyncanoError {
    return new SyncanoError(400, errors);
}

/** 400 `{"non_field_errors": [messages]}`. */
export function nonFieldErrors(...messages: string[]): SyncanoError {
    return new SyncanoError(400, { non_field_errors: messages });
}

/** 404 for an object that does not exist or is not the caller's. */
export function notFound(): SyncanoError {
    return detailError(404, "Not found.");
}

/** 404 for an unknown instance (ModelNotFound(Instance)). */
export function instanceNotFound(): SyncanoError {
    return detailError(404, "Instance was not found.");
}

/** 403 without a key, or for an instance the account does not own. */
export function permissionDenied(): SyncanoError {
    return detailError(403, "You do not have permission to perform this action.");
}

/** 403 for a key no account holds. */
export function noSuchApiKey(): SyncanoError {
    return detailError(403, "No such API Key.");
}

/** 429 with `Retry-After`, in Django REST framework's words. */
export function throttled(waitSeconds: number): SyncanoError {
    const wait = Math.max(0, Math.ceil(waitSeconds));
    return detailError(429, `Request was throttled. Expected available in ${wait} second${wait === 1 ? "" : "s"}.`, { "Retry-After": String(wait) });
}

/** 405 with `Allow`. */
export function methodNotAllowed(method: string, allowedMethods: readonly string[]): SyncanoError {
    return detailError(405, `Method "${method}" not allowed.`, { Allow: allowedMethods.join(", ") });
}

/** 400 for a body that is not JSON. */
export function parseError(reason: string): SyncanoError {
    return detailError(400, `JSON parse error - ${reason}`);
}

/** 400 for bad `page_size`, `direction` or `last_pk`. */
export function malformedPageParameter(): SyncanoError {
    return detailError(400, "Incorrect page parameter provided.");
}

/** 400 while another backup of the account is scheduled or running. */
export function tooManyBackupsRunning(): SyncanoError {
    return detailError(400, "You can have only one active backup running.");
}

/** 400 at the account's backup limit. */
export function tooManyBackups(limit: number): SyncanoError {
    return detailError(400, `Maximum number of backups per account reached (${limit}).`);
}

/** 400 for deleting a running backup. */
export function cannotDeleteActiveBackup(): SyncanoError {
    return detailError(400, "Cannot delete active backup");
}

/** 503 with `Retry-After` (an injected fault). */
export function serviceUnavailable(retryAfterSeconds: number): SyncanoError {
    return detailError(503, "Service temporarily unavailable, try again later.", { "Retry-After": String(retryAfterSeconds) });
}

/** Django's own 404 page: a URL no route matches (a missing trailing slash included: APPEND_SLASH is off). */
export function pageNotFound(): SyncanoError {
    return new SyncanoError(404, undefined, {}, "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>");
}

/** Django's own 500 page: an unhandled exception (an injected fault, or an emulator bug). */
export function serverError(): SyncanoError {
    return new SyncanoError(500, undefined, {}, "<h1>Server Error (500)</h1>");
}

/** `status_info` texts of backups and restores that end badly. */
export const STATUS_INFO = Object.freeze({
    instanceNoLongerExists: "Instance no longer exists.",
    restoreAlreadyScheduled: "Restore already scheduled on specified instance.",
    /** The platform formats the limit with Django's filesizeformat. */
    sizeLimitExceeded: (limitBytes: number) => `Size limit exceeded (${fileSizeFormat(limitBytes)}).`,
});

/**
 * Django's `filesizeformat`: `100 bytes`, `2.0 KB`, `5.0 MB`. (Django joins number and unit with a
 * no-break space; the reference quotes a plain one, which is what is written here.)
 */
export function fileSizeFormat(bytes: number): string {
    const units = ["KB", "MB", "GB", "TB", "PB"];
    if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
