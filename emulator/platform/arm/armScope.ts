import {
    invalidSubscriptionId,
    resourceGroupNotFound,
    resourceNotFound,
    subscriptionNotFound,
} from "./armErrors";
import type { ResourceGroupModel, SiteModel } from "../state/models";
import { isGuid, siteId, slotId } from "../state/resourceIds";
import type { EmulatorStore } from "../state/store";

/** A site, or one of its slots, as named in a request path. */
export interface SiteTarget {
    subscriptionId: string;
    resourceGroupName: string;
    siteName: string;
    /** Absent for the production slot. */
    slotName?: string;
}

/** The stored resource group and site (or slot) a request addresses. */
export interface ResolvedSite {
    resourceGroup: ResourceGroupModel;
    /** The site, or the slot when the target names one. */
    site: SiteModel;
}

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

/**
 * Resolves a site or slot target, failing like ARM at the first missing level: subscription,
 * resource group, site, slot.
 */
export function requireSite(store: EmulatorStore, target: SiteTarget): ResolvedSite {
    const resourceGroup = requireResourceGroup(store, target.subscriptionId, target.resourceGroupName);
    const site = store.getResource<SiteModel["properties"]>(siteId(target.subscriptionId, target.resourceGroupName, target.siteName));
    if (!site) throw resourceNotFound(`Microsoft.Web/sites/${target.siteName}`, target.resourceGroupName);
    if (target.slotName === undefined) return { resourceGroup, site };
    const slot = store.getResource<SiteModel["properties"]>(slotId(target.subscriptionId, target.resourceGroupName, target.siteName, target.slotName));
    if (!slot) throw resourceNotFound(`Microsoft.Web/sites/${target.siteName}/slots/${target.slotName}`, target.resourceGroupName);
    return { resourceGroup, site: slot };
}
