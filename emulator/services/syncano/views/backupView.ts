import type { AccountRecord, BackupRecord } from "../state/models";
import { formatSyncanoTime } from "../state/syncanoTime";
import { authorView } from "./authorView";

/** What a backup's view needs besides the record. */
export interface BackupViewContext {
    /** `v1`, `v1.1` or `v2`: the prefix of `links.self`. */
    version: string;
    author: AccountRecord | undefined;
    /** The archive's download URL. */
    archiveUrl: (backup: BackupRecord) => string;
}

/**
 * A backup as the platform answers it. Full: id, instance, created_at, updated_at, size, status,
 * status_info, description, label, author, details, metadata, links; partial adds `archive` (null
 * until success). `links.self` is always the account-level URL; `query_args` is write-only.
 */
export function backupView(backup: BackupRecord, context: BackupViewContext): Record<string, unknown> {
    const common = {
        id: backup.id,
        instance: backup.instance,
        created_at: formatSyncanoTime(backup.createdAtUs),
        updated_at: formatSyncanoTime(backup.updatedAtUs),
    };
    const self = { self: `/${context.version}/backups/${backup.kind}/${backup.id}/` };
    if (backup.kind === "full") {
        return {
            ...common,
            size: backup.size,
            status: backup.status,
            status_info: backup.statusInfo,
            description: backup.description,
            label: backup.label,
            author: authorView(context.author),
            details: backup.details,
            metadata: backup.metadata,
            links: self,
        };
    }
    return {
        ...common,
        archive: backup.status === "success" && backup.archive ? context.archiveUrl(backup) : null,
        size: backup.size,
        status: backup.status,
        status_info: backup.statusInfo,
        author: authorView(context.author),
        details: backup.details,
        description: backup.description,
        label: backup.label,
        metadata: backup.metadata,
        links: self,
    };
}
