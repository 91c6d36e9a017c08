import type { BackupStore } from "../state/backupStore";
import type { BackupRecord } from "../state/models";
import { pageNotFound } from "../syncanoErrors";
import { ARCHIVE_PREFIX } from "./syncanoRouteLookupStage";
import type { SyncanoStage } from "./syncanoRequestContext";

/**
 * The download URL of a backup's archive. Like the platform's storage URLs it needs no key: the
 * unguessable token in it is the only protection, so the URL is a secret.
 */
export function archiveUrl(baseUrl: string, backup: BackupRecord): string {
    return `${baseUrl}/${ARCHIVE_PREFIX}/backups/${backup.ownerId}/${backup.id}/${backup.archiveToken}/backup.zip`;
}

/** Stage: serves `GET /media/backups/{owner}/{id}/{token}/backup.zip` (the zip), anything else there 404. */
export function archiveDownloadStage(backups: BackupStore): SyncanoStage {
    return async (context, next) => {
        if (context.syncanoSurface !== "archive") return next();
        const [, kind, ownerId, backupId, token, file] = context.segments;
        const backup = /^\d+$/.test(backupId ?? "") ? backups.get(Number(backupId)) : undefined;
        const isFound =
            (context.method === "GET" || context.method === "HEAD") &&
            context.segments.length === 6 &&
            kind === "backups" &&
            file === "backup.zip" &&
            backup !== undefined &&
            String(backup.ownerId) === ownerId &&
            backup.archiveToken === token &&
            backup.status === "success" &&
            backup.archive !== undefined;
        if (!isFound) throw pageNotFound();
        const archive = backup!.archive!;
        context.res.setHeader("Content-Type", "application/zip");
        context.res.setHeader("Content-Length", String(archive.length));
        context.res.writeHead(200).end(archive);
    };
}
