/** `/subscriptions/{id}`. */
export function subscriptionPath(subscriptionId: string): string {
    return `/subscriptions/${subscriptionId}`;
}

/** `/subscriptions/{id}/resourceGroups/{name}`. */
export function resourceGroupId(subscriptionId: string, resourceGroupName: string): string {
    return `${subscriptionPath(subscriptionId)}/resourceGroups/${resourceGroupName}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID-formatted string (ARM subscription ids must be). */
export function isGuid(value: string): boolean {
    return GUID.test(value);
}
