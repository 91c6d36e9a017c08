import type { RestoreRecord } from "./models";

/** Restores by id, in id order. */
export class RestoreStore {
    private restores = new Map<number, RestoreRecord>();
    private nextId = 1;

    /** Stores a new `scheduled` restore. */
    create(input: { backupId: number; ownerId: number; instance: string; nowUs: () => number }): RestoreRecord {
        const restore: RestoreRecord = {
            id: this.nextId++,
            backupId: input.backupId,
            ownerId: input.ownerId,
            instance: input.instance,
            status: "scheduled",
            statusInfo: "",
            createdAtUs: input.nowUs(),
            updatedAtUs: input.nowUs(),
        };
        this.restores.set(restore.id, restore);
        return restore;
    }

    /** The live record, or undefined. */
    get(id: number): RestoreRecord | undefined {
        return this.restores.get(id);
    }

    /** Restores into an instance, by ascending id. */
    listFor(instance: string): RestoreRecord[] {
        return [...this.restores.values()].filter((restore) => restore.instance === instance);
    }

    /** An instance was deleted: its restores go with it (the platform's CASCADE). */
    deleteFor(instance: string): void {
        for (const restore of this.listFor(instance)) this.restores.delete(restore.id);
    }

    clear(): void {
        this.restores.clear();
        this.nextId = 1;
    }
}
