import { resourceGroupId } from "../../../platform/state/resourceIds";

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

/** Id of an on-demand backup of a site or slot. */
export function backupItemId(siteOrSlotId: string, id: number): string {
    return `${siteOrSlotId}/backups/${id}`;
}

/** Id of the emulated content document of a site or slot. */
export function siteContentId(siteOrSlotId: string): string {
    return `${siteOrSlotId}/content`;
}
