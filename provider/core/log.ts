import { redact } from "./redact/sanitizer";

/** A leveled logger whose every line has already been through `redact()`. */
export interface Logger {
    info(msg: string): void;
    warn(msg: string): void;
    debug(msg: string): void;
}

/** Environment variable that turns on debug lines: `DECLARATIVE_BACKUPS_LOG=debug`. */
export const logLevelEnvVar = "DECLARATIVE_BACKUPS_LOG";

/**
 * Creates a logger writing `[prefix] level: message` lines to stderr (the dynamic-provider process
 * passes stderr through, but does not attribute it: the prefix names the resource). Every line goes
 * through `redact()`. Debug lines appear only when DECLARATIVE_BACKUPS_LOG=debug, checked per call so
 * the setting can change at run time.
 */
export function createLogger(prefix: string): Logger {
    const write = (level: string, msg: string): void => {
        // One write per line, so concurrent resources do not interleave halves of lines.
        process.stderr.write(redact(`[${prefix}] ${level}: ${msg}`).replace(/\r?\n(?!$)/g, "\n    ") + "\n");
    };
    return {
        info: (msg) => write("info", msg),
        warn: (msg) => write("warn", msg),
        debug: (msg) => {
            if ((process.env[logLevelEnvVar] ?? "").toLowerCase() === "debug") write("debug", msg);
        },
    };
}
