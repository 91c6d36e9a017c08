import { randomInt } from "node:crypto";
import { resourceGroupId } from "../../../platform/state/resourceIds";

/** A vault as named in a request path. */
export interface VaultTarget {
    subscriptionId: string;
    resourceGroupName: string;
    vaultName: string;
}

/** Id of a vault. */
export function vaultId(target: VaultTarget): string {
    return `${resourceGroupId(target.subscriptionId, target.resourceGroupName)}/providers/Microsoft.RecoveryServices/vaults/${target.vaultName}`;
}

/** Id of the vault's only fabric: `<vault>/backupFabrics/Azure`. */
export function fabricId(vault: string): string {
    return `${vault}/backupFabrics/Azure`;
}

/** Id of a backup policy. */
export function policyId(vault: string, policyName: string): string {
    return `${vault}/backupPolicies/${policyName}`;
}

/** Id of a protection container. */
export function containerId(vault: string, containerName: string): string {
    return `${fabricId(vault)}/protectionContainers/${containerName}`;
}

/** Id of a protected item. */
export function protectedItemId(vault: string, containerName: string, itemName: string): string {
    return `${containerId(vault, containerName)}/protectedItems/${itemName}`;
}

/** Id of a recovery point. */
export function recoveryPointId(itemId: string, recoveryPointName: string): string {
    return `${itemId}/recoveryPoints/${recoveryPointName}`;
}

/** Id of a job. */
export function jobId(vault: string, jobName: string): string {
    return `${vault}/backupJobs/${jobName}`;
}

/** Id of a protection intent. */
export function protectionIntentId(vault: string, intentName: string): string {
    return `${fabricId(vault)}/backupProtectionIntent/${intentName}`;
}

/** Id of the emulator-only discovery document of a vault. */
export function discoveryId(vault: string): string {
    return `${vault}/emulator/discovery`;
}

/** Id of the vault's resource-guard proxy (the service names the only one `VaultProxy`). */
export function resourceGuardProxyId(vault: string): string {
    return `${vault}/backupResourceGuardProxies/VaultProxy`;
}

/**
 * An id as the service answers it for containers, items, jobs and policies: with `/Subscriptions/`
 * (capital S), as in the REST examples and the file-share article.
 */
export function displayId(id: string): string {
    return id.replace(/^\/subscriptions\//i, "/Subscriptions/");
}

/** The parts of a vault id, any casing; undefined for other ids. */
export function parseVaultId(id: string): VaultTarget | undefined {
    const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)/i.exec(id.trim());
    return match ? { subscriptionId: match[1], resourceGroupName: match[2], vaultName: match[3] } : undefined;
}

/** The vault id at the start of a vault's child id (an item, a container), as that id spells it. */
export function vaultIdOf(childId: string): string {
    const vault = parseVaultId(childId);
    if (!vault) throw new Error(`not inside a Recovery Services vault: ${childId}`);
    return childId.trim().slice(0, vaultId(vault).length);
}

/** The name of a backup policy from its id (`…/vaults/{v}/backupPolicies/{name}`), any casing; undefined otherwise. */
export function parsePolicyId(id: string): { vault: VaultTarget; policyName: string } | undefined {
    const vault = parseVaultId(id);
    const match = /\/backupPolicies\/([^/]+)\/?$/i.exec(id.trim());
    return vault && match ? { vault, policyName: match[1] } : undefined;
}

/** True when both ids name the same resource (ARM ids compare case-insensitively). */
export function sameId(a: string, b: string): boolean {
    return a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();
}

/**
 * A path segment as the service writes it into `Location` and `Azure-AsyncOperation` URLs: encoded,
 * except `;`, which the live headers carry as is.
 */
export function urlSegment(segment: string): string {
    return encodeURIComponent(segment).replace(/%3B/gi, ";");
}

/** A new internal item id: the service's are long decimal numbers ("636482643132986882" in the examples). */
export function newProtectedItemDataId(): string {
    return `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
}
