import { invalidParameter } from "../appServiceErrors";

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field, or undefined when absent or null; 400 naming `field` otherwise. */
export function optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw invalidParameter(field, "Expected a string.");
    return value;
}

/** A boolean field; `"True"`/`"false"` strings are coerced as the service's Json.NET binder does. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "boolean") return value;
    if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
    throw invalidParameter(field, "Expected true or false.");
}

/** An integer field of at least `minimum`; numeric strings are coerced. */
export function integer(value: unknown, field: string, minimum: number): number {
    const number = typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number)) throw invalidParameter(field, "Expected an integer.");
    if (number < minimum) throw invalidParameter(field, `Expected an integer of at least ${minimum}.`);
    return number;
}

/** A closed-enum field: canonical spelling, matched case-insensitively or by ordinal, as Json.NET does. */
export function enumValue<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < allowed.length) return allowed[value];
    if (typeof value === "string") {
        const match = allowed.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
        if (match) return match;
    }
    throw invalidParameter(field, `Allowed values are ${allowed.map((a) => `'${a}'`).join(", ")}.`);
}

/**
 * A `storageAccountUrl` the service can write a backup through: an absolute https URL (the SAS URL
 * of a blob container). Connection strings and other text are refused up front with 400.
 */
export function containerSasUrl(value: string, field: string): string {
    let url: URL | undefined;
    try {
        url = new URL(value);
    } catch {
        url = undefined;
    }
    if (!url || url.protocol !== "https:" || url.hostname === "") {
        throw invalidParameter(field, "Expected the SAS URL of a blob container (https://<account endpoint>/<container>?<SAS>).");
    }
    return value;
}
