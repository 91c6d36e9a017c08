import { WireError } from "../pipeline/wireError";

/** One entry of an ARM error's `details`. */
export interface ArmErrorDetail {
    code: string;
    message: string;
    target?: string;
}

/** One entry of an ARM error's `additionalInfo`. */
export interface ArmErrorAdditionalInfo {
    type: string;
    info: unknown;
}

/** Optional parts of an {@link ArmError}. */
export interface ArmErrorOptions {
    target?: string;
    details?: ArmErrorDetail[];
    additionalInfo?: ArmErrorAdditionalInfo[];
    headers?: Record<string, string>;
}

/** An error in the Azure Resource Manager envelope `{"error":{code,message,target?,details,additionalInfo}}`. */
export class ArmError extends WireError {
    readonly target?: string;
    readonly details: ArmErrorDetail[];
    readonly additionalInfo: ArmErrorAdditionalInfo[];

    constructor(statusCode: number, readonly code: string, message: string, options: ArmErrorOptions = {}) {
        super(message, statusCode, options.headers);
        this.name = "ArmError";
        this.target = options.target;
        this.details = options.details ?? [];
        this.additionalInfo = options.additionalInfo ?? [];
    }

    override toBody(): unknown {
        return {
            error: {
                code: this.code,
                message: this.message,
                ...(this.target !== undefined ? { target: this.target } : {}),
                details: this.details,
                additionalInfo: this.additionalInfo,
            },
        };
    }
}

const RESOURCE_NOT_FOUND_HELP = "For more details please go to https://aka.ms/ARMResourceNotFoundFix";

/** 400: the request has no `api-version` query parameter. */
export function missingApiVersionParameter(): ArmError {
    return new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
}

/**
 * 400: the `api-version` is not one the resource type supports. The live message continues with the
 * supported locations; the emulator serves every location, so it stops after the versions.
 */
export function noRegisteredProviderFound(location: string, apiVersion: string, resourceType: string, supported: readonly string[]): ArmError {
    return new ArmError(
        400,
        "NoRegisteredProviderFound",
        `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${resourceType}'. ` +
            `The supported api-versions are '${supported.join(", ")}'.`,
    );
}

/** 401: no `Authorization` header. */
export function authenticationFailed(headers: Record<string, string>): ArmError {
    return new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", { headers });
}

/** 401: the header is not `Bearer <jwt>`, or the token's signature does not verify. */
export function invalidAuthenticationToken(headers: Record<string, string>): ArmError {
    return new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", { headers });
}

/** 401: the token was issued for another resource. */
export function invalidAuthenticationTokenAudience(audience: string, allowed: readonly string[], headers: Record<string, string>): ArmError {
    return new ArmError(
        401,
        "InvalidAuthenticationTokenAudience",
        `The access token has been obtained for wrong audience or resource '${audience}'. ` +
            `It should exactly match with one of the allowed audiences ${allowed.map((a) => `'${a}'`).join(",")}.`,
        { headers },
    );
}

/** 401: the token's `exp` is in the past (times in .NET's invariant UTC format, as ARM prints them). */
export function expiredAuthenticationToken(expiry: string, now: string, headers: Record<string, string>): ArmError {
    return new ArmError(
        401,
        "ExpiredAuthenticationToken",
        `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${now}'.`,
        { headers },
    );
}

/** 400: the subscription id in the path is not a GUID. */
export function invalidSubscriptionId(subscriptionId: string): ArmError {
    return new ArmError(400, "InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
}

/** 404: unknown subscription. */
export function subscriptionNotFound(subscriptionId: string): ArmError {
    return new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}

/** 404: unknown resource group. */
export function resourceGroupNotFound(resourceGroupName: string): ArmError {
    return new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroupName}' could not be found.`);
}

/** 404: unknown resource; `typeAndName` is e.g. `Microsoft.Web/sites/app/slots/staging`. */
export function resourceNotFound(typeAndName: string, resourceGroupName: string): ArmError {
    return new ArmError(
        404,
        "ResourceNotFound",
        `The Resource '${typeAndName}' under resource group '${resourceGroupName}' was not found. ${RESOURCE_NOT_FOUND_HELP}`,
    );
}

/** 404: the namespace serves no such resource type. */
export function invalidResourceType(resourceType: string, namespace: string, apiVersion: string): ArmError {
    return new ArmError(
        404,
        "InvalidResourceType",
        `The resource type '${resourceType}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
    );
}

/** 404: no resource provider is registered under this namespace. */
export function invalidResourceNamespace(namespace: string): ArmError {
    return new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`);
}

/** 404: a path that names no ARM resource at all. */
export function pathNotFound(path: string): ArmError {
    return new ArmError(404, "NotFound", `The requested path '${path}' was not found.`);
}

/** 405: the resource exists as a route but not for this HTTP method. */
export function httpMethodNotAllowed(method: string, allowedMethods: readonly string[]): ArmError {
    return new ArmError(405, "HttpMethodNotAllowed", `The requested resource does not support http method '${method}'.`, {
        headers: { Allow: allowedMethods.join(", ") },
    });
}

/** 400: the body is not valid JSON (or not JSON at all). */
export function invalidRequestContent(reason: string): ArmError {
    return new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${reason}'.`);
}

/** 413: the body exceeds what the emulator accepts. */
export function requestEntityTooLarge(limitBytes: number): ArmError {
    return new ArmError(413, "RequestEntityTooLarge", `The request content exceeds the maximum allowed size of ${limitBytes} bytes.`);
}

/** 429: subscription-level throttling by ARM, with the quota header at zero. */
export function subscriptionRequestsThrottled(subscriptionId: string, operationKind: string, retryAfterSeconds: number): ArmError {
    return new ArmError(
        429,
        "SubscriptionRequestsThrottled",
        `Number of '${operationKind}' requests for subscription '${subscriptionId}' exceeded. ` +
            `Please try again after '${retryAfterSeconds}' seconds after the last request. See https://aka.ms/throttling for more details.`,
        {
            headers: {
                "Retry-After": String(retryAfterSeconds),
                [`x-ms-ratelimit-remaining-subscription-${operationKind}s`]: "0",
            },
        },
    );
}

/** 429: throttling of a request that names no subscription. */
export function tooManyRequests(retryAfterSeconds: number): ArmError {
    return new ArmError(429, "TooManyRequests", `The request is being throttled. Please try again after '${retryAfterSeconds}' seconds.`, {
        headers: { "Retry-After": String(retryAfterSeconds) },
    });
}

/** 500: an unexpected server-side failure. */
export function internalServerError(): ArmError {
    return new ArmError(500, "InternalServerError", "Encountered internal server error. Please try again.");
}

/** 503: the service is temporarily unavailable. */
export function serviceUnavailable(retryAfterSeconds: number): ArmError {
    return new ArmError(503, "ServiceUnavailable", "The service is unavailable. Please try again later.", {
        headers: { "Retry-After": String(retryAfterSeconds) },
    });
}
