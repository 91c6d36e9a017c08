/** One secret shape: what to find, and what to put in its place (the name stays, the value goes). */
export interface SecretPattern {
    readonly name: string;
    readonly pattern: RegExp;
    readonly replacement: string;
}

/** The text that replaces a secret value everywhere. */
export const redactedValue = "REDACTED";

// A connection-string value runs to the next `;`; ODBC-style `{…}` and quoted values may contain one.
const connectionStringValue = String.raw`(?:\{[^}]*\}|"[^"]*"|'[^']*'|[^;"'\r\n]*)`;

/**
 * Secret shapes removed from every log line and error message. Names are kept so a reader still sees
 * which part of a URL or connection string was there; only values are replaced.
 */
export const secretPatterns: readonly SecretPattern[] = [
    // SAS signature in a URL or query string; the rest of the URL (account, container, sp, se) stays readable.
    // The value is base64, raw or percent-encoded: stopping at other characters keeps the punctuation
    // that follows a URL in a sentence.
    { name: "SAS signature", pattern: /\b(sig=)[A-Za-z0-9%+/=_\-.~]+/gi, replacement: `$1${redactedValue}` },
    // The same, inside a percent-encoded URL (ends at an encoded `&`; preceded by the digit of `%26`).
    { name: "encoded SAS signature", pattern: /(?<![A-Za-z])(sig%3D)(?:(?!%26)[A-Za-z0-9%+/=_\-.~])+/gi, replacement: `$1${redactedValue}` },
    {
        name: "connection string key or password",
        pattern: new RegExp(String.raw`\b(AccountKey|SharedAccessKey|SharedAccessSignature|AccessKey|Password|Pwd)=${connectionStringValue}`, "gi"),
        replacement: `$1=${redactedValue}`,
    },
    // Tokens are at least 8 characters, so prose such as "Bearer realm" is left alone.
    { name: "bearer token", pattern: /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, replacement: `$1 ${redactedValue}` },
    {
        name: "OAuth form field",
        pattern: /\b(client_secret|client_assertion|refresh_token|access_token)=[^&\s"']+/gi,
        replacement: `$1=${redactedValue}`,
    },
    {
        name: "secret JSON field",
        pattern: /"(access_token|refresh_token|client_secret|clientSecret|password|accountKey|primaryKey|secondaryKey|sasToken)"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
        replacement: `"$1"$2"${redactedValue}"`,
    },
];
