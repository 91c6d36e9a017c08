import { WEB_RESOURCE_TYPES, type BackupItemModel, type BackupItemProperties } from "./models";
import { backupItemId } from "./resourceIds";
import type { EmulatorStore } from "../../../platform/state/store";

/**
 * Typed access to stored on-demand backups. Backup ids are unique across the emulator (the live
 * service numbers them per stamp, not per app), so a restore can name a backup of another app;
 * an index from id to ARM id finds them without scanning the store.
 */
export class BackupStore {
    private nextId = 1;
    private readonly idIndex = new Map<number, string>();

    constructor(private readonly store: EmulatorStore) {}

    /** A backup id never handed out before by this emulator (ids are not reused, even after a reset). */
    allocateId(): number {
        return this.nextId++;
    }

    /** The ARM resource type of backups under this site or slot. */
    static typeFor(siteOrSlotId: string): string {
        return isSlotId(siteOrSlotId) ? WEB_RESOURCE_TYPES.slotBackup : WEB_RESOURCE_TYPES.siteBackup;
    }

    /** Stores a new backup of a site or slot. */
    create(siteOrSlotId: string, properties: BackupItemProperties): BackupItemModel {
        const id = backupItemId(siteOrSlotId, properties.id);
        this.idIndex.set(properties.id, id);
        return this.store.putResource({ id, name: String(properties.id), type: BackupStore.typeFor(siteOrSlotId), properties });
    }

    /** The backup `backupId` of this site or slot. */
    get(siteOrSlotId: string, backupId: number | string): BackupItemModel | undefined {
        return this.store.getResource(backupItemId(siteOrSlotId, Number(backupId)));
    }

    /** A backup by its ARM id. */
    read(resourceId: string): BackupItemModel | undefined {
        return this.store.getResource(resourceId);
    }

    /** The backup with this id, whichever site or slot it belongs to. */
    findById(backupId: number): BackupItemModel | undefined {
        const id = this.idIndex.get(backupId);
        return id === undefined ? undefined : this.store.getResource(id);
    }

    /** Backups of a site or slot, oldest first. */
    list(siteOrSlotId: string): BackupItemModel[] {
        return this.store
            .listChildResources<BackupItemProperties>(siteOrSlotId, BackupStore.typeFor(siteOrSlotId))
            .sort((a, b) => a.properties.id - b.properties.id);
    }

    /** Re-reads a backup, applies `change` to its properties and stores it; undefined when it is gone. */
    update(resourceId: string, change: (properties: BackupItemProperties) => void): BackupItemModel | undefined {
        const backup = this.store.getResource<BackupItemProperties>(resourceId);
        if (!backup) return undefined;
        change(backup.properties);
        return this.store.putResource(backup);
    }

    /** Replaces a stored backup as given (out-of-band edits). */
    replace(backup: BackupItemModel): BackupItemModel {
        return this.store.putResource(backup);
    }

    /** Removes a backup record (not its blob). */
    delete(resourceId: string): boolean {
        return this.store.deleteResource(resourceId);
    }

    /** Forgets the id index (the store itself is cleared by its owner); ids keep counting up. */
    reset(): void {
        this.idIndex.clear();
    }
}

/** The site or slot a backup belongs to: its id without `/backups/{id}`. */
export function parentOfBackup(backupResourceId: string): string {
    return backupResourceId.replace(/\/backups\/[^/]+$/i, "");
}

function isSlotId(siteOrSlotId: string): boolean {
    return /\/slots\/[^/]+\/?$/i.test(siteOrSlotId);
}
