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
     * property a failure names, decrypted, so failures on these leave
     * `property` empty; the reason still starts with the field name.
     */
    constructor(private readonly secretProperties: readonly string[] = []) {}

    /** Records a failure for `property`. */
    fail(property: string, reason: string): void {
        this.failures.push({ property: this.isSecret(property) ? "" : property, reason });
    }

    /**
     * Only a top-level secret input is blanked: the engine prints `inputs[property]`, a top-level
     * lookup, so a nested path (`mint.blobEndpoint`, `databases[0].name`) prints no value.
     */
    private isSecret(property: string): boolean {
        return this.secretProperties.includes(property);
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

    /**
     * An optional ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`), returned in UTC ISO form.
     * Calendar-impossible dates are refused rather than rolled over (`Date.parse` would turn February 30
     * into March 2), and a time without an offset is refused rather than read in the provider's zone.
     */
    optionalDateTime(property: string, value: unknown): string | undefined {
        const text = this.optionalString(property, value);
        if (text === undefined) return undefined;
        const problem = dateTimeProblem(text);
        if (problem !== undefined) {
            this.fail(property, `${property} ${problem}; accepted: an ISO 8601 date-time with a UTC offset, such as 2026-01-31T02:00:00Z or 2026-01-31T03:00:00+01:00; got ${JSON.stringify(text)}`);
            return undefined;
        }
        return new Date(Date.parse(text)).toISOString();
    }

    /** An optional list (of any values), empty when absent. */
    list(property: string, value: unknown): unknown[] | undefined {
        if (value === undefined || value === null) return [];
        if (isUnknown(value)) return undefined;
        if (!Array.isArray(value)) {
            this.fail(property, `${property} must be a list (of any values); got ${typeof value}`);
            return undefined;
        }
        return value;
    }

    /** An optional https URL (an endpoint), returned without a trailing slash. */
    optionalHttpsUrl(property: string, value: unknown, example: string): string | undefined {
        const text = this.optionalString(property, value);
        if (text === undefined) return undefined;
        let url: URL | undefined;
        try {
            url = new URL(text);
        } catch {
            url = undefined;
        }
        if (!url || url.protocol !== "https:" || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
            this.fail(property, `${property} must be an https URL without query or credentials, such as ${example}; got ${JSON.stringify(text.slice(0, 200))}`);
            return undefined;
        }
        return text.replace(/\/+$/, "");
    }

    /** Checked inputs as the engine accepts them: `undefined` removed at every depth (see {@link withoutUndefined}). */
    result(inputs: Record<string, unknown>): { inputs: Record<string, any>; failures: CheckFailure[] } {
        return { inputs: withoutUndefined(inputs) as Record<string, any>, failures: this.failures };
    }
}

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** Why `text` is not an unambiguous ISO 8601 date-time, or undefined when it is one. */
export function dateTimeProblem(text: string): string | undefined {
    const m = dateTimePattern.exec(text);
    if (!m) return "must be an ISO 8601 date-time";
    const [, year, month, day, hour, minute, second = "0", offset] = m;
    if (offset === undefined) return "has no UTC offset (it would be read in the provider's time zone)";
    const y = Number(year), mo = Number(month), d = Number(day);
    if (mo < 1 || mo > 12) return `has no month ${month}`;
    const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (d < 1 || d > daysInMonth) return `is not a date: ${year}-${month} has ${daysInMonth} days`;
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return "is not a time of day (hours 00-23, minutes and seconds 00-59)";
    if (offset.toUpperCase() !== "Z") {
        const [oh, om] = offset.slice(1).split(":").map(Number);
        if (oh > 14 || om > 59) return `has an offset out of range (${offset})`;
    }
    return undefined;
}

/**
 * A copy without `undefined` anywhere: the engine's struct conversion rejects it inside objects and
 * lists ("Unexpected struct type"), which loses the check failure that explains the input. Undefined
 * list entries become null so positions (and the failures naming them) still line up.
 */
export function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
        return out;
    }
    return value;
}
