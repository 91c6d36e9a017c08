import { STATUS_CODES } from "node:http";
import { DeclarativeBackupsError } from "../errors";
import { redact } from "../redact/sanitizer";

const armErrorBrand = Symbol.for("declarative-backups.error.ArmError");

/** One entry of an ARM error's `details`. */
export interface ArmErrorDetail {
    code?: string;
    message?: string;
    target?: string;
}

/** What an ARM error body says, whichever envelope it came in. */
export interface ArmErrorBody extends ArmErrorDetail {
    details?: ArmErrorDetail[];
}

/** Everything an `ArmError` is built from. */
export interface ArmErrorInit {
    operation: string;
    statusCode: number;
    code: string;
    message: string;
    requestId?: string;
    clientRequestId?: string;
    target?: string;
    details?: ArmErrorDetail[];
}

// App Service answers `{"Code","Message","Details"}`, ARM `{"error":{"code","message","details"}}`:
// look keys up case-insensitively so one reader serves both.
function property(value: unknown, name: string): unknown {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    if (name in record) return record[name];
    const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : record[key];
}

function text(value: unknown): string | undefined {
    if (typeof value === "string") return value || undefined;
    // OData errors nest the message: {"message":{"lang":"en-US","value":"…"}}.
    const nested = property(value, "value");
    return typeof nested === "string" ? nested || undefined : undefined;
}

function readDetail(value: unknown): ArmErrorDetail | undefined {
    const detail: ArmErrorDetail = {
        code: text(property(value, "code")),
        message: text(property(value, "message")),
        target: text(property(value, "target")),
    };
    if (!detail.code && !detail.message) return undefined;
    if (detail.message) detail.message = redact(detail.message);
    if (!detail.target) delete detail.target;
    return detail;
}

/**
 * Reads an error body in either envelope: ARM's `{"error":{code,message,target,details}}` or App
 * Service's `{"Code","Message","Details"}` (also `odata.error`). Undefined when the body is not JSON or
 * names neither a code nor a message.
 */
export function parseArmErrorBody(bodyText: string): ArmErrorBody | undefined {
    let json: unknown;
    try {
        json = JSON.parse(bodyText);
    } catch {
        return undefined;
    }
    const envelope = property(json, "error") ?? property(json, "odata.error") ?? json;
    const main = readDetail(envelope);
    if (!main) return undefined;
    const rawDetails = property(envelope, "details");
    const details = Array.isArray(rawDetails) ? rawDetails.map(readDetail).filter((d): d is ArmErrorDetail => d !== undefined) : [];
    return details.length ? { ...main, details } : main;
}

// For bodies that are not an error envelope (a proxy's HTML page, plain text): a short, tag-free excerpt.
function excerpt(bodyText: string): string | undefined {
    const plain = bodyText.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (!plain) return undefined;
    return plain.length > 300 ? `${plain.slice(0, 300)}…` : plain;
}

/** Builds the stable code used when the service gave none: the status's reason phrase, e.g. "NotFound". */
export function statusCodeName(statusCode: number): string {
    return (STATUS_CODES[statusCode] ?? `Http${statusCode}`).replace(/[^A-Za-z0-9]/g, "");
}

/**
 * An ARM answer that was not the expected status. `code` is the service's error code (e.g.
 * "ResourceNotFound"), or the status's reason phrase when the body had none; the message names the
 * operation and quotes the request id, and has been through `redact()`.
 */
export class ArmError extends DeclarativeBackupsError {
    override readonly code: string;
    readonly statusCode: number;
    readonly operation: string;
    /** The service's own message (redacted), without our prefix and request id. */
    readonly serviceMessage: string;
    /** `x-ms-request-id` of the failed answer: what Azure support asks for. */
    readonly requestId?: string;
    /** The `x-ms-client-request-id` we sent. */
    readonly clientRequestId?: string;
    readonly target?: string;
    readonly details?: ArmErrorDetail[];

    constructor(init: ArmErrorInit) {
        const id = init.requestId ? `request id ${init.requestId}` : init.clientRequestId ? `client request id ${init.clientRequestId}` : undefined;
        super(`${init.operation} failed: ${init.statusCode} ${init.code}: ${init.message}${id ? ` (${id})` : ""}`);
        Object.defineProperty(this, armErrorBrand, { value: true });
        this.code = init.code;
        this.statusCode = init.statusCode;
        this.operation = init.operation;
        this.serviceMessage = redact(init.message);
        this.requestId = init.requestId;
        this.clientRequestId = init.clientRequestId;
        if (init.target) this.target = init.target;
        if (init.details?.length) this.details = init.details;
    }

    /** Builds the error for an unexpected answer from its status, headers (lower-case names) and body text. */
    static fromResponse(init: { operation: string; statusCode: number; headers: Record<string, string>; bodyText: string; clientRequestId?: string }): ArmError {
        const body = parseArmErrorBody(init.bodyText);
        return new ArmError({
            operation: init.operation,
            statusCode: init.statusCode,
            code: body?.code ?? init.headers["x-ms-error-code"] ?? statusCodeName(init.statusCode),
            message: body?.message ?? excerpt(init.bodyText) ?? STATUS_CODES[init.statusCode] ?? "no message",
            requestId: init.headers["x-ms-request-id"],
            clientRequestId: init.clientRequestId ?? init.headers["x-ms-client-request-id"],
            target: body?.target,
            details: body?.details,
        });
    }
}

/** True for an `ArmError`, including one thrown by another copy of this module in the process. */
export function isArmError(e: unknown): e is ArmError {
    return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[armErrorBrand] === true;
}
