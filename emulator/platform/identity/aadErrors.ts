import { randomUUID } from "node:crypto";
import { WireError } from "../pipeline/wireError";

/** Where an AAD error happened: echoed in the body the way Microsoft Entra ID does. */
export interface AadErrorContext {
    /** The client's `client-request-id`, echoed as `correlation_id`. */
    correlationId?: string;
    /** Base URL of the authority, for `error_uri`. */
    authorityUrl?: string;
    /** Time of the error (the server's clock). */
    now?: Date;
}

/**
 * An OAuth 2.0 error in Microsoft Entra ID's dialect: `{error, error_description: "AADSTSnnn: ...",
 * error_codes, timestamp, trace_id, correlation_id, error_uri}`.
 */
export class AadError extends WireError {
    private readonly traceId = randomUUID();

    constructor(
        statusCode: number,
        /** OAuth error code: `invalid_client`, `invalid_scope`, ... */
        readonly error: string,
        /** The AADSTS number. */
        readonly aadstsCode: number,
        description: string,
        private readonly context: AadErrorContext = {},
        headers: Record<string, string> = {},
    ) {
        super(`AADSTS${aadstsCode}: ${description}`, statusCode, headers);
        this.name = "AadError";
    }

    override toBody(): unknown {
        const now = this.context.now ?? new Date();
        const timestamp = now.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
        const correlationId = this.context.correlationId ?? randomUUID();
        return {
            error: this.error,
            error_description: `${this.message} Trace ID: ${this.traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
            error_codes: [this.aadstsCode],
            timestamp,
            trace_id: this.traceId,
            correlation_id: correlationId,
            ...(this.context.authorityUrl ? { error_uri: `${this.context.authorityUrl}/error?code=${this.aadstsCode}` } : {}),
        };
    }
}

/** 400 invalid_request AADSTS90002: the tenant is unknown. */
export function tenantNotFound(tenantId: string, context?: AadErrorContext): AadError {
    return new AadError(
        400,
        "invalid_request",
        90002,
        `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        context,
    );
}

/** 400 unsupported_grant_type AADSTS70003. */
export function unsupportedGrantType(grantType: string, context?: AadErrorContext): AadError {
    return new AadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`, context);
}

/** 400 invalid_request AADSTS900144: a required form field is missing. */
export function missingParameter(name: string, context?: AadErrorContext): AadError {
    return new AadError(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`, context);
}

/** 400 unauthorized_client AADSTS700016: no such application in the tenant. */
export function applicationNotFound(clientId: string, tenantId: string, context?: AadErrorContext): AadError {
    return new AadError(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. ` +
            "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
            "You may have sent your authentication request to the wrong tenant.",
        context,
    );
}

/** 401 invalid_client AADSTS7000216: no secret (nor assertion) was sent. */
export function missingClientCredential(context?: AadErrorContext): AadError {
    return new AadError(
        401,
        "invalid_client",
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
        context,
    );
}

/** 401 invalid_client AADSTS7000215: wrong secret. */
export function invalidClientSecret(clientId: string, context?: AadErrorContext): AadError {
    return new AadError(
        401,
        "invalid_client",
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
            `not the client secret ID, for a secret added to app '${clientId}'.`,
        context,
    );
}

/** 400 invalid_scope AADSTS1002012: client credentials need exactly one `<resource>/.default` scope. */
export function invalidScope(scope: string, context?: AadErrorContext): AadError {
    return new AadError(
        400,
        "invalid_scope",
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        context,
    );
}

/** 429/503 temporarily_unavailable: throttled or down (used by fault injection). */
export function temporarilyUnavailable(statusCode: 429 | 503, retryAfterSeconds: number, context?: AadErrorContext): AadError {
    return new AadError(
        statusCode,
        "temporarily_unavailable",
        statusCode === 429 ? 90055 : 90033,
        statusCode === 429
            ? "There are too many incoming requests. Please try again later."
            : "A transient error has occurred. Please try again.",
        context,
        { "Retry-After": String(retryAfterSeconds) },
    );
}

/** 500 server_error (used by fault injection). */
export function serverError(context?: AadErrorContext): AadError {
    return new AadError(500, "server_error", 90100, "An internal server error occurred. Please try again.", context);
}
