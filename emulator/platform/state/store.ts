import type { ArmResourceModel, ResourceGroupModel, SubscriptionModel } from "./models";

/** Everything a store holds, as plain data (the control API's `GET /_emulator/state`). */
export interface StoreSnapshot {
    subscriptions: SubscriptionModel[];
    resourceGroups: ResourceGroupModel[];
    resources: ArmResourceModel[];
}

/**
 * Persistence of the emulated control plane, behind an interface so handlers never touch storage
 * details. Names and ids compare case-insensitively; stored values keep the casing they were
 * created with. Reads return copies: callers may mutate what they get.
 *
 * Resources are keyed by their ARM id, so new resource kinds (on-demand backups, site content,
 * vaults, protected items) need no new methods; deleting a resource, group or subscription removes
 * everything under it, as ARM does.
 */
export interface EmulatorStore {
    getSubscription(subscriptionId: string): SubscriptionModel | undefined;
    putSubscription(subscription: SubscriptionModel): SubscriptionModel;
    /** Deletes the subscription with its groups and resources; false when it did not exist. */
    deleteSubscription(subscriptionId: string): boolean;

    getResourceGroup(subscriptionId: string, resourceGroupName: string): ResourceGroupModel | undefined;
    putResourceGroup(subscriptionId: string, resourceGroup: ResourceGroupModel): ResourceGroupModel;
    /** Deletes the group and its resources; false when it did not exist. */
    deleteResourceGroup(subscriptionId: string, resourceGroupName: string): boolean;

    getResource<P>(id: string): ArmResourceModel<P> | undefined;
    putResource<P>(resource: ArmResourceModel<P>): ArmResourceModel<P>;
    /** Deletes the resource and its child resources; false when it did not exist. */
    deleteResource(id: string): boolean;
    /** Direct children of `parentId` with the given type (e.g. the slots of a site). */
    listChildResources<P>(parentId: string, type: string): ArmResourceModel<P>[];
    /**
     * The stored resource itself, not a copy, for reads that only look (find, filter, count) over
     * many resources at every request. Never change what it returns, nor keep it past the request.
     */
    viewResource<P>(id: string): Readonly<ArmResourceModel<P>> | undefined;
    /** Direct children as {@link viewResource} gives them: not copies, only to look at. */
    viewChildResources<P>(parentId: string, type: string): ReadonlyArray<Readonly<ArmResourceModel<P>>>;

    snapshot(): StoreSnapshot;
    /** Forgets everything. */
    clear(): void;
}
