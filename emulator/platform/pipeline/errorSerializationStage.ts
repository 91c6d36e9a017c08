import { internalServerError, requestEntityTooLarge } from "../arm/armErrors";
import { serverError } from "../identity/aadErrors";
import { isWireError, type WireError } from "./wireError";
import { sendJson } from "./httpResponse";
import { BodyTooLargeError, type RequestContext } from "./requestContext";
import type { Stage } from "./stage";

/**
 * Outermost stage: turns whatever the inner stages threw into a response in the request's own
 * dialect (ARM envelope, or AAD JSON on token routes). Unexpected errors become 500s and are
 * printed, because they are emulator bugs.
 */
export function errorSerializationStage(log: (message: string) => void = (m) => process.stderr.write(m + "\n")): Stage {
    return async (context, next) => {
        try {
            await next();
        } catch (error) {
            const wire = toWireError(context, error);
            if (wire === undefined) log(`emulator: unhandled error on ${context.method} ${context.path}: ${(error as Error)?.stack ?? error}`);
            const answer = wire ?? unexpectedError(context);
            sendJson(context.res, answer.statusCode, answer.toBody(), answer.headers);
        }
    };
}

function toWireError(context: RequestContext, error: unknown): WireError | undefined {
    if (isWireError(error)) return error;
    if (error instanceof BodyTooLargeError) return requestEntityTooLarge(error.limitBytes);
    return undefined;
}

function unexpectedError(context: RequestContext): WireError {
    return context.surface === "token" ? serverError({ correlationId: context.header("client-request-id") }) : internalServerError();
}
