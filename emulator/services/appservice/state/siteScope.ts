import { resourceNotFound } from "../../../platform/arm/armErrors";
import { requireResourceGroup } from "../../../platform/arm/armScope";
import type { EmulatorStore } from "../../../platform/state/store";
import type { ResourceGroupModel } from "../../../platform/state/models";
import type { SiteModel } from "./models";
import { siteId, slotId } from "./resourceIds";

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
