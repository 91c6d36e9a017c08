import { InvalidRequestError } from "../errors";

/**
 * Turns an ARM request path into an absolute URL on `armEndpoint`, adding `?api-version=` unless the
 * path already has one. An absolute path (a poll URL from Location or Azure-AsyncOperation) must be
 * on the endpoint's own origin: we never send our token to another host.
 */
export function resolveArmUrl(armEndpoint: string, path: string, apiVersion: string | undefined, operation: string): string {
    const endpoint = new URL(armEndpoint);
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
        url = new URL(path);
    } else {
        if (!path.startsWith("/")) throw new InvalidRequestError(operation, `the ARM path must start with "/"; got "${path}"`);
        // Keep a base path the endpoint may have (a proxy mounted under /arm, say).
        url = new URL(endpoint.pathname.replace(/\/+$/, "") + path, endpoint.origin);
    }
    // Checked after resolving, so a protocol-relative path ("//host/…") cannot slip through either.
    if (url.origin !== endpoint.origin) {
        throw new InvalidRequestError(operation, `refusing to call ${url.origin}: only the ARM endpoint ${endpoint.origin} receives our token`);
    }
    if (apiVersion && !url.searchParams.has("api-version")) url.searchParams.set("api-version", apiVersion);
    return url.toString();
}
