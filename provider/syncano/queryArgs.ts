import { isUnknown, type InputChecker } from "../core/dynamic/checks";
import { schemaProblems, type JsonSchema } from "./querySchema";

/** Object types a partial backup selects by name (the platform's lookup field for them). */
export const typesSelectedByName: readonly string[] = ["class", "channel", "data_endpoint", "response_template", "socket", "socketendpoint", "socketenvironment", "script_endpoint"];

/** Object types a partial backup selects by integer id. */
export const typesSelectedById: readonly string[] = [
    "script",
    "schedule",
    "data_object",
    "hosting",
    "hosting_file",
    "gcm_config",
    "apns_config",
    "gcm_device",
    "apns_device",
    "sockethandler",
    "trigger",
    "group",
    "user",
    "membership",
    "user_social_profile",
];

/** What a partial backup selects: object type → null (all of them) or the names or ids to include. */
export type QueryArgs = Record<string, null | Array<string | number>>;

const knownTypes = (): string[] => [...typesSelectedByName, ...typesSelectedById].sort();

/**
 * Checks `queryArgs` without the API: an object (or its JSON text) with at least one key, each value
 * null or a list, and, for the types the platform documents, names or integer ids as that type takes
 * (`{"class":[1]}` is refused). Keys are left to {@link queryArgsSchemaFailures}, which knows the
 * schema the API serves; without one, the documented types are the accepted keys.
 */
export function checkQueryArgs(checker: InputChecker, value: unknown, options: { schemaKnown: boolean } = { schemaKnown: false }): QueryArgs | undefined {
    const property = "queryArgs";
    if (isUnknown(value)) return undefined;
    let parsed = value;
    if (typeof value === "string") {
        try {
            parsed = JSON.parse(value);
        } catch {
            parsed = undefined;
        }
    }
    const example = `{ class: ["books"], user: [1, 2], script: null }`;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
        checker.fail(property, `${property} is required: an object whose keys are object types and whose values are null (all of them) or a list of names or ids, such as ${example}`);
        return undefined;
    }
    let ok = true;
    for (const [type, selection] of Object.entries(parsed as Record<string, unknown>)) {
        if (isUnknown(selection)) continue;
        const byName = typesSelectedByName.includes(type);
        const byId = typesSelectedById.includes(type);
        if (!byName && !byId) {
            if (!options.schemaKnown) {
                checker.fail(property, `${property} has an unknown key ${JSON.stringify(type)}; accepted: ${knownTypes().join(", ")}`);
                ok = false;
            }
            continue;
        }
        const what = byName ? "names (strings)" : "integer ids";
        const fits = (item: unknown) => (byName ? typeof item === "string" && item !== "" : typeof item === "number" && Number.isInteger(item) && item > 0);
        if (selection !== null && (!Array.isArray(selection) || !selection.every(fits))) {
            checker.fail(`${property}.${type}`, `${property}.${type} must be null (every ${type}) or a list of ${what}: ${type} is selected by ${byName ? "name" : "id"}; got ${JSON.stringify(selection)}`);
            ok = false;
        }
    }
    return ok ? (parsed as QueryArgs) : undefined;
}

/**
 * Checks `queryArgs` against the schema the API serves (OPTIONS on the partial backups), naming the
 * offending key and the accepted ones.
 */
export function queryArgsSchemaFailures(schema: JsonSchema, queryArgs: unknown): Array<{ property: string; reason: string }> {
    return schemaProblems(schema, queryArgs, "queryArgs").map((problem) => ({ property: problem.path.replace(/\[\d+\]$/, ""), reason: `${problem.path} ${problem.reason}` }));
}
