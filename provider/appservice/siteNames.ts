import { quoteName } from "../core/arm/armNames";

/**
 * App Service's naming rules for apps and deployment slots (Microsoft.Web/sites, sites/slots):
 * letters, digits and hyphens, not starting or ending with a hyphen; 2 to 60 characters for an app,
 * 2 to 59 for a slot. https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftweb
 */
const appNamePattern = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,58}[\p{L}\p{N}])$/u;
const slotNamePattern = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,57}[\p{L}\p{N}])$/u;

/** Why `value` cannot name an app, or undefined when it can. */
export function appNameProblem(value: string): string | undefined {
    return appNamePattern.test(value) ? undefined : `must be 2 to 60 letters, digits or hyphens, not starting or ending with a hyphen; got ${quoteName(value)}`;
}

/** Why `value` cannot name a deployment slot, or undefined when it can. */
export function slotNameProblem(value: string): string | undefined {
    return slotNamePattern.test(value) ? undefined : `must be 2 to 59 letters, digits or hyphens, not starting or ending with a hyphen; got ${quoteName(value)}`;
}
