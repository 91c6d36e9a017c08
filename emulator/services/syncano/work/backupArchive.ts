import { createZip, readZip } from "../../storage/zipArchive";
import { emptyObjects, isObjectType, OBJECT_TYPES, type InstanceObjects, type SyncanoObject } from "../state/objectTypes";

// The platform's SolutionZipStorage: each type's objects in JSON batches of 1000,
// `<type>/00000000.json`, `<type>/00000001.json`, …, after the schema's migration targets.
const BATCH_SIZE = 1000;
const MIGRATIONS = [["data", "0042_auto_20180628_1338"], ["users", "0031_auto_20180614_1025"], ["sockets", "0024_auto_20180703_1212"]];

/** Writes a backup archive (zip) of `objects`, as the platform lays it out. */
export function writeBackupArchive(objects: InstanceObjects, modified: Date): Buffer {
    const entries = [{ name: "migrations/00000000.json", data: Buffer.from(JSON.stringify(MIGRATIONS)) }];
    for (const type of OBJECT_TYPES) {
        const list = objects[type] ?? [];
        for (let start = 0, counter = 0; start < list.length; start += BATCH_SIZE, counter++) {
            entries.push({ name: `${type}/${counter.toString(16).padStart(8, "0")}.json`, data: Buffer.from(JSON.stringify(list.slice(start, start + BATCH_SIZE))) });
        }
    }
    return createZip(entries, modified);
}

/** Reads a backup archive back into objects by type; throws on a damaged archive. */
export function readBackupArchive(archive: Buffer): InstanceObjects {
    const objects = emptyObjects();
    const entries = readZip(archive).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
        const type = entry.name.split("/")[0];
        if (!isObjectType(type)) continue;
        objects[type].push(...(JSON.parse(entry.data.toString("utf8")) as SyncanoObject[]));
    }
    return objects;
}
