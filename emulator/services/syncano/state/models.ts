import type { ObjectType, SyncanoObject } from "./objectTypes";

/** An account (the platform's Admin): who owns instances and backups, and authenticates with its key. */
export interface AccountRecord {
    id: number;
    email: string;
    firstName: string;
    lastName: string;
    /** Account key: 40 hex characters. */
    apiKey: string;
    /** This account's backup limit; the emulator's default when absent. */
    backupsPerAccount?: number;
}

/** An instance: its owner and its objects by type. */
export interface InstanceRecord {
    /** Lower-case, as the platform looks instances up. */
    name: string;
    ownerId: number;
    objects: Record<ObjectType, SyncanoObject[]>;
}

/** Backup statuses (`uploading` is documented but never set by the platform). */
export type BackupStatus = "scheduled" | "running" | "uploading" | "success" | "error" | "aborted";

/** All backup statuses. */
export const BACKUP_STATUSES: readonly BackupStatus[] = ["scheduled", "running", "uploading", "success", "error", "aborted"];

/** Statuses of a backup still at work: it blocks another backup of the account and (but scheduled) its deletion. */
export const ACTIVE_BACKUP_STATUSES: readonly BackupStatus[] = ["scheduled", "running", "uploading"];

/** Full (every object) or partial (selected by `query_args`). */
export type BackupKind = "full" | "partial";

/** What `query_args` asks for: per type, every object (null) or those listed (by name or id). */
export type QueryArgs = Partial<Record<ObjectType, Array<string | number> | null>>;

/** A backup as stored. */
export interface BackupRecord {
    id: number;
    kind: BackupKind;
    ownerId: number;
    /** The backed-up instance; null once it is deleted (the platform's SET_NULL). */
    instance: string | null;
    status: BackupStatus;
    statusInfo: string;
    label: string;
    description: string;
    metadata: Record<string, unknown>;
    /** Partial backups only. */
    queryArgs?: QueryArgs;
    createdAtUs: number;
    updatedAtUs: number;
    /** Archive size in bytes, once successful. */
    size: number | null;
    /** Per-type counts, once successful. */
    details: Record<string, unknown>;
    /** The archive (zip), written while running. */
    archive?: Buffer;
    /** Unguessable part of the archive's download URL. */
    archiveToken: string;
    /** Bumped when the control API sets the status, so pending steps of the run stand down. */
    generation: number;
}

/** Restore statuses. */
export type RestoreStatus = "scheduled" | "running" | "success" | "error" | "aborted";

/** A restore as stored. */
export interface RestoreRecord {
    id: number;
    backupId: number;
    ownerId: number;
    /** The instance restored into. */
    instance: string;
    status: RestoreStatus;
    statusInfo: string;
    createdAtUs: number;
    updatedAtUs: number;
}

