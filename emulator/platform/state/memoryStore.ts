import type { ArmResourceModel, ResourceGroupModel, SubscriptionModel } from "./models";
import { resourceGroupId, subscriptionPath } from "./resourceIds";
import type { EmulatorStore, StoreSnapshot } from "./store";

/** {@link EmulatorStore} in process memory; keys are lower-cased ids. */
export class MemoryStore implements EmulatorStore {
    private readonly subscriptions = new Map<string, SubscriptionModel>();
    private readonly resourceGroups = new Map<string, ResourceGroupModel>();
    private readonly resources = new Map<string, ArmResourceModel<unknown>>();

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
        deleteUnder(this.resources, prefix);
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
        deleteUnder(this.resources, prefix);
        return existed;
    }

    getResource<P>(id: string): ArmResourceModel<P> | undefined {
        return copy(this.resources.get(key(id))) as ArmResourceModel<P> | undefined;
    }

    putResource<P>(resource: ArmResourceModel<P>): ArmResourceModel<P> {
        this.resources.set(key(resource.id), copy(resource));
        return copy(resource);
    }

    deleteResource(id: string): boolean {
        const existed = this.resources.delete(key(id));
        deleteUnder(this.resources, key(id));
        return existed;
    }

    listChildResources<P>(parentId: string, type: string): ArmResourceModel<P>[] {
        const parentDepth = key(parentId).split("/").length;
        const prefix = key(parentId) + "/";
        const wantedType = type.toLowerCase();
        return [...this.resources.entries()]
            .filter(([id, resource]) => id.startsWith(prefix) && id.split("/").length === parentDepth + 2 && resource.type.toLowerCase() === wantedType)
            .map(([, resource]) => copy(resource) as ArmResourceModel<P>);
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
    }
}

function key(id: string): string {
    return id.toLowerCase();
}

// Removes every entry strictly below `prefix` (an id path), never siblings sharing a name prefix.
function deleteUnder<T>(map: Map<string, T>, prefix: string): void {
    for (const id of [...map.keys()]) if (id.startsWith(prefix + "/")) map.delete(id);
}

function copy<T>(value: T): T {
    return value === undefined ? value : structuredClone(value);
}
