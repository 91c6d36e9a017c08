import type { ServerResponse } from "node:http";
import { sendJson } from "../../../platform/pipeline/httpResponse";
import { isWireError } from "../../../platform/pipeline/wireError";
import { BodyTooLargeError } from "../../../platform/pipeline/requestContext";
import { detailError, serverError, SyncanoError } from "../syncanoErrors";
import type { SyncanoStage } from "./syncanoRequestContext";

/**
 * Outermost stage: writes whatever the inner stages threw: DRF JSON errors, Django's HTML pages, or
 * the control API's envelope. Anything else is an emulator bug: printed, and answered as Django
 * answers an unhandled exception.
 */
export function syncanoErrorStage(log: (message: string) => void = (m) => process.stderr.write(m + "\n")): SyncanoStage {
    return async (context, next) => {
        try {
            await next();
        } catch (error) {
            let wire = isWireError(error) ? error : error instanceof BodyTooLargeError ? detailError(413, "Request Entity Too Large") : undefined;
            if (!wire) {
                log(`syncano emulator: unhandled error on ${context.method} ${context.path}: ${(error as Error)?.stack ?? error}`);
                wire = serverError();
            }
            if (wire instanceof SyncanoError && wire.html !== undefined) return sendHtml(context.res, wire.statusCode, wire.html, wire.headers);
            sendJson(context.res, wire.statusCode, wire.toBody(), wire.headers);
        }
    };
}

/** Writes an HTML page. */
export function sendHtml(res: ServerResponse, statusCode: number, html: string, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const payload = Buffer.from(html);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader("Content-Type", "text/html");
    res.setHeader("Content-Length", String(payload.length));
    res.writeHead(statusCode).end(payload);
}
