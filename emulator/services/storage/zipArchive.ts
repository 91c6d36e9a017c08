import * as zlib from "node:zlib";
import { unzipSync, zipSync, type Zippable } from "fflate";

/** One file of a zip archive. */
export interface ZipEntry {
    /** Path inside the archive, `/`-separated. */
    name: string;
    data: Buffer;
}

/**
 * Writes a zip archive (deflated entries, UTF-8 names) with fflate: App Service backups are zip
 * files, so the emulated ones open with any unzip tool.
 */
export function createZip(entries: readonly ZipEntry[], modified = new Date()): Buffer {
    const files: Zippable = {};
    for (const entry of entries) files[entry.name] = entry.data;
    return Buffer.from(zipSync(files, { level: 6, mtime: modified }));
}

/** Reads a zip archive (stored or deflated entries); throws on anything else or on a bad CRC. */
export function readZip(archive: Buffer): ZipEntry[] {
    const names: string[] = [];
    let files: Record<string, Uint8Array>;
    try {
        // The filter sees the entries in central-directory order, the order checkCrcs walks.
        files = unzipSync(archive, { filter: (file) => (names.push(file.name), true) });
    } catch (error) {
        throw new Error((error as { code?: number }).code === 13 ? "zip: not a zip archive" : `zip: ${(error as Error).message}`);
    }
    const entries = names.map((name) => ({ name, data: Buffer.from(files[name]) }));
    checkCrcs(archive, entries);
    return entries.filter((entry) => !entry.name.endsWith("/"));
}

// fflate does not verify CRC-32s; a restore must refuse a damaged archive rather than restore garbage,
// so each entry is checked against the CRC its central directory header records.
function checkCrcs(archive: Buffer, entries: readonly ZipEntry[]): void {
    const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    let end = archive.length - 22;
    while (end > 0 && archive.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
    let position = archive.readUInt32LE(end + 16);
    for (const entry of entries) {
        const stored = archive.readUInt32LE(position + 16);
        if (zlib.crc32(entry.data) !== stored) throw new Error(`zip: CRC mismatch for ${entry.name}`);
        position += 46 + archive.readUInt16LE(position + 28) + archive.readUInt16LE(position + 30) + archive.readUInt16LE(position + 32);
    }
}
