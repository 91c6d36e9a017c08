import type { ArmResourceModel, ResourceGroupModel, SubscriptionModel } from "./models";
import { resourceGroupId, subscriptionPath } from "./resourceIds";
import type { EmulatorStore, StoreSnapshot } from "./store";

/** {@link EmulatorStore} in process memory; keys are lower-cased ids. */
export class MemoryStore implements EmulatorStore {
    private readonly subscriptions = new Map<string, SubscriptionModel>();
    private readonly resourceGroups = new Map<string, ResourceGroupModel>();
    private readonly resources = new Map<string, ArmResourceModel<unknown>>();
    // Parent id → ids of its direct children (`{parent}/{type}/{name}`), so listing children does not
    // scan every resource: the Recovery Services emulator lists containers and items per request.
    private readonly children = new Map<string, Set<string>>();

    getSubscription(subscriptionId: string): SubscriptionModel | undefined {
        return copy(this.subscriptions.get(key(subscriptionPath(subscriptionId))));
    }

    putSubscription(subscription: SubscriptionModel): SubscriptionModel {
        this.subscriptions.set(key(subscriptionPath(subscription.subscriptionId)), copy(subscription));
        return copy(subscription);
    }

    deleteSubscription(subscriptionId: string): boolean {
        const prefix = key(subscriptionPath(subscriptionId));
        const existed = this.subscriptions.delete(prefix);
        deleteUnder(this.resourceGroups, prefix);
        this.deleteResourcesUnder(prefix);
        return existed;
    }

    getResourceGroup(subscriptionId: string, resourceGroupName: string): ResourceGroupModel | undefined {
        return copy(this.resourceGroups.get(key(resourceGroupId(subscriptionId, resourceGroupName))));
    }

    putResourceGroup(subscriptionId: string, resourceGroup: ResourceGroupModel): ResourceGroupModel {
        this.resourceGroups.set(key(resourceGroupId(subscriptionId, resourceGroup.name)), copy(resourceGroup));
        return copy(resourceGroup);
    }

    deleteResourceGroup(subscriptionId: string, resourceGroupName: string): boolean {
        const prefix = key(resourceGroupId(subscriptionId, resourceGroupName));
        const existed = this.resourceGroups.delete(prefix);
        this.deleteResourcesUnder(prefix);
        return existed;
    }

    getResource<P>(id: string): ArmResourceModel<P> | undefined {
        return copy(this.resources.get(key(id))) as ArmResourceModel<P> | undefined;
    }

    putResource<P>(resource: ArmResourceModel<P>): ArmResourceModel<P> {
        const id = key(resource.id);
        this.resources.set(id, copy(resource));
        const parent = parentKey(id);
        if (!this.children.has(parent)) this.children.set(parent, new Set());
        this.children.get(parent)!.add(id);
        return copy(resource);
    }

    deleteResource(id: string): boolean {
        const existed = this.forget(key(id));
        this.deleteResourcesUnder(key(id));
        return existed;
    }

    listChildResources<P>(parentId: string, type: string): ArmResourceModel<P>[] {
        return this.viewChildResources<P>(parentId, type).map((resource) => copy(resource) as ArmResourceModel<P>);
    }

    viewResource<P>(id: string): Readonly<ArmResourceModel<P>> | undefined {
        return this.resources.get(key(id)) as ArmResourceModel<P> | undefined;
    }

    viewChildResources<P>(parentId: string, type: string): ReadonlyArray<Readonly<ArmResourceModel<P>>> {
        const wantedType = type.toLowerCase();
        const found: ArmResourceModel<P>[] = [];
        for (const id of this.children.get(key(parentId)) ?? []) {
            const resource = this.resources.get(id)!;
            if (resource.type.toLowerCase() === wantedType) found.push(resource as ArmResourceModel<P>);
        }
        return found;
    }

    snapshot(): StoreSnapshot {
        return copy({
            subscriptions: [...this.subscriptions.values()],
            resourceGroups: [...this.resourceGroups.values()],
            resources: [...this.resources.values()] as ArmResourceModel[],
        });
    }

    clear(): void {
        this.subscriptions.clear();
        this.resourceGroups.clear();
        this.resources.clear();
        this.children.clear();
    }

    private forget(id: string): boolean {
        const existed = this.resources.delete(id);
        const siblings = this.children.get(parentKey(id));
        siblings?.delete(id);
        if (siblings?.size === 0) this.children.delete(parentKey(id));
        return existed;
    }

    private deleteResourcesUnder(prefix: string): void {
        for (const id of idsUnder(this.resources, prefix)) this.forget(id);
    }
}

function key(id: string): string {
    return id.toLowerCase();
}

// `{parent}/{type}/{name}` → `{parent}`.
function parentKey(id: string): string {
    return id.split("/").slice(0, -2).join("/");
}

// Removes every entry strictly below `prefix` (an id path).
function deleteUnder<T>(map: Map<string, T>, prefix: string): void {
    for (const id of idsUnder(map, prefix)) map.delete(id);
}

// Keys strictly below `prefix` (an id path), never siblings sharing a name prefix; a copy, safe to delete from the map.
function idsUnder<T>(map: Map<string, T>, prefix: string): string[] {
    return [...map.keys()].filter((id) => id.startsWith(prefix + "/"));
}

function copy<T>(value: T): T {
    return value === undefined ? value : structuredClone(value);
}
