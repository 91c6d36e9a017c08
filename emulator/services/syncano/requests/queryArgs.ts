import type { QueryArgs } from "../state/models";
import { lookupFieldOf, OBJECT_TYPES } from "../state/objectTypes";

/**
 * The JSON schema of `query_args`, as `OPTIONS` on the partial backup list returns it
 * (`actions.POST.query_args.schema`): one property per object type, `null` (all) or a list of
 * names or integer ids (one kind per type), nothing else.
 */
export function queryArgsSchema(): Record<string, unknown> {
    const properties = Object.fromEntries(
        OBJECT_TYPES.map((type) => [type, { anyOf: [{ type: "null" }, { type: "array", items: { type: lookupFieldOf(type) === "name" ? "string" : "integer" } }] }]),
    );
    return { type: "object", properties, additionalProperties: false };
}

/**
 * Reads `query_args` (an object, or a JSON string of one) as the platform does: missing or empty is
 * "This field is required."; anything the schema refuses is "Invalid JSON: …" with the message the
 * platform's validator (jsonschema 2.6, best match) gives. Answers the query args or the field's errors.
 */
export function readQueryArgs(value: unknown): { queryArgs: QueryArgs } | { errors: string[] } {
    if (!value) return { errors: ["This field is required."] };
    let parsed = value;
    if (typeof value === "string") {
        try {
            parsed = JSON.parse(value);
        } catch {
            return { errors: ["Not a valid JSON string."] };
        }
    }
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).length === 0) {
        // `{}` would make a full backup; the platform asks for a selection.
        return { errors: ["This field is required."] };
    }
    const problem = schemaProblem(parsed);
    return problem ? { errors: [`Invalid JSON: ${problem}`] } : { queryArgs: parsed as QueryArgs };
}

// The schema's one error jsonschema's best_match reports: the root's own errors outrank a property's;
// within a property's anyOf, the deepest branch error (an array element of the wrong type) wins, and
// between equally deep ones the first branch (`null`) does.
function schemaProblem(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "Object contains value of wrong type (expected: object).";
    const given = value as Record<string, unknown>;
    if (Object.keys(given).some((key) => !(OBJECT_TYPES as readonly string[]).includes(key))) return "Object contains unexpected property.";
    for (const type of OBJECT_TYPES) {
        if (!(type in given)) continue;
        const item = given[type];
        if (item === null) continue;
        if (!Array.isArray(item)) return "Object contains value of wrong type (expected: null).";
        const expected = lookupFieldOf(type) === "name" ? "string" : "integer";
        const index = item.findIndex((element) => (expected === "string" ? typeof element !== "string" : !Number.isInteger(element)));
        if (index >= 0) return `Element "${index}" contains value of wrong type (expected: ${expected}).`;
    }
    return undefined;
}
