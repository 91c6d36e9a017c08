import type { ServerResponse } from "node:http";

/** Writes a JSON response (or an empty one when `body` is undefined). */
export function sendJson(res: ServerResponse, statusCode: number, body?: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (body === undefined) {
        res.setHeader("Content-Length", "0");
        res.writeHead(statusCode).end();
        return;
    }
    const payload = Buffer.from(JSON.stringify(body));
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("Content-Length", String(payload.length));
    res.writeHead(statusCode).end(payload);
}
