import { ArmError } from "../platform/arm/armErrors";

/** 400 `BadRequest` in the ARM envelope: the control API's answer to a malformed request. */
export function badRequest(message: string): ArmError {
    return new ArmError(400, "BadRequest", message);
}

/** 404 `NotFound` in the ARM envelope. */
export function notFound(message: string): ArmError {
    return new ArmError(404, "NotFound", message);
}

/** A string field, or undefined when absent or null; 400 naming `field` otherwise. */
export function optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw badRequest(`'${field}' must be a string.`);
    return value;
}

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
