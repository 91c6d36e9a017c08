/**
 * Reads how long the server asked us to wait, in ms: `retry-after-ms`, then `x-ms-retry-after-ms`
 * (milliseconds), then `Retry-After` (seconds, or an HTTP date). Undefined when none is usable; a
 * date in the past gives 0. Header names in lower case.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 */
export function parseRetryAfterMs(headers: Record<string, string | undefined>, now: number = Date.now()): number | undefined {
    for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const value = headers[name]?.trim();
        if (value && /^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));
    }
    const retryAfter = headers["retry-after"]?.trim();
    if (!retryAfter) return undefined;
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
