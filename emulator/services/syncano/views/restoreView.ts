import type { AccountRecord, RestoreRecord } from "../state/models";
import { formatSyncanoTime } from "../state/syncanoTime";
import { authorView } from "./authorView";

/** A restore as the platform answers it; `links.self` under the instance, with the prefix used. */
export function restoreView(restore: RestoreRecord, version: string, author: AccountRecord | undefined): Record<string, unknown> {
    return {
        id: restore.id,
        backup: restore.backupId,
        created_at: formatSyncanoTime(restore.createdAtUs),
        updated_at: formatSyncanoTime(restore.updatedAtUs),
        status: restore.status,
        archive: null,
        status_info: restore.statusInfo,
        author: authorView(author),
        links: { self: `/${version}/instances/${restore.instance}/restores/${restore.id}/` },
    };
}
