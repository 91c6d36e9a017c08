/**
 * Splits a raw URL path into percent-decoded segments. Decoding happens per segment, after the
 * split, so an encoded `/` (%2F) stays inside its name; `;` arrives as %3B from the Azure SDK.
 * Empty segments (trailing or doubled slashes) are dropped.
 */
export function splitPath(rawPath: string): string[] {
    return rawPath
        .split("/")
        .filter((segment) => segment.length > 0)
        .map((segment) => {
            try {
                return decodeURIComponent(segment);
            } catch {
                return segment; // a stray '%' is kept literally rather than failing the request
            }
        });
}

/** The provider namespace of an ARM path (`Microsoft.Web`), as written in the request. */
export function providerNamespaceOf(segments: readonly string[]): string | undefined {
    const index = lastProvidersIndex(segments);
    return index >= 0 ? segments[index + 1] : undefined;
}

/**
 * The resource type an ARM path addresses, without the namespace: `sites`, `sites/config`,
 * `sites/slots/config`. After the namespace the path alternates type and name; a trailing odd segment
 * is an action (`list`) for POST and a collection (`backups`) for other methods.
 */
export function resourceTypeOf(segments: readonly string[], method: string): string | undefined {
    const index = lastProvidersIndex(segments);
    if (index < 0) return undefined;
    const rest = segments.slice(index + 2);
    const types = rest.filter((_, i) => i % 2 === 0);
    if (rest.length % 2 === 1 && method.toUpperCase() === "POST" && types.length > 1) types.pop();
    return types.length > 0 ? types.join("/") : undefined;
}

/** The subscription id of an ARM path (`/subscriptions/{id}/...`), if it has one. */
export function subscriptionIdOf(segments: readonly string[]): string | undefined {
    return segments.length >= 2 && segments[0].toLowerCase() === "subscriptions" ? segments[1] : undefined;
}

/** The resource group name of an ARM path, if it has one. */
export function resourceGroupNameOf(segments: readonly string[]): string | undefined {
    return segments.length >= 4 && segments[0].toLowerCase() === "subscriptions" && segments[2].toLowerCase() === "resourcegroups"
        ? segments[3]
        : undefined;
}

function lastProvidersIndex(segments: readonly string[]): number {
    for (let i = segments.length - 2; i >= 0; i--) {
        if (segments[i].toLowerCase() === "providers") return i;
    }
    return -1;
}
