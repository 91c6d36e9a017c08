/** `/subscriptions/{id}`. */
export function subscriptionPath(subscriptionId: string): string {
    return `/subscriptions/${subscriptionId}`;
}

/** `/subscriptions/{id}/resourceGroups/{name}`. */
export function resourceGroupId(subscriptionId: string, resourceGroupName: string): string {
    return `${subscriptionPath(subscriptionId)}/resourceGroups/${resourceGroupName}`;
}

/** Id of a web app. */
export function siteId(subscriptionId: string, resourceGroupName: string, siteName: string): string {
    return `${resourceGroupId(subscriptionId, resourceGroupName)}/providers/Microsoft.Web/sites/${siteName}`;
}

/** Id of a deployment slot. */
export function slotId(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string): string {
    return `${siteId(subscriptionId, resourceGroupName, siteName)}/slots/${slotName}`;
}

/** Id of the `config/backup` document of a site or slot. */
export function backupConfigurationId(siteOrSlotId: string): string {
    return `${siteOrSlotId}/config/backup`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID-formatted string (ARM subscription ids must be). */
export function isGuid(value: string): boolean {
    return GUID.test(value);
}

/** Id of an on-demand backup of a site or slot. */
export function backupItemId(siteOrSlotId: string, id: number): string {
    return `${siteOrSlotId}/backups/${id}`;
}

/** Id of the emulated content document of a site or slot. */
export function siteContentId(siteOrSlotId: string): string {
    return `${siteOrSlotId}/content`;
}
