import { resourceGroupNameProblem, subscriptionIdProblem } from "../core/arm/armNames";
import { InputChecker, isUnknown } from "../core/dynamic/checks";
import { appNameProblem, slotNameProblem } from "./siteNames";
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
        const problems = siteNameProblems(parseSiteId(siteId)!, { subscriptionId: "subscription", resourceGroupName: "resource group", name: "app name", slot: "slot name" });
        for (const [, problem] of problems) checker.fail(names.id, `${names.id}: the ${problem}`);
        return problems.length === 0 ? siteId : undefined;
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
    const problems = siteNameProblems(parts as SiteRef, { subscriptionId: "subscriptionId", resourceGroupName: "resourceGroupName", name: "name", slot: "slot" });
    for (const [field, problem] of problems) checker.fail(`${names.parts}.${field}`, `${names.parts}.${problem}`);
    return problems.length === 0 ? formatSiteId(parts as SiteRef) : undefined;
}

/** Each part of `site` that App Service or ARM cannot hold, as [field, "<label> <why>"]. */
function siteNameProblems(site: SiteRef, labels: Record<keyof SiteRef, string>): Array<[keyof SiteRef, string]> {
    const checks: Array<[keyof SiteRef, string | undefined]> = [
        ["subscriptionId", subscriptionIdProblem(site.subscriptionId)],
        ["resourceGroupName", resourceGroupNameProblem(site.resourceGroupName)],
        ["name", appNameProblem(site.name)],
        ["slot", site.slot === undefined ? undefined : slotNameProblem(site.slot)],
    ];
    return checks.filter((c): c is [keyof SiteRef, string] => c[1] !== undefined).map(([field, why]) => [field, `${labels[field]} ${why}`]);
}
