import { STATUS_CODES } from "node:http";
import { statusCodeName } from "../core/arm/armError";
import { DeclarativeBackupsError, formatDuration } from "../core/errors";
import { redact } from "../core/redact/sanitizer";

const syncanoErrorBrand = Symbol.for("declarative-backups.error.SyncanoError");

/**
 * What a DRF error body says: `{"detail": "…"}`, `{"non_field_errors": […]}` or `{"field": ["…"]}`.
 * https://www.django-rest-framework.org/api-guide/exceptions/
 */
export interface SyncanoErrorBody {
    detail?: string;
    /** Field name (non_field_errors included) → messages. */
    fieldErrors?: Record<string, string[]>;
}

/** Reads a DRF error body; undefined when the body is not JSON or says nothing usable. */
export function parseSyncanoErrorBody(bodyText: string): SyncanoErrorBody | undefined {
    let json: unknown;
    try {
        json = JSON.parse(bodyText);
    } catch {
        return undefined;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
    const body: SyncanoErrorBody = {};
    const fieldErrors: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
        if (key === "detail" && typeof value === "string") body.detail = value;
        else if (Array.isArray(value)) fieldErrors[key] = value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
        else if (typeof value === "string") fieldErrors[key] = [value];
    }
    if (Object.keys(fieldErrors).length) body.fieldErrors = fieldErrors;
    return body.detail !== undefined || body.fieldErrors ? body : undefined;
}

/** One line for a DRF body: the detail, then `field: message` pairs. */
function describe(body: SyncanoErrorBody | undefined, bodyText: string): string {
    const parts: string[] = [];
    if (body?.detail) parts.push(body.detail);
    for (const [field, messages] of Object.entries(body?.fieldErrors ?? {})) parts.push(`${field}: ${messages.join(" ")}`);
    if (parts.length) return parts.join("; ");
    const plain = bodyText.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    return plain ? (plain.length > 300 ? `${plain.slice(0, 300)}…` : plain) : "no message";
}

/**
 * A Syncano answer that was not the expected status. `code` is the status's reason phrase
 * ("BadRequest", "Forbidden", "NotFound", "TooManyRequests"); `detail` and `fieldErrors` are the
 * service's own words, redacted.
 */
export class SyncanoError extends DeclarativeBackupsError {
    override readonly code: string;
    readonly statusCode: number;
    readonly operation: string;
    readonly detail?: string;
    readonly fieldErrors?: Record<string, string[]>;

    constructor(init: { operation: string; statusCode: number; body?: SyncanoErrorBody; bodyText?: string }) {
        const status = [init.statusCode, STATUS_CODES[init.statusCode]].filter(Boolean).join(" ");
        super(`${init.operation} failed: ${status}: ${describe(init.body, init.bodyText ?? "")}`);
        Object.defineProperty(this, syncanoErrorBrand, { value: true });
        this.code = statusCodeName(init.statusCode);
        this.statusCode = init.statusCode;
        this.operation = init.operation;
        if (init.body?.detail) this.detail = redact(init.body.detail);
        if (init.body?.fieldErrors) {
            this.fieldErrors = Object.fromEntries(Object.entries(init.body.fieldErrors).map(([k, v]) => [k, v.map(redact)]));
        }
    }

    /** Builds the error for an unexpected answer from its status and body text. */
    static fromResponse(operation: string, statusCode: number, bodyText: string): SyncanoError {
        return new SyncanoError({ operation, statusCode, body: parseSyncanoErrorBody(bodyText), bodyText });
    }
}

/** True for a `SyncanoError`, including one thrown by another copy of this module in the process. */
export function isSyncanoError(e: unknown): e is SyncanoError {
    return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[syncanoErrorBrand] === true;
}

/** 400 "You can have only one active backup running.": another backup of the account is scheduled or running. */
export function isActiveBackupRefusal(e: unknown): boolean {
    return isSyncanoError(e) && e.statusCode === 400 && /only one active backup/i.test(e.detail ?? "");
}

const accountLimitPattern = /maximum number of backups per account reached(?:\s*\((\d+)\))?/i;

/** 400 "Maximum number of backups per account reached (25).": the account holds as many backups as it may. */
export function isAccountLimitRefusal(e: unknown): e is SyncanoError {
    return isSyncanoError(e) && e.statusCode === 400 && accountLimitPattern.test(e.detail ?? "");
}

/** The limit a refusal names (25 in "…reached (25)."), undefined when it names none. */
export function accountLimitOf(e: SyncanoError): number | undefined {
    const m = accountLimitPattern.exec(e.detail ?? "");
    return m?.[1] ? Number(m[1]) : undefined;
}

/** 400 "Cannot delete active backup": the backup is still running. */
export function isActiveBackupDeletion(e: unknown): boolean {
    return isSyncanoError(e) && e.statusCode === 400 && /cannot delete active backup/i.test(e.detail ?? "");
}

const deadlineErrorBrand = Symbol.for("declarative-backups.error.SyncanoDeadlineError");

/** A backup or restore was still running when `deadlineMinutes` ran out; it goes on in Syncano. */
export class SyncanoDeadlineError extends DeclarativeBackupsError {
    override readonly code = "OperationDeadlineExceeded";
    readonly deadlineMs: number;
    readonly waitedMs: number;

    constructor(init: { what: string; status: string; deadlineMs: number; waitedMs: number; hint: string }) {
        super(`${init.what} was still ${init.status} when its deadline of ${formatDuration(init.deadlineMs)} passed (waited ${formatDuration(init.waitedMs)}; deadlineMinutes). ${init.hint}`);
        Object.defineProperty(this, deadlineErrorBrand, { value: true });
        this.deadlineMs = init.deadlineMs;
        this.waitedMs = init.waitedMs;
    }
}

/** True for a `SyncanoDeadlineError` from any copy of this module. */
export function isSyncanoDeadlineError(e: unknown): e is SyncanoDeadlineError {
    return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[deadlineErrorBrand] === true;
}
