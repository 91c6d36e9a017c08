import { freshInstanceObjects, lookupFieldOf, OBJECT_TYPES, type InstanceObjects } from "../state/objectTypes";

/**
 * What an instance holds after a restore. A full backup's objects replace everything, ids and all.
 * A partial backup is loaded on top of a freshly initialised instance: an archived object takes the
 * place (and id) of the fresh object with the same name or id; the others keep their ids, but one
 * that a fresh object already holds (the platform would overwrite that object) takes the next free id.
 */
export function restoredContent(archived: InstanceObjects, isPartial: boolean): InstanceObjects {
    if (!isPartial) return structuredClone(archived);
    const content = freshInstanceObjects();
    for (const type of OBJECT_TYPES) {
        const lookup = lookupFieldOf(type);
        for (const object of archived[type] ?? []) {
            const index = content[type].findIndex((fresh) => fresh[lookup] === object[lookup]);
            if (index >= 0) {
                content[type][index] = { ...structuredClone(object), id: content[type][index].id };
                continue;
            }
            const isIdTaken = content[type].some((existing) => existing.id === object.id);
            const id = isIdTaken ? 1 + Math.max(...content[type].map((existing) => existing.id), ...(archived[type] ?? []).map((other) => other.id)) : object.id;
            content[type].push({ ...structuredClone(object), id });
        }
    }
    return content;
}
