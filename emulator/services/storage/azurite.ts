import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/** How to start Azurite's blob service. */
export interface AzuriteOptions {
    /** Bind address; default 127.0.0.1. */
    host?: string;
    /** TLS certificate and key files (PEM), signed by a CA the clients trust. */
    certFile: string;
    keyFile: string;
    accountName: string;
    /** Base64 account key. */
    accountKey: string;
    /** How long to wait for the service to accept connections; default 30 s. */
    startTimeoutMs?: number;
    /**
     * Where blob contents live; default "memory" (capped, see EXTENT_MEMORY_LIMIT_MB). "disk" keeps
     * them in the process's working directory (removed on stop): for workloads that rewrite large
     * blobs many times, such as a Pulumi state backend under a benchmark, since Azurite frees
     * overwritten contents only every 10 minutes and the memory cap would refuse writes before that.
     */
    persistence?: "memory" | "disk";
}

/** A running Azurite blob service. */
export interface AzuriteProcess {
    /** `https://<host>:<port>` (no account segment). */
    serviceUrl: string;
    port: number;
    /** Kills the process and removes its working directory; idempotent. */
    stop(): Promise<void>;
}

// In-memory extents are capped so a runaway test cannot take half the machine's memory (Azurite's default).
const EXTENT_MEMORY_LIMIT_MB = 256;
const DEFAULT_START_TIMEOUT_MS = 30_000;

/**
 * The child's entry: runs Azurite's blob `main.js` (passed as argv[1], so Azurite parses its flags as
 * if started directly) and exits when its stdin closes, which happens when the parent dies in any
 * way, SIGKILL included, so no orphaned Azurite outlives a crashed test run.
 */
const WATCHDOG = `process.stdin.on("end", () => process.exit(0)); process.stdin.on("error", () => process.exit(0)); process.stdin.resume(); require(process.argv[1]);`;

/**
 * Starts Azurite's blob service (only blob) as a child process: HTTPS with the given certificate,
 * in-memory persistence (or on disk, when asked), path-style URLs (`/<account>/<container>`), one account from
 * `AZURITE_ACCOUNTS`, telemetry off. Resolves once it accepts connections.
 */
export async function startAzurite(options: AzuriteOptions): Promise<AzuriteProcess> {
    // A port picked free can be taken before Azurite binds it; Azurite then exits, and a new port is tried.
    for (let attempt = 1; ; attempt++) {
        try {
            return await startOnce(options);
        } catch (error) {
            if (!(error instanceof EarlyExitError) || attempt >= START_ATTEMPTS) throw error;
        }
    }
}

const START_ATTEMPTS = 3;

/** Azurite exited before accepting connections. */
class EarlyExitError extends Error {}

async function startOnce(options: AzuriteOptions): Promise<AzuriteProcess> {
    const host = options.host ?? "127.0.0.1";
    const port = await findFreePort(host);
    // Azurite's working directory (it ensures it exists) and its log; removed on stop.
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-azurite-"));
    const logFile = path.join(workDir, "azurite.log");
    const log = fs.openSync(logFile, "a");
    const persistence = options.persistence === "disk" ? ["--location", workDir] : ["--inMemoryPersistence", "--extentMemoryLimit", String(EXTENT_MEMORY_LIMIT_MB)];
    const args = [
        "--blobHost", host,
        "--blobPort", String(port),
        ...persistence,
        "--skipApiVersionCheck",
        "--disableProductStyleUrl",
        "--disableTelemetry",
        "--silent",
        "--cert", options.certFile,
        "--key", options.keyFile,
    ];
    const child = spawn(process.execPath, ["-e", WATCHDOG, azuriteBlobMain(), ...args], {
        cwd: workDir,
        env: { ...process.env, AZURITE_ACCOUNTS: `${options.accountName}:${options.accountKey}` },
        stdio: ["pipe", log, log],
    });
    fs.closeSync(log);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let stopped = false;
    const killNow = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    process.on("exit", killNow);
    // Neither the child nor its stdin pipe should keep the parent's event loop alive.
    child.unref();
    (child.stdin as unknown as net.Socket | null)?.unref();
    const stop = async () => {
        if (stopped) return;
        stopped = true;
        process.off("exit", killNow);
        // Referenced again, or an otherwise idle process would exit before the child's exit is seen
        // and `await stop()` would never return.
        child.ref();
        killNow();
        await exited;
        fs.rmSync(workDir, { recursive: true, force: true });
    };
    try {
        await waitUntilListening(child, host, port, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    } catch (error) {
        const output = readTail(logFile);
        await stop();
        const message = `Azurite did not start: ${(error as Error).message}${output ? `\n${output}` : ""}`;
        throw error instanceof EarlyExitError ? new EarlyExitError(message) : new Error(message);
    }
    return { serviceUrl: `https://${host.includes(":") ? `[${host}]` : host}:${port}`, port, stop };
}

function azuriteBlobMain(): string {
    return require.resolve("azurite/dist/src/blob/main.js");
}

// Azurite cannot report the port it picked without parsing its console, so pick one here; the
// window in which another process could take it is a few milliseconds.
function findFreePort(host: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, host, () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

async function waitUntilListening(child: ChildProcess, host: string, port: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) throw new EarlyExitError(`the process exited (${child.exitCode ?? child.signalCode})`);
        if (await accepts(host, port)) return;
        await delay(50);
    }
    throw new Error(`no connection on ${host}:${port} after ${timeoutMs} ms`);
}

function accepts(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

function readTail(file: string): string {
    try {
        return fs.readFileSync(file, "utf8").slice(-4000).trim();
    } catch {
        return "";
    }
}
