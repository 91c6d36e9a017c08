import { InputChecker, isUnknown } from "../core/dynamic/checks";
import { formatSiteId, parseSiteId, type SiteRef } from "./siteRef";

/**
 * Checks the app a resource targets, given as `siteId` (an ARM id) or `site` (its parts, slot
 * optional), and returns its ARM id; unknown preview values pass through.
 */
export function checkSiteInput(checker: InputChecker, news: Record<string, any>): string | undefined {
    const { siteId, site } = news;
    if (siteId !== undefined && site !== undefined) {
        checker.fail("siteId", "give the app either as siteId or as site, not both");
        return undefined;
    }
    if (siteId !== undefined) {
        if (isUnknown(siteId)) return siteId;
        if (typeof siteId !== "string" || !parseSiteId(siteId)) {
            checker.fail("siteId", "siteId must be the ARM id of an app or slot: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<app>[/slots/<slot>]");
            return undefined;
        }
        return siteId;
    }
    if (site === undefined || site === null) {
        checker.fail("siteId", "the app is required: set siteId (an ARM id) or site ({ subscriptionId, resourceGroupName, name, slot? })");
        return undefined;
    }
    if (isUnknown(site)) return site;
    const parts = {
        subscriptionId: checker.requiredString("site.subscriptionId", site.subscriptionId),
        resourceGroupName: checker.requiredString("site.resourceGroupName", site.resourceGroupName),
        name: checker.requiredString("site.name", site.name),
        slot: checker.optionalString("site.slot", site.slot),
    };
    if ([site.subscriptionId, site.resourceGroupName, site.name, site.slot].some(isUnknown)) return undefined;
    if (!parts.subscriptionId || !parts.resourceGroupName || !parts.name) return undefined;
    return formatSiteId(parts as SiteRef);
}
