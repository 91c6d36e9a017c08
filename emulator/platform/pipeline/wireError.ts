const wireErrorBrand = Symbol.for("declarative-backups.emulator.WireError");

/**
 * An error that knows its wire form (status, headers, JSON body). Thrown anywhere in the request
 * pipeline and written once by the error-serialization stage.
 */
export abstract class WireError extends Error {
    /** Brand checked by {@link isWireError}: survives duplicate module copies, unlike instanceof. */
    readonly [wireErrorBrand] = true;

    constructor(
        message: string,
        /** HTTP status code. */
        readonly statusCode: number,
        /** Extra response headers (Retry-After, WWW-Authenticate, ...). */
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
    }

    /** The JSON body of the response. */
    abstract toBody(): unknown;
}

/** True when `value` is a {@link WireError}. */
export function isWireError(value: unknown): value is WireError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[wireErrorBrand] === true;
}
