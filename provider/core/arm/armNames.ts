/**
 * Naming rules ARM applies to every resource, checked at preview so a name the service cannot hold
 * never reaches it. Each function returns why the value is refused, or undefined when it is accepted.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 */

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Letters and digits of any script (Char.IsLetterOrDigit on the service side), "_", "-", ".", "(", ")".
const resourceGroupPattern = /^[\p{L}\p{N}_\-.()]{1,90}$/u;

/** A subscription id is a GUID. */
export function subscriptionIdProblem(value: string): string | undefined {
    return guidPattern.test(value) ? undefined : "must be a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)";
}

/** Resource group: 1 to 90 letters, digits, "_", "-", ".", "(" or ")", not ending with ".". */
export function resourceGroupNameProblem(value: string): string | undefined {
    if (!resourceGroupPattern.test(value) || value.endsWith(".")) {
        return `must be 1 to 90 letters, digits, "_", "-", ".", "(" or ")", not ending with "."; got ${quoteName(value)}`;
    }
    return undefined;
}

/** A name quoted for a message, cut short when it is long (a 10 KB name helps nobody in a failure). */
export function quoteName(value: string): string {
    return value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}… (${value.length} characters)` : JSON.stringify(value);
}
