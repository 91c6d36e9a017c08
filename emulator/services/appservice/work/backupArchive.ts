import type { DatabaseBackupSetting, SiteContent } from "../state/models";
import { createZip, readZip, type ZipEntry } from "../../storage/zipArchive";

/** What a backup archive records. */
export interface BackupArchive {
    /** ARM id of the backed-up site or slot. */
    siteId: string;
    backupId: number;
    created: string;
    content: SiteContent;
    /** Names and types of the databases included (dumps are placeholders; connection strings are never written). */
    databases: Pick<DatabaseBackupSetting, "databaseType" | "name">[];
}

/** Format marker in `meta.json`, checked on restore. */
export const BACKUP_ARCHIVE_FORMAT = "declarative-backups-emulator/app-service-backup/1";

// Laid out like an App Service backup: the file system under fs/site/wwwroot, the site's metadata
// beside it, and one dump per database.
const FILES_PREFIX = "fs/site/wwwroot/";
const META = "meta.json";
const DATABASES_PREFIX = "databases/";

/** Writes the zip a backup stores in its blob. */
export function writeBackupArchive(archive: BackupArchive, modified = new Date()): Buffer {
    const meta = {
        format: BACKUP_ARCHIVE_FORMAT,
        siteId: archive.siteId,
        backupId: archive.backupId,
        created: archive.created,
        appSettings: archive.content.appSettings,
        databases: archive.databases.map(({ databaseType, name }) => ({ databaseType, name })),
    };
    const entries: ZipEntry[] = [
        { name: META, data: Buffer.from(JSON.stringify(meta, null, 2)) },
        ...Object.entries(archive.content.files).map(([path, text]) => ({ name: FILES_PREFIX + path, data: Buffer.from(text, "utf8") })),
        ...archive.databases.map((database, index) => ({
            name: `${DATABASES_PREFIX}${database.name ?? `database${index + 1}`}.sql`,
            data: Buffer.from(`-- emulated ${database.databaseType} dump of ${database.name ?? "(unnamed)"}\n`),
        })),
    ];
    return createZip(entries, modified);
}

/** Reads a backup zip back; throws when it is not one this emulator wrote. */
export function readBackupArchive(zip: Buffer): BackupArchive {
    const entries = readZip(zip);
    const metaEntry = entries.find((entry) => entry.name === META);
    if (!metaEntry) throw new Error(`the archive has no ${META}`);
    const meta = JSON.parse(metaEntry.data.toString("utf8")) as Record<string, unknown>;
    if (meta.format !== BACKUP_ARCHIVE_FORMAT) throw new Error(`unknown archive format '${String(meta.format)}'`);
    const files: Record<string, string> = {};
    for (const entry of entries) {
        if (entry.name.startsWith(FILES_PREFIX)) files[entry.name.slice(FILES_PREFIX.length)] = entry.data.toString("utf8");
    }
    return {
        siteId: String(meta.siteId),
        backupId: Number(meta.backupId),
        created: String(meta.created),
        content: { files, appSettings: (meta.appSettings ?? {}) as Record<string, string> },
        databases: (meta.databases ?? []) as BackupArchive["databases"],
    };
}

/** Bytes of the site's files, as `websiteSizeInBytes` reports them. */
export function websiteSizeInBytes(content: SiteContent): number {
    return Object.values(content.files).reduce((total, text) => total + Buffer.byteLength(text, "utf8"), 0);
}
