import { createHash } from "node:crypto";
import { redactedValue, secretPatterns } from "./secretPatterns";

// Registered secrets live on globalThis under a registered symbol, so every copy of this module in
// the process (serialized provider code can load its own) scrubs the same list.
const registryKey = Symbol.for("declarative-backups.redact.registeredSecrets.v1");
interface SecretRegistry {
    values: Set<string>;
    /** Longest first, so a secret containing another is replaced whole. */
    ordered: string[];
}

function registry(): SecretRegistry {
    const holder = globalThis as unknown as Record<symbol, SecretRegistry | undefined>;
    return (holder[registryKey] ??= { values: new Set<string>(), ordered: [] });
}

// Shorter values would turn ordinary words into REDACTED and make messages unreadable.
const minimumSecretLength = 4;

/**
 * Adds `value` to the process-wide list of exact strings that `redact()` removes (its
 * percent-encoded and JSON-escaped forms too). Use it for inputs that are secret as a whole, such as a
 * SAS URL or a connection string.
 */
export function registerSecret(value: string): void {
    if (typeof value !== "string" || value.length < minimumSecretLength) return;
    const secrets = registry();
    const before = secrets.values.size;
    for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) secrets.values.add(form);
    if (secrets.values.size !== before) secrets.ordered = [...secrets.values].sort((a, b) => b.length - a.length);
}

/**
 * Removes secrets from text meant for humans: SAS signatures (`sig=REDACTED`, the rest of the URL kept),
 * `AccountKey=`, `SharedAccessKey=`, `Password=`/`Pwd=` values, bearer tokens, `client_secret=`, and
 * every registered secret.
 */
export function redact(text: string): string {
    let result = String(text);
    for (const { pattern, replacement } of secretPatterns) result = result.replace(pattern, replacement);
    // Patterns run first so a registered SAS URL keeps its readable parts; what is left of a registered
    // value after that is replaced whole.
    for (const secret of registry().ordered) {
        if (result.includes(secret)) result = result.split(secret).join(redactedValue);
    }
    return result;
}

/** Returns a stable, non-reversible identifier for a secret: "sha256:" and the first 16 hex digits of its SHA-256. */
export function fingerprint(secret: string): string {
    return "sha256:" + createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 16);
}

/**
 * Query parameters shown as they are in logged URLs; every other value becomes REDACTED (allow-list,
 * so a parameter we did not think of is hidden rather than leaked).
 */
export const loggableQueryParameters: ReadonlySet<string> = new Set([
    "api-version",
    "$top",
    "$skip",
    "$expand",
    "$select",
    // The non-secret parts of a SAS token: they tell which permissions and expiry a URL had.
    "sv",
    "ss",
    "srt",
    "sp",
    "se",
    "st",
    "sr",
    "spr",
    "comp",
    "restype",
]);

/** Returns `url` fit for a log line: credentials dropped, non-allow-listed query values REDACTED, then `redact()`. */
export function sanitizeUrl(url: string): string {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return redact(url);
    }
    parsed.username = "";
    parsed.password = "";
    const query = [...parsed.searchParams.entries()]
        .map(([name, value]) => `${encodeURIComponent(name)}=${loggableQueryParameters.has(name.toLowerCase()) ? encodeURIComponent(value) : redactedValue}`)
        .join("&");
    parsed.search = "";
    parsed.hash = "";
    return redact(parsed.toString() + (query ? `?${query}` : ""));
}
