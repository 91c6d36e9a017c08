import type { InstanceRecord } from "./models";
import { freshInstanceObjects, OBJECT_TYPES, type InstanceObjects, type PartialObjects } from "./objectTypes";

/** Instances by (lower-case) name. */
export class InstanceStore {
    private readonly instances = new Map<string, InstanceRecord>();

    /** Creates or recreates the instance: freshly initialised, then the given types replaced. */
    put(name: string, ownerId: number, objects: PartialObjects = {}): { created: boolean; instance: InstanceRecord } {
        const key = name.toLowerCase();
        const created = !this.instances.has(key);
        const instance: InstanceRecord = { name: key, ownerId, objects: { ...freshInstanceObjects(), ...structuredClone(objects) } };
        this.instances.set(key, instance);
        return { created, instance: structuredClone(instance) };
    }

    /** The instance, looked up case-insensitively, or undefined. */
    get(name: string): InstanceRecord | undefined {
        const instance = this.instances.get(name.toLowerCase());
        return instance ? structuredClone(instance) : undefined;
    }

    has(name: string): boolean {
        return this.instances.has(name.toLowerCase());
    }

    /** Replaces the given types' objects; the others stay. */
    putObjects(name: string, objects: PartialObjects): InstanceRecord | undefined {
        const instance = this.instances.get(name.toLowerCase());
        if (!instance) return undefined;
        instance.objects = { ...instance.objects, ...structuredClone(objects) };
        return structuredClone(instance);
    }

    /** Replaces every type's objects (a restore). */
    replaceObjects(name: string, objects: InstanceObjects): boolean {
        const instance = this.instances.get(name.toLowerCase());
        if (!instance) return false;
        instance.objects = Object.fromEntries(OBJECT_TYPES.map((type) => [type, structuredClone(objects[type] ?? [])])) as unknown as InstanceObjects;
        return true;
    }

    delete(name: string): boolean {
        return this.instances.delete(name.toLowerCase());
    }

    list(): InstanceRecord[] {
        return [...this.instances.values()].map((instance) => structuredClone(instance));
    }

    clear(): void {
        this.instances.clear();
    }
}
