import { InputChecker, isUnknown } from "../core/dynamic/checks";
import { formatSiteId, parseSiteId, type SiteRef } from "./siteRef";

/** The input names of an app given as an ARM id or by its parts: `siteId`/`site` unless a resource has several apps. */
export interface SiteInputNames {
    id: string;
    parts: string;
}

/**
 * Checks the app a resource targets, given as `siteId` (an ARM id) or `site` (its parts, slot
 * optional), and returns its ARM id; unknown preview values pass through. `names` renames the two
 * inputs (a restore's `targetSiteId`/`targetSite`) in what is read and in the failures.
 */
export function checkSiteInput(checker: InputChecker, news: Record<string, any>, names: SiteInputNames = { id: "siteId", parts: "site" }): string | undefined {
    const siteId = news[names.id];
    const site = news[names.parts];
    if (siteId !== undefined && site !== undefined) {
        checker.fail(names.id, `give the app either as ${names.id} or as ${names.parts}, not both`);
        return undefined;
    }
    if (siteId !== undefined) {
        if (isUnknown(siteId)) return siteId;
        if (typeof siteId !== "string" || !parseSiteId(siteId)) {
            checker.fail(names.id, `${names.id} must be the ARM id of an app or slot: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<app>[/slots/<slot>]`);
            return undefined;
        }
        return siteId;
    }
    if (site === undefined || site === null) {
        checker.fail(names.id, `the app is required: set ${names.id} (an ARM id) or ${names.parts} ({ subscriptionId, resourceGroupName, name, slot? })`);
        return undefined;
    }
    if (isUnknown(site)) return site;
    const parts = {
        subscriptionId: checker.requiredString(`${names.parts}.subscriptionId`, site.subscriptionId),
        resourceGroupName: checker.requiredString(`${names.parts}.resourceGroupName`, site.resourceGroupName),
        name: checker.requiredString(`${names.parts}.name`, site.name),
        slot: checker.optionalString(`${names.parts}.slot`, site.slot),
    };
    if ([site.subscriptionId, site.resourceGroupName, site.name, site.slot].some(isUnknown)) return undefined;
    if (!parts.subscriptionId || !parts.resourceGroupName || !parts.name) return undefined;
    return formatSiteId(parts as SiteRef);
}
