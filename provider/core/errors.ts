import { describeCredentialFailure, type CredentialFailureKind } from "./auth/credentialFailure";
import type { OperationState } from "./lro/operationState";
import { redact, sanitizeUrl } from "./redact/sanitizer";

// Brands are registered symbols (Symbol.for), so the `is…Error` guards recognise errors thrown by
// another copy of this module in the same process, where `instanceof` would fail.
const brandOf = (name: string): symbol => Symbol.for(`declarative-backups.error.${name}`);
const baseBrand = brandOf("DeclarativeBackupsError");

function hasBrand(value: unknown, brand: symbol): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

function brand(target: object, name: string): void {
    Object.defineProperty(target, brandOf(name), { value: true });
}

/** Formats a duration for messages: "850 ms", "42 s", "12 min 5 s". */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)} ms`;
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) return `${seconds} s`;
    const rest = seconds % 60;
    return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ""}`;
}

/** Base of every error this package throws: a stable `code`, a message already through `redact()`. */
export abstract class DeclarativeBackupsError extends Error {
    /** Stable, machine-readable code; never changes between versions for the same condition. */
    abstract readonly code: string;

    protected constructor(message: string, options?: { cause?: unknown }) {
        super(redact(message), options);
        this.name = new.target.name;
        brand(this, "DeclarativeBackupsError");
    }
}

/** True for any error of this package, from any copy of the module. */
export function isDeclarativeBackupsError(e: unknown): e is DeclarativeBackupsError {
    return hasBrand(e, baseBrand);
}

/** Certificate failures get a hint: they are nearly always a missing CA rather than an attack. */
const certificateErrorCode = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i;

/** What a `TransportError` is built from. */
export interface TransportErrorInit {
    operation: string;
    method: string;
    url: string;
    /** How many times the request was sent. */
    attempts: number;
    /** The underlying error code, e.g. ECONNRESET or UND_ERR_SOCKET. */
    causeCode?: string;
    clientRequestId?: string;
    cause: unknown;
}

/** The request never got an HTTP answer (connection refused, reset, timed out, TLS failure) and retries are exhausted or unsafe. */
export class TransportError extends DeclarativeBackupsError {
    override readonly code = "TransportFailed";
    readonly operation: string;
    readonly method: string;
    /** The request URL, sanitized for logs. */
    readonly url: string;
    readonly causeCode?: string;
    readonly attempts: number;
    readonly clientRequestId?: string;

    constructor(init: TransportErrorInit) {
        const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
        const hint = init.causeCode && certificateErrorCode.test(init.causeCode)
            ? "; trust the server's CA with DECLARATIVE_BACKUPS_CA_FILE or NODE_EXTRA_CA_CERTS"
            : "";
        super(
            `${init.operation} failed: no answer to ${init.method} ${sanitizeUrl(init.url)}: ${init.causeCode ? `${init.causeCode} ` : ""}${reason}${hint}` +
                ` (${init.attempts} attempt${init.attempts === 1 ? "" : "s"}${init.clientRequestId ? `, client request id ${init.clientRequestId}` : ""})`,
            { cause: init.cause },
        );
        brand(this, "TransportError");
        this.operation = init.operation;
        this.method = init.method;
        this.url = sanitizeUrl(init.url);
        this.causeCode = init.causeCode;
        this.attempts = init.attempts;
        this.clientRequestId = init.clientRequestId;
    }

    /** The same failure, reported after `attempts` sends (the retry loop knows the count, the transport does not). */
    withAttempts(attempts: number): TransportError {
        const { operation, method, url, causeCode, clientRequestId, cause } = this;
        return new TransportError({ operation, method, url, causeCode, clientRequestId, cause, attempts });
    }
}

/** True for a `TransportError` from any copy of this module. */
export function isTransportError(e: unknown): e is TransportError {
    return hasBrand(e, brandOf("TransportError"));
}

/** An access token was about to be sent over a connection that is not https; nothing was sent. */
export class InsecureConnectionError extends DeclarativeBackupsError {
    override readonly code = "InsecureConnection";
    readonly operation: string;

    constructor(operation: string, url: string) {
        const { protocol, host } = new URL(url);
        super(
            `${operation}: refusing to send an Azure access token over ${protocol.replace(/:$/, "")} to ${host}; ` +
                `the ARM endpoint must use https (check DECLARATIVE_BACKUPS_ARM_ENDPOINT)`,
        );
        brand(this, "InsecureConnectionError");
        this.operation = operation;
    }
}

/** True for an `InsecureConnectionError` from any copy of this module. */
export function isInsecureConnectionError(e: unknown): e is InsecureConnectionError {
    return hasBrand(e, brandOf("InsecureConnectionError"));
}

/** A setting (environment variable or option) is unusable; the message names it. */
export class ConfigurationError extends DeclarativeBackupsError {
    override readonly code = "InvalidConfiguration";

    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        brand(this, "ConfigurationError");
    }
}

/** True for a `ConfigurationError` from any copy of this module. */
export function isConfigurationError(e: unknown): e is ConfigurationError {
    return hasBrand(e, brandOf("ConfigurationError"));
}

/**
 * No access token could be had from the credential. The first line names the cause and what to do
 * (see `describeCredentialFailure`); then the operation and scope; then the credential's own message.
 */
export class AuthenticationError extends DeclarativeBackupsError {
    override readonly code = "AuthenticationFailed";
    readonly operation: string;
    /** What went wrong, e.g. "invalidClientSecret" or "authorityUnreachable". */
    readonly failure: CredentialFailureKind;

    constructor(operation: string, scope: string, cause: unknown) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        const failure = describeCredentialFailure(cause);
        super(`${failure.summary}\n${operation}: could not get an Azure access token for scope ${scope}.\nCredential error: ${reason}`, { cause });
        brand(this, "AuthenticationError");
        this.operation = operation;
        this.failure = failure.kind;
    }
}

/** True for an `AuthenticationError` from any copy of this module. */
export function isAuthenticationError(e: unknown): e is AuthenticationError {
    return hasBrand(e, brandOf("AuthenticationError"));
}

/** The request itself is unusable (bad path, a poll URL on another host); nothing was sent. */
export class InvalidRequestError extends DeclarativeBackupsError {
    override readonly code = "InvalidArmRequest";
    readonly operation: string;

    constructor(operation: string, reason: string) {
        super(`${operation}: ${reason}`);
        brand(this, "InvalidRequestError");
        this.operation = operation;
    }
}

/** True for an `InvalidRequestError` from any copy of this module. */
export function isInvalidRequestError(e: unknown): e is InvalidRequestError {
    return hasBrand(e, brandOf("InvalidRequestError"));
}

/** A long-running operation was still running when our own deadline passed; `state` resumes it. */
export class OperationDeadlineError extends DeclarativeBackupsError {
    override readonly code = "OperationDeadlineExceeded";
    readonly operation: string;
    readonly deadlineMs: number;
    readonly waitedMs: number;
    /** Serializable state: pass it to `resumeArmOperation` to keep waiting. */
    readonly state: OperationState;

    constructor(init: { operation: string; deadlineMs: number; waitedMs: number; state: OperationState }) {
        super(
            `${init.operation} did not finish within its deadline of ${formatDuration(init.deadlineMs)} ` +
                `(waited ${formatDuration(init.waitedMs)}; still running${init.state.pollUrl ? `, polling ${sanitizeUrl(init.state.pollUrl)}` : ""}). ` +
                `It may still complete in Azure.`,
        );
        brand(this, "OperationDeadlineError");
        this.operation = init.operation;
        this.deadlineMs = init.deadlineMs;
        this.waitedMs = init.waitedMs;
        this.state = { ...init.state };
    }
}

/** True for an `OperationDeadlineError` from any copy of this module. */
export function isOperationDeadlineError(e: unknown): e is OperationDeadlineError {
    return hasBrand(e, brandOf("OperationDeadlineError"));
}

/** A long-running operation ended Failed or Canceled; carries the service's own code and message. */
export class OperationFailedError extends DeclarativeBackupsError {
    override readonly code: "OperationFailed" | "OperationCanceled";
    readonly operation: string;
    /** The service's error code, e.g. "BackupFailed"; "Unknown" when it gave none. */
    readonly serviceCode: string;
    readonly serviceMessage: string;
    /** The request id of the poll that reported the outcome. */
    readonly requestId?: string;
    readonly state: OperationState;

    constructor(init: { operation: string; state: OperationState; requestId?: string }) {
        const canceled = init.state.status === "canceled";
        const serviceCode = init.state.error?.code || (canceled ? "Canceled" : "Unknown");
        const serviceMessage = init.state.error?.message || (canceled ? "the operation was canceled" : "the service gave no reason");
        super(`${init.operation} ${canceled ? "was canceled" : "failed"}: ${serviceCode}: ${serviceMessage}${init.requestId ? ` (request id ${init.requestId})` : ""}`);
        brand(this, "OperationFailedError");
        this.code = canceled ? "OperationCanceled" : "OperationFailed";
        this.operation = init.operation;
        this.serviceCode = serviceCode;
        this.serviceMessage = redact(serviceMessage);
        this.requestId = init.requestId;
        this.state = { ...init.state };
    }
}

/** True for an `OperationFailedError` from any copy of this module. */
export function isOperationFailedError(e: unknown): e is OperationFailedError {
    return hasBrand(e, brandOf("OperationFailedError"));
}
