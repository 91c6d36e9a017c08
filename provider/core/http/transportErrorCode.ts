import { isTransportError } from "../errors";

/**
 * Finds the code that says why a request got no answer (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET, …),
 * looking through `cause` chains and the AggregateError Node raises when every address of a host
 * refuses. undici's "other side closed" is reported as UND_ERR_SOCKET.
 */
export function transportErrorCode(error: unknown): string | undefined {
    if (isTransportError(error)) return error.causeCode;
    const seen = new Set<unknown>();
    let current: unknown = error;
    while (typeof current === "object" && current !== null && !seen.has(current)) {
        seen.add(current);
        const { code, errors, message, cause } = current as { code?: unknown; errors?: unknown; message?: unknown; cause?: unknown };
        if (typeof code === "string" && code) return code;
        if (Array.isArray(errors) && errors.length) {
            const inner = transportErrorCode(errors[0]);
            if (inner) return inner;
        }
        if (typeof message === "string" && /other side closed/i.test(message)) return "UND_ERR_SOCKET";
        current = cause;
    }
    return undefined;
}
