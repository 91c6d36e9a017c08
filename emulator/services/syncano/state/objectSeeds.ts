import { isObjectType, lookupFieldOf, OBJECT_TYPES, type ObjectType, type PartialObjects, type SyncanoObject } from "./objectTypes";

/**
 * Reads objects given to the control API (`{ class: [{ name: "books" }], data_object: [{ class:
 * "books", title: "Dune" }] }`): assigns missing ids (one past the type's highest), and checks
 * types, ids, names of the types looked up by name, and the class of data objects. Answers the
 * objects, or the problem as a sentence.
 */
export function readObjectsSeed(seed: unknown): { objects: PartialObjects } | { problem: string } {
    if (seed === undefined || seed === null) return { objects: {} };
    if (typeof seed !== "object" || Array.isArray(seed)) return { problem: "'objects' must be an object of arrays by object type." };
    const objects: PartialObjects = {};
    for (const [type, list] of Object.entries(seed)) {
        if (!isObjectType(type)) return { problem: `Unknown object type '${type}'; known: ${OBJECT_TYPES.join(", ")}.` };
        if (!Array.isArray(list)) return { problem: `'objects.${type}' must be an array.` };
        const read = readList(type, list);
        if ("problem" in read) return read;
        objects[type] = read.list;
    }
    return { objects };
}

function readList(type: ObjectType, list: unknown[]): { list: SyncanoObject[] } | { problem: string } {
    let nextId = 1 + Math.max(0, ...list.map((item) => (isRecord(item) && Number.isInteger(item.id) ? (item.id as number) : 0)));
    const ids = new Set<number>();
    const names = new Set<string>();
    const out: SyncanoObject[] = [];
    for (const [index, item] of list.entries()) {
        const where = `'objects.${type}[${index}]'`;
        if (!isRecord(item)) return { problem: `${where} must be an object.` };
        if (item.id !== undefined && !(Number.isInteger(item.id) && (item.id as number) > 0)) return { problem: `${where}.id must be a positive integer.` };
        const id = (item.id as number | undefined) ?? nextId++;
        if (ids.has(id)) return { problem: `${where}.id ${id} is used twice.` };
        ids.add(id);
        if (lookupFieldOf(type) === "name") {
            if (typeof item.name !== "string" || item.name === "") return { problem: `${where} needs a name: ${type} objects are looked up by name.` };
            if (names.has(item.name)) return { problem: `${where}.name '${item.name}' is used twice.` };
            names.add(item.name);
        }
        if (type === "data_object" && typeof item.class !== "string") return { problem: `${where} needs a class: the name of the class it belongs to.` };
        out.push({ ...item, id });
    }
    return { list: out };
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
