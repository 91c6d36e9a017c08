import type { QueryArgs } from "../state/models";
import { emptyObjects, lookupFieldOf, OBJECT_TYPES, PARENT_TYPES, type InstanceObjects, type ObjectType, type SyncanoObject } from "../state/objectTypes";

/**
 * The objects a backup takes: every object for a full backup; for a partial one, as the platform's
 * ModelBackup.get_queryset: a type named in `query_args` keeps the listed objects (all for `null`,
 * none for `[]`), and a type whose parent type is named keeps only children of the parents kept.
 * Types not named, with no named parent, are taken whole.
 */
export function selectObjects(objects: InstanceObjects, queryArgs?: QueryArgs): InstanceObjects {
    if (!queryArgs) return structuredClone(objects);
    const selected = new Map<ObjectType, SyncanoObject[]>();
    const select = (type: ObjectType): SyncanoObject[] => {
        const known = selected.get(type);
        if (known) return known;
        let list = objects[type] ?? [];
        const wanted = queryArgs[type];
        if (wanted !== undefined && wanted !== null) {
            const lookup = lookupFieldOf(type);
            list = list.filter((object) => wanted.includes(object[lookup] as string | number));
        }
        for (const parent of PARENT_TYPES[type] ?? []) {
            if (!(parent in queryArgs)) continue;
            const lookup = lookupFieldOf(parent);
            const kept = new Set<unknown>(select(parent).map((object) => object[lookup]));
            list = list.filter((object) => kept.has(object[parent]));
        }
        selected.set(type, list);
        return list;
    };
    const result = emptyObjects();
    for (const type of OBJECT_TYPES) result[type] = structuredClone(select(type));
    return result;
}

// The platform lists names for classes only (KlassBackup's include_details = 'list'), at most 15.
const LISTED_TYPES: ReadonlySet<ObjectType> = new Set<ObjectType>(["class"]);
const LIST_LIMIT = 15;

/**
 * A successful backup's `details`: for each type it holds, `{count}`; classes add `list`, their
 * names (at most 15).
 */
export function backupDetails(objects: InstanceObjects): Record<string, unknown> {
    const details: Record<string, unknown> = {};
    for (const type of OBJECT_TYPES) {
        const list = objects[type] ?? [];
        if (list.length === 0) continue;
        details[type] = LISTED_TYPES.has(type)
            ? { count: list.length, list: list.slice(0, LIST_LIMIT).map((object) => object[lookupFieldOf(type)]) }
            : { count: list.length };
    }
    return details;
}
