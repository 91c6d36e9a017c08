import { randomBytes } from "node:crypto";
import { ACTIVE_BACKUP_STATUSES, type BackupKind, type BackupRecord, type QueryArgs } from "./models";

/** What a new backup is made of. */
export interface NewBackup {
    kind: BackupKind;
    ownerId: number;
    instance: string;
    label: string;
    description: string;
    metadata: Record<string, unknown>;
    queryArgs?: QueryArgs;
    /** Read twice, as the platform's auto_now_add and auto_now fields are. */
    nowUs: () => number;
}

/** Backups by id (one sequence for full and partial, as on the platform), in id order. */
export class BackupStore {
    private backups = new Map<number, BackupRecord>();
    private nextId = 1;

    /** Stores a new `scheduled` backup. */
    create(input: NewBackup): BackupRecord {
        const backup: BackupRecord = {
            id: this.nextId++,
            kind: input.kind,
            ownerId: input.ownerId,
            instance: input.instance,
            status: "scheduled",
            statusInfo: "",
            label: input.label,
            description: input.description,
            metadata: input.metadata,
            ...(input.queryArgs ? { queryArgs: input.queryArgs } : {}),
            createdAtUs: input.nowUs(),
            updatedAtUs: input.nowUs(),
            size: null,
            details: {},
            archiveToken: randomBytes(20).toString("hex"),
            generation: 0,
        };
        this.backups.set(backup.id, backup);
        return backup;
    }

    /** The live record (callers change it in place), or undefined. */
    get(id: number): BackupRecord | undefined {
        return this.backups.get(id);
    }

    /** Backups matching the filter, by ascending id. */
    list(filter: { ownerId?: number; instance?: string; kind?: BackupKind } = {}): BackupRecord[] {
        return [...this.backups.values()].filter(
            (backup) =>
                (filter.ownerId === undefined || backup.ownerId === filter.ownerId) &&
                (filter.instance === undefined || backup.instance === filter.instance) &&
                (filter.kind === undefined || backup.kind === filter.kind),
        );
    }

    /** True when one of the account's backups is scheduled or running. */
    hasActive(ownerId: number): boolean {
        return this.list({ ownerId }).some((backup) => ACTIVE_BACKUP_STATUSES.includes(backup.status));
    }

    delete(id: number): boolean {
        return this.backups.delete(id);
    }

    /** An instance was deleted: its backups stay, with no instance (the platform's SET_NULL). */
    detachInstance(name: string): void {
        for (const backup of this.backups.values()) if (backup.instance === name) backup.instance = null;
    }

    clear(): void {
        this.backups.clear();
        this.nextId = 1;
    }
}
