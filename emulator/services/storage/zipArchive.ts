import * as zlib from "node:zlib";

/** One file of a zip archive. */
export interface ZipEntry {
    /** Path inside the archive, `/`-separated. */
    name: string;
    data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_UTF8_NAMES = 0x0800;
const VERSION = 20;

/**
 * Writes a zip archive (deflated entries, UTF-8 names, no zip64): App Service backups are zip files,
 * so the emulated ones open with any unzip tool.
 */
export function createZip(entries: readonly ZipEntry[], modified = new Date()): Buffer {
    const { time, date } = dosDateTime(modified);
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
        const name = Buffer.from(entry.name, "utf8");
        const compressed = zlib.deflateRawSync(entry.data);
        const crc = zlib.crc32(entry.data);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(LOCAL_HEADER, 0);
        local.writeUInt16LE(VERSION, 4);
        local.writeUInt16LE(FLAG_UTF8_NAMES, 6);
        local.writeUInt16LE(METHOD_DEFLATE, 8);
        local.writeUInt16LE(time, 10);
        local.writeUInt16LE(date, 12);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(compressed.length, 18);
        local.writeUInt32LE(entry.data.length, 22);
        local.writeUInt16LE(name.length, 26);
        local.writeUInt16LE(0, 28);
        const central = Buffer.alloc(46);
        central.writeUInt32LE(CENTRAL_HEADER, 0);
        central.writeUInt16LE(VERSION, 4);
        central.writeUInt16LE(VERSION, 6);
        local.copy(central, 8, 6, 28); // flags … name length are the same fields in both headers
        // extra length, comment length, disk, internal and external attributes stay 0
        central.writeUInt32LE(offset, 42);
        locals.push(local, name, compressed);
        centrals.push(central, name);
        offset += local.length + name.length + compressed.length;
    }
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
}

/** Reads a zip archive (stored or deflated entries, no zip64); throws on anything else or on a bad CRC. */
export function readZip(archive: Buffer): ZipEntry[] {
    const end = findEndOfCentralDirectory(archive);
    const count = archive.readUInt16LE(end + 10);
    let position = archive.readUInt32LE(end + 16);
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
        if (archive.readUInt32LE(position) !== CENTRAL_HEADER) throw new Error("zip: bad central directory");
        const method = archive.readUInt16LE(position + 10);
        const crc = archive.readUInt32LE(position + 16);
        const compressedSize = archive.readUInt32LE(position + 20);
        const nameLength = archive.readUInt16LE(position + 28);
        const extraLength = archive.readUInt16LE(position + 30);
        const commentLength = archive.readUInt16LE(position + 32);
        const localOffset = archive.readUInt32LE(position + 42);
        const name = archive.toString("utf8", position + 46, position + 46 + nameLength);
        position += 46 + nameLength + extraLength + commentLength;

        if (archive.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`zip: bad local header for ${name}`);
        const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
        const raw = archive.subarray(dataStart, dataStart + compressedSize);
        let data: Buffer;
        if (method === METHOD_STORED) data = Buffer.from(raw);
        else if (method === METHOD_DEFLATE) data = zlib.inflateRawSync(raw);
        else throw new Error(`zip: unsupported compression method ${method} for ${name}`);
        if (zlib.crc32(data) !== crc) throw new Error(`zip: CRC mismatch for ${name}`);
        if (!name.endsWith("/")) entries.push({ name, data });
    }
    return entries;
}

function findEndOfCentralDirectory(archive: Buffer): number {
    // The record is 22 bytes plus a comment of at most 65 535 bytes, at the very end.
    const lowest = Math.max(0, archive.length - 22 - 0xffff);
    for (let i = archive.length - 22; i >= lowest; i--) {
        if (archive.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
    }
    throw new Error("zip: not a zip archive");
}

// MS-DOS date and time, the only timestamps the basic zip headers carry (local time by convention; UTC here).
function dosDateTime(date: Date): { time: number; date: number } {
    const year = Math.max(1980, date.getUTCFullYear());
    return {
        time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
        date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
    };
}
