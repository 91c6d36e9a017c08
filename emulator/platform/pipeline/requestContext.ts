import type { IncomingMessage, ServerResponse } from "node:http";
import { splitPath } from "../arm/armPath";
import type { AccessTokenClaims } from "../identity/bearerAuth";
import type { FaultKind } from "../faults/faultRule";

/** Which API a request belongs to; decides error dialect, auth and whether faults apply. */
export type Surface = "arm" | "token" | "control";

/** Largest request body the emulator reads. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Thrown by {@link RequestContext.readBody} when the body exceeds {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
    constructor(readonly limitBytes: number) {
        super(`request body exceeds ${limitBytes} bytes`);
    }
}

/** Everything the pipeline stages know about one request; stages fill in the mutable parts. */
export class RequestContext {
    /** Upper-case HTTP method. */
    readonly method: string;
    /** Path as sent, without the query. */
    readonly rawPath: string;
    /** Percent-decoded, non-empty path segments. */
    readonly segments: string[];
    /** Decoded path (`/` + segments), used for fault patterns and logs. */
    readonly path: string;
    readonly query: URLSearchParams;
    readonly receivedAtMs = Date.now();

    /** Ids set by the request-id stage. */
    requestId = "";
    correlationId = "";
    /** Set by the route-lookup stage. */
    surface: Surface = "arm";
    operation?: string;
    /** Claims of the verified bearer token (ARM requests only). */
    principal?: AccessTokenClaims;
    /** Kind of fault injected into this request, if any. */
    injectedFault?: FaultKind;

    private body?: Promise<Buffer>;

    constructor(
        readonly req: IncomingMessage,
        readonly res: ServerResponse,
    ) {
        this.method = (req.method ?? "GET").toUpperCase();
        const url = new URL(req.url ?? "/", "https://emulator.invalid");
        this.rawPath = url.pathname;
        this.segments = splitPath(url.pathname);
        this.path = "/" + this.segments.join("/");
        this.query = url.searchParams;
    }

    /** A request header (first value when repeated). */
    header(name: string): string | undefined {
        const value = this.req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
    }

    /** A query parameter looked up case-insensitively (`API-Version` works, as on ARM). */
    queryParam(name: string): string | undefined {
        const wanted = name.toLowerCase();
        for (const [key, value] of this.query) if (key.toLowerCase() === wanted) return value;
        return undefined;
    }

    /** The whole request body (read once, then cached). */
    readBody(): Promise<Buffer> {
        this.body ??= new Promise<Buffer>((resolve, reject) => {
            const chunks: Buffer[] = [];
            let size = 0;
            this.req.on("data", (chunk: Buffer) => {
                size += chunk.length;
                if (size > MAX_BODY_BYTES) {
                    reject(new BodyTooLargeError(MAX_BODY_BYTES));
                    this.req.resume();
                    return;
                }
                chunks.push(chunk);
            });
            this.req.on("end", () => resolve(Buffer.concat(chunks)));
            this.req.on("error", reject);
        });
        return this.body;
    }
}
