import * as fs from "node:fs";
import * as path from "node:path";

/** Default lifetime of issued access tokens (Entra ID's usual hour). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/** Default ARM audience: tokens are requested for `<audience>/.default`. */
export const DEFAULT_AUDIENCE = "https://management.azure.com/";

/** Default bind address. */
export const DEFAULT_HOST = "127.0.0.1";

/** Default data directory: `<repo>/.emulator-data`, whether running from sources or `dist/`. */
export function defaultDataDir(): string {
    return path.join(findRepoRoot(__dirname), ".emulator-data");
}

function findRepoRoot(start: string): string {
    let dir = start;
    while (!fs.existsSync(path.join(dir, "package.json")) || path.basename(dir) === "dist") {
        const parent = path.dirname(dir);
        if (parent === dir) return process.cwd();
        dir = parent;
    }
    return dir;
}
