/** Pulumi's marker for a value not yet known during preview. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One failed check, in the shape the engine reports: the property and why it was rejected. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** True when the value is still unknown at preview time, so it cannot be validated yet. */
export function isUnknown(value: unknown): boolean {
    return value === unknownValue;
}

/**
 * Collects check failures for one resource's inputs. Each method validates one field, returns the
 * normalized value (or undefined when absent, unknown or invalid) and records a failure naming the
 * field and what it accepts. Messages never quote a secret value.
 */
export class InputChecker {
    readonly failures: CheckFailure[] = [];

    /**
     * @param secretProperties - top-level inputs holding secrets. The engine prints the value of the
     * property a failure names, decrypted, so failures on these leave `property` empty; the reason
     * still starts with the field name.
     */
    constructor(private readonly secretProperties: readonly string[] = []) {}

    /** Records a failure for `property`. */
    fail(property: string, reason: string): void {
        this.failures.push({ property: this.secretProperties.includes(property) ? "" : property, reason });
    }

    /** A required non-empty string. */
    requiredString(property: string, value: unknown): string | undefined {
        if (isUnknown(value)) return undefined;
        if (typeof value !== "string" || value.trim() === "") {
            this.fail(property, `${property} is required and must be a non-empty string`);
            return undefined;
        }
        return value;
    }

    /** An optional string; empty strings count as absent. */
    optionalString(property: string, value: unknown): string | undefined {
        if (value === undefined || value === null || isUnknown(value)) return undefined;
        if (typeof value !== "string") {
            this.fail(property, `${property} must be a string`);
            return undefined;
        }
        return value === "" ? undefined : value;
    }

    /** An optional boolean with a default. */
    boolean(property: string, value: unknown, defaultValue: boolean): boolean {
        if (value === undefined || value === null || isUnknown(value)) return defaultValue;
        if (typeof value !== "boolean") {
            this.fail(property, `${property} must be true or false`);
            return defaultValue;
        }
        return value;
    }

    /** An integer within [min, max], optional when a default is given. */
    integer(property: string, value: unknown, range: { min: number; max: number; defaultValue?: number }): number | undefined {
        if (value === undefined || value === null) {
            if (range.defaultValue === undefined) this.fail(property, `${property} is required: an integer from ${range.min} to ${range.max}`);
            return range.defaultValue;
        }
        if (isUnknown(value)) return undefined;
        if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > range.max) {
            this.fail(property, `${property} must be an integer from ${range.min} to ${range.max}; got ${JSON.stringify(value)}`);
            return undefined;
        }
        return value;
    }

    /** One of a closed set of values, matched case-insensitively and returned in canonical case. */
    oneOf<T extends string>(property: string, value: unknown, accepted: readonly T[], defaultValue?: T): T | undefined {
        if (value === undefined || value === null) {
            if (defaultValue === undefined) this.fail(property, `${property} is required: one of ${accepted.join(", ")}`);
            return defaultValue;
        }
        if (isUnknown(value)) return undefined;
        const match = typeof value === "string" ? accepted.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
        if (match === undefined) {
            this.fail(property, `${property} must be one of ${accepted.join(", ")}; got ${JSON.stringify(value)}`);
        }
        return match;
    }

    /** An optional ISO 8601 date-time, returned normalized to UTC ISO form. */
    optionalDateTime(property: string, value: unknown): string | undefined {
        const text = this.optionalString(property, value);
        if (text === undefined) return undefined;
        const ms = Date.parse(text);
        if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) {
            this.fail(property, `${property} must be an ISO 8601 date-time such as 2026-01-31T02:00:00Z; got ${JSON.stringify(text)}`);
            return undefined;
        }
        return new Date(ms).toISOString();
    }
}
