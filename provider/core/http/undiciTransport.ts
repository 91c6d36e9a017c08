import type { Dispatcher } from "undici";
import { TransportError } from "../errors";
import type { PipelineRequest, PipelineResponse, SendRequest } from "./pipelineRequest";
import { clientRequestIdHeader } from "./policies/requestIdPolicy";
import { transportErrorCode } from "./transportErrorCode";

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    return flat;
}

/**
 * The end of the pipeline: sends the request through the given undici dispatcher and reads the whole
 * body. Any failure to get an answer becomes a TransportError (its code tells the retry strategies what
 * happened); an abort rejects with the signal's reason. Redirects are not followed.
 */
export function undiciTransport(getDispatcher: () => Promise<Dispatcher>): SendRequest {
    return async (request: PipelineRequest): Promise<PipelineResponse> => {
        const url = new URL(request.url);
        // Outside the try: failing to build the agent (an unreadable CA file) is a configuration error, not a transport one.
        const dispatcher = await getDispatcher();
        try {
            const response = await dispatcher.request({
                origin: url.origin,
                path: url.pathname + url.search,
                method: request.method as Dispatcher.HttpMethod,
                headers: request.headers,
                body: request.body,
                signal: request.signal,
            });
            const bodyText = await response.body.text();
            return { request, status: response.statusCode, headers: flattenHeaders(response.headers), bodyText };
        } catch (error) {
            if (request.signal?.aborted) throw request.signal.reason;
            const causeCode = transportErrorCode(error);
            throw new TransportError({
                operation: request.operation,
                method: request.method,
                url: request.url,
                attempts: 1,
                causeCode,
                clientRequestId: request.headers[clientRequestIdHeader],
                cause: error,
            });
        }
    };
}
