import { fieldErrors, nonFieldErrors, permissionDenied } from "../syncanoErrors";
import { pythonTypeName } from "./requestData";

/**
 * Reads a restore's body as the platform's serializer does: `backup` is the id of one of the
 * caller's successful backups (any other id: "Invalid pk …"), exactly one of `backup` and `archive`
 * is given, and uploading an `archive` is for staff only (403 for an account key).
 */
export function readRestoreBackupId(data: Record<string, unknown>, isRestorable: (backupId: number) => boolean): number {
    const raw = data.backup;
    let backupId: number | undefined;
    if (raw !== undefined && raw !== null) {
        backupId = typeof raw === "number" && Number.isInteger(raw) ? raw : typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : undefined;
        if (backupId === undefined) throw fieldErrors({ backup: [`Incorrect type. Expected pk value, received ${pythonTypeName(raw)}.`] });
        if (!isRestorable(backupId)) throw fieldErrors({ backup: [`Invalid pk "${String(raw)}" - object does not exist.`] });
    }
    const hasBackup = Boolean(backupId);
    const hasArchive = Boolean(data.archive);
    if (hasBackup === hasArchive) throw nonFieldErrors("You have to provide either backup or archive.");
    if (hasArchive) throw permissionDenied();
    return backupId!;
}
