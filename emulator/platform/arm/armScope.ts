import { invalidSubscriptionId, resourceGroupNotFound, subscriptionNotFound } from "./armErrors";
import type { ResourceGroupModel } from "../state/models";
import { isGuid } from "../state/resourceIds";
import type { EmulatorStore } from "../state/store";

/** Checks the subscription exists (and is a GUID) in ARM's words; returns it. */
export function requireSubscription(store: EmulatorStore, subscriptionId: string) {
    if (!isGuid(subscriptionId)) throw invalidSubscriptionId(subscriptionId);
    const subscription = store.getSubscription(subscriptionId);
    if (!subscription) throw subscriptionNotFound(subscriptionId);
    return subscription;
}

/** Checks subscription and resource group exist, in that order; returns the group. */
export function requireResourceGroup(store: EmulatorStore, subscriptionId: string, resourceGroupName: string): ResourceGroupModel {
    requireSubscription(store, subscriptionId);
    const resourceGroup = store.getResourceGroup(subscriptionId, resourceGroupName);
    if (!resourceGroup) throw resourceGroupNotFound(resourceGroupName);
    return resourceGroup;
}
