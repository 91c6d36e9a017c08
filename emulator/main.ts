import { DEFAULT_HOST, defaultDataDir } from "./defaults";
import { ensureCertificates } from "./platform/tls/tls";
import { startEmulator } from "./server";

/** Parsed command line of the emulator entry point. */
interface CommandLine {
    command: "serve" | "ensure-ca";
    port: number;
    host: string;
    dataDir: string;
}

const USAGE = `usage: node dist/emulator/main.js [--port N] [--host H] [--data-dir D]
       node dist/emulator/main.js ensure-ca [--data-dir D]`;

/**
 * Entry point: `main.js [--port N] [--host H] [--data-dir D]` serves until SIGINT/SIGTERM and prints
 * the environment to export; `main.js ensure-ca [--data-dir D]` only creates the CA and prints its path.
 */
export async function main(argv: readonly string[]): Promise<void> {
    const args = parseArgs(argv);
    if (args.command === "ensure-ca") {
        const certificates = await ensureCertificates(args.dataDir);
        process.stdout.write(`${certificates.caFile}\n`);
        return;
    }
    const emulator = await startEmulator({ port: args.port, host: args.host, dataDir: args.dataDir });
    const lines = [
        `Azure emulator listening on ${emulator.url}`,
        `  ARM endpoint:    ${emulator.url}`,
        `  Authority host:  ${emulator.url}/${emulator.tenantId}`,
        `  Control API:     ${emulator.url}/_emulator/`,
        `  CA certificate:  ${emulator.caFile}`,
        ...(emulator.storage ? [`  Blob storage:    ${emulator.storage.blobEndpoint} (account ${emulator.storage.accountName}; key: GET /_emulator/storage)`] : []),
        "",
        "# environment for clients:",
        ...Object.entries(emulator.env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
        "",
    ];
    process.stdout.write(lines.join("\n"));
    const stop = () => {
        void emulator.close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

function parseArgs(argv: readonly string[]): CommandLine {
    const args: CommandLine = { command: "serve", port: 0, host: DEFAULT_HOST, dataDir: defaultDataDir() };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const next = argv[++i];
            if (next === undefined) fail(`${arg} needs a value`);
            return next;
        };
        if (arg === "ensure-ca" && i === 0) args.command = "ensure-ca";
        else if (arg === "--port") args.port = Number(value());
        else if (arg === "--host") args.host = value();
        else if (arg === "--data-dir") args.dataDir = value();
        else if (arg === "--help" || arg === "-h") {
            process.stdout.write(USAGE + "\n");
            process.exit(0);
        } else fail(`unknown argument '${arg}'`);
    }
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) fail("--port must be an integer from 0 to 65535");
    return args;
}

function fail(message: string): never {
    process.stderr.write(`${message}\n${USAGE}\n`);
    process.exit(2);
}

function shellQuote(value: string): string {
    return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((error: unknown) => {
        process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
        process.exit(1);
    });
}
