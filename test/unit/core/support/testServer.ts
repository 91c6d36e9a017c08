import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as forge from "node-forge";

/** One request as the server saw it. */
export interface RecordedRequest {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** Answers one request; `index` counts requests from 0. */
export type TestHandler = (req: http.IncomingMessage, res: http.ServerResponse, recorded: RecordedRequest, index: number) => void;

/** A real local server on port 0. */
export interface TestServer {
    origin: string;
    port: number;
    requests: RecordedRequest[];
    close(): Promise<void>;
}

/** A throwaway self-signed certificate for 127.0.0.1 / localhost, and a PEM file holding it. */
export interface TestCertificate {
    key: string;
    cert: string;
    caFile: string;
}

let certificate: TestCertificate | undefined;

/** Generates (once per run) a self-signed certificate trusted through a CA file. */
export function testCertificate(): TestCertificate {
    if (certificate) return certificate;
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
    cert.serialNumber = "01" + Date.now().toString(16);
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
    const subject = [{ name: "commonName", value: "declarative-backups unit tests" }];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
        { name: "basicConstraints", cA: true },
        { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ]);
    cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
    const certPem = forge.pki.certificateToPem(cert);
    const caFile = join(mkdtempSync(join(tmpdir(), "core-tests-")), "ca.pem");
    writeFileSync(caFile, certPem);
    certificate = { key: keyPem, cert: certPem, caFile };
    return certificate;
}

async function listen(server: http.Server, handler: TestHandler, scheme: "http" | "https"): Promise<TestServer> {
    const requests: RecordedRequest[] = [];
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
            requests.push(recorded);
            handler(req, res, recorded, requests.length - 1);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        origin: `${scheme}://127.0.0.1:${port}`,
        port,
        requests,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

/** Starts an HTTPS server with the test certificate. */
export function startHttpsServer(handler: TestHandler): Promise<TestServer> {
    const { key, cert } = testCertificate();
    return listen(https.createServer({ key, cert }), handler, "https");
}

/** Starts a plain HTTP server. */
export function startHttpServer(handler: TestHandler): Promise<TestServer> {
    return listen(http.createServer(), handler, "http");
}

/** Answers JSON with the given status and headers. */
export function json(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), "x-ms-request-id": `req-${status}-${Math.random().toString(16).slice(2, 8)}`, ...headers });
    res.end(text);
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}
