/**
 * Applies a JSON Merge Patch (RFC 7396): objects merge recursively, `null` removes a member, any
 * other value (arrays included) replaces. Returns a new value; inputs are not modified.
 */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
    if (!isPlainObject(patch)) return structuredClone(patch);
    const result: Record<string, unknown> = isPlainObject(target) ? structuredClone(target) : {};
    for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete result[key];
        else result[key] = jsonMergePatch(result[key], value);
    }
    return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
