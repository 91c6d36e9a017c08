/**
 * The part of JSON Schema that the partial backup endpoint's `query_args` schema uses (type, anyOf,
 * oneOf, enum, properties, additionalProperties, required, items, minItems, maxItems), enough to
 * refuse at preview what the API would refuse at `up`. Unknown keywords are ignored, so a richer
 * schema never rejects a value the API takes.
 */
export type JsonSchema = Record<string, unknown>;

/** One value that does not fit the schema: where (`queryArgs.class[0]`) and why. */
export interface SchemaProblem {
    path: string;
    reason: string;
}

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
    const actual = typeOf(value);
    return actual === type || (type === "number" && actual === "integer");
}

const asSchema = (value: unknown): JsonSchema | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined);
const asSchemas = (value: unknown): JsonSchema[] => (Array.isArray(value) ? value.map(asSchema).filter((s): s is JsonSchema => s !== undefined) : []);

/** A schema in words: "null or a list of (integer or string)". */
export function describeSchema(schema: JsonSchema): string {
    const alternatives = asSchemas(schema.anyOf ?? schema.oneOf);
    if (alternatives.length) return alternatives.map(describeSchema).join(" or ");
    if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
    return (
        types
            .map((type) => {
                if (type === "array") {
                    const items = asSchema(schema.items);
                    return items ? `a list of (${describeSchema(items)})` : "a list";
                }
                return type === "object" ? "an object" : type;
            })
            .join(" or ") || "anything"
    );
}

/** Where `value` breaks `schema`, outermost first; empty when it fits. */
export function schemaProblems(schema: JsonSchema, value: unknown, path: string): SchemaProblem[] {
    const alternatives = asSchemas(schema.anyOf ?? schema.oneOf);
    if (alternatives.length) {
        const fitting = alternatives.filter((alternative) => schemaProblems(alternative, value, path).length === 0);
        if (schema.oneOf && fitting.length > 1) return [{ path, reason: `must match exactly one of: ${describeSchema(schema)}` }];
        if (fitting.length === 0) {
            // When one alternative has the value's type, its problem is the precise one (an item, say).
            const sameType = alternatives.find((alternative) => alternative.type !== undefined && [alternative.type].flat().some((t) => matchesType(value, String(t))));
            return sameType ? schemaProblems(sameType, value, path) : [{ path, reason: `must be ${describeSchema(schema)}; got ${JSON.stringify(value)}` }];
        }
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((v) => JSON.stringify(v) === JSON.stringify(value))) {
        return [{ path, reason: `must be ${describeSchema(schema)}; got ${JSON.stringify(value)}` }];
    }
    if (schema.type !== undefined && ![schema.type].flat().some((t) => matchesType(value, String(t)))) {
        return [{ path, reason: `must be ${describeSchema(schema)}; got ${JSON.stringify(value)}` }];
    }
    const problems: SchemaProblem[] = [];
    if (typeOf(value) === "object") {
        const record = value as Record<string, unknown>;
        const properties = asSchema(schema.properties) ?? {};
        const known = Object.keys(properties).sort();
        for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
            if (!(name in record)) problems.push({ path: `${path}.${name}`, reason: "is required" });
        }
        for (const [key, item] of Object.entries(record)) {
            const propertySchema = asSchema(properties[key]);
            if (propertySchema) problems.push(...schemaProblems(propertySchema, item, `${path}.${key}`));
            else if (schema.additionalProperties === false) problems.push({ path, reason: `has an unknown key ${JSON.stringify(key)}; accepted: ${known.join(", ")}` });
            else if (asSchema(schema.additionalProperties)) problems.push(...schemaProblems(asSchema(schema.additionalProperties)!, item, `${path}.${key}`));
        }
    }
    if (Array.isArray(value)) {
        if (typeof schema.minItems === "number" && value.length < schema.minItems) problems.push({ path, reason: `must hold at least ${schema.minItems} item(s)` });
        if (typeof schema.maxItems === "number" && value.length > schema.maxItems) problems.push({ path, reason: `must hold at most ${schema.maxItems} item(s)` });
        const items = asSchema(schema.items);
        if (items) value.forEach((item, i) => problems.push(...schemaProblems(items, item, `${path}[${i}]`)));
    }
    return problems;
}
