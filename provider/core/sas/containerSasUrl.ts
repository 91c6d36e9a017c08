import { isIP } from "node:net";

/** What can be read from a container SAS URL without revealing its signature. */
export interface ContainerSasInfo {
    /** The container URL without the query string (safe to show and store). */
    containerUrl: string;
    /** Signed permissions (`sp`), e.g. "rwdl". */
    permissions: string;
    /** Signed resource (`sr`): "c" for a container SAS. */
    signedResource: string | undefined;
    /** Expiry (`se`) as an ISO string, when present and valid. */
    expiresOn: string | undefined;
    /** Whether the URL carries a signature (`sig`). */
    hasSignature: boolean;
    /** The container name, or undefined when the path does not name exactly one container. */
    container: string | undefined;
}

/**
 * Whether a host addresses storage path-style (`https://<ip or localhost>:<port>/<account>/<container>`,
 * as Azurite and Azure Stack do) rather than by account subdomain.
 */
export function isPathStyleHost(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, "");
    return isIP(host) !== 0 || host === "localhost";
}

function containerOf(url: URL): string | undefined {
    const segments = url.pathname.split("/").filter(Boolean);
    const expected = isPathStyleHost(url.hostname) ? 2 : 1;
    return segments.length === expected ? decodeURIComponent(segments[expected - 1]) : undefined;
}

/** Parses a SAS URL; returns undefined when it is not a URL at all. */
export function parseContainerSasUrl(value: string): ContainerSasInfo | undefined {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return undefined;
    }
    const se = url.searchParams.get("se");
    const expiresMs = se ? Date.parse(se) : NaN;
    return {
        containerUrl: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`,
        permissions: url.searchParams.get("sp") ?? "",
        signedResource: url.searchParams.get("sr") ?? undefined,
        expiresOn: Number.isNaN(expiresMs) ? undefined : new Date(expiresMs).toISOString(),
        hasSignature: Boolean(url.searchParams.get("sig")),
        container: containerOf(url),
    };
}

/** Options for {@link validateContainerSasUrl}. */
export interface SasValidationOptions {
    /** Permission letters the SAS must grant, e.g. "w" to write backups, "r" to restore. */
    requiredPermissions: string;
    /** The time to compare the expiry with. */
    now?: Date;
}

/**
 * Checks that a value is an https URL of a blob container carrying a container SAS (`sr=c`) with
 * the required permissions that has not expired. Returns the reasons it fails, which name the
 * problem and never quote the signature.
 */
export function validateContainerSasUrl(property: string, value: string, options: SasValidationOptions): string[] {
    const shape = "https://<account>.blob.core.windows.net/<container>?<container SAS token>";
    const info = parseContainerSasUrl(value);
    if (!info) return [`${property} must be a container SAS URL (${shape}); the value is not a URL`];
    const reasons: string[] = [];
    const url = new URL(value);
    if (url.protocol !== "https:") reasons.push(`${property} must use https; got ${url.protocol.replace(":", "")}`);
    if (info.container === undefined) {
        reasons.push(`${property} must point at a blob container (${shape}); got path ${JSON.stringify(url.pathname)}`);
    }
    if (!info.hasSignature) reasons.push(`${property} has no SAS token: the query string must carry a signature (sig=)`);
    if (info.signedResource !== "c") {
        reasons.push(`${property} must be a container SAS (sr=c); got ${info.signedResource === undefined ? "no sr" : `sr=${info.signedResource}`}`);
    }
    const missing = [...options.requiredPermissions].filter((p) => !info.permissions.includes(p));
    if (missing.length > 0) {
        reasons.push(`${property} must grant the permissions "${options.requiredPermissions}" (sp); got sp=${info.permissions || "(none)"}`);
    }
    if (!info.expiresOn) {
        reasons.push(`${property} must carry an expiry time (se=)`);
    } else if (Date.parse(info.expiresOn) <= (options.now ?? new Date()).getTime()) {
        reasons.push(`${property} expired at ${info.expiresOn}; issue a new SAS`);
    }
    return reasons;
}
