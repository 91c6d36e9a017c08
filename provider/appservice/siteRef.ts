/** Identifies an App Service app, or one of its deployment slots. */
export interface SiteRef {
    subscriptionId: string;
    resourceGroupName: string;
    name: string;
    slot?: string;
}

const siteIdPattern =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Web\/sites\/([^/]+)(?:\/slots\/([^/]+))?\/?$/i;

/** Parses an ARM id of a site or slot (as `azure-native.web.WebApp.id` gives); undefined if it is not one. */
export function parseSiteId(id: string): SiteRef | undefined {
    const m = siteIdPattern.exec(id);
    if (!m) return undefined;
    const [, subscriptionId, resourceGroupName, name, slot] = m.map((s) => (s === undefined ? s : decodeURIComponent(s)));
    return { subscriptionId, resourceGroupName, name, ...(slot ? { slot } : {}) };
}

/** The ARM path of a site or slot. */
export function formatSiteId(site: SiteRef): string {
    const base =
        `/subscriptions/${encodeURIComponent(site.subscriptionId)}/resourceGroups/${encodeURIComponent(site.resourceGroupName)}` +
        `/providers/Microsoft.Web/sites/${encodeURIComponent(site.name)}`;
    return site.slot ? `${base}/slots/${encodeURIComponent(site.slot)}` : base;
}

/** ARM names are case-insensitive: two ids of the same site compare equal. */
export function sameSiteId(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

/** Parses a site id a resource stored; throws naming the resource when it is not one. */
export function siteRefFromId(siteId: string, resource: string): SiteRef {
    const site = parseSiteId(siteId);
    if (!site) throw new Error(`${resource}: ${JSON.stringify(siteId)} is not the ARM id of an app or slot`);
    return site;
}
