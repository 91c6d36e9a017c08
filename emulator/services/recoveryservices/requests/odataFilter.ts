import { userErrorInvalidRequestParameter } from "../recoveryServicesErrors";

/**
 * Reads the service's `$filter` dialect: conditions `name eq 'value'` joined by `and`
 * (`backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'`). Names compare case-insensitively
 * (the result is keyed by lower-cased name); anything else is refused as an invalid parameter.
 */
export function parseODataFilter(filter: string | undefined): Record<string, string> {
    const conditions: Record<string, string> = {};
    if (filter === undefined || filter.trim() === "") return conditions;
    const pattern = /^\s*([A-Za-z][A-Za-z0-9_]*)\s+eq\s+(?:'((?:[^']|'')*)'|([^\s']+))\s*/;
    let rest = filter;
    for (;;) {
        const match = pattern.exec(rest);
        if (!match) throw userErrorInvalidRequestParameter("$filter");
        conditions[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/''/g, "'") : match[3];
        rest = rest.slice(match[0].length);
        if (rest.trim() === "") return conditions;
        const and = /^and\s+/i.exec(rest);
        if (!and) throw userErrorInvalidRequestParameter("$filter");
        rest = rest.slice(and[0].length);
    }
}

/** True when `value` equals `wanted` ignoring case, or when nothing is wanted. */
export function matchesFilter(wanted: string | undefined, value: string | undefined): boolean {
    return wanted === undefined || (value !== undefined && wanted.toLowerCase() === value.toLowerCase());
}

/** A query parameter looked up case-insensitively (`$skipToken`, `$SkipToken`). */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
    const wanted = name.toLowerCase();
    for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
    return undefined;
}
