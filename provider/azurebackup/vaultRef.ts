import { quoteName, resourceGroupNameProblem, subscriptionIdProblem } from "../core/arm/armNames";
import { InputChecker, isUnknown } from "../core/dynamic/checks";

/** A Recovery Services vault. */
export interface VaultRef {
    subscriptionId: string;
    resourceGroupName: string;
    name: string;
}

const vaultIdPattern = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)\/?$/i;
// Recovery Services vault names: 2 to 50 letters, digits and hyphens, starting with a letter.
const vaultNamePattern = /^[A-Za-z][A-Za-z0-9-]{1,49}$/;

/** Parses the ARM id of a vault; undefined if it is not one. */
export function parseVaultId(id: string): VaultRef | undefined {
    const m = vaultIdPattern.exec(id);
    if (!m) return undefined;
    const [subscriptionId, resourceGroupName, name] = m.slice(1).map(decodeURIComponent);
    return { subscriptionId, resourceGroupName, name };
}

/** The ARM id (and path) of a vault. */
export function formatVaultId(vault: VaultRef): string {
    return `/subscriptions/${encodeURIComponent(vault.subscriptionId)}/resourceGroups/${encodeURIComponent(vault.resourceGroupName)}/providers/Microsoft.RecoveryServices/vaults/${encodeURIComponent(vault.name)}`;
}

/** Parses a vault id a resource stored; throws naming the resource when it is not one. */
export function vaultRefFromId(vaultId: string, resource: string): VaultRef {
    const vault = parseVaultId(vaultId);
    if (!vault) throw new Error(`${resource}: ${JSON.stringify(vaultId)} is not the ARM id of a Recovery Services vault`);
    return vault;
}

/** Why `vault` cannot name a vault, as [field, reason] pairs. */
function vaultProblems(vault: VaultRef): Array<[keyof VaultRef, string]> {
    const problems: Array<[keyof VaultRef, string | undefined]> = [
        ["subscriptionId", subscriptionIdProblem(vault.subscriptionId)],
        ["resourceGroupName", resourceGroupNameProblem(vault.resourceGroupName)],
        ["name", vaultNamePattern.test(vault.name) ? undefined : `must be 2 to 50 letters, digits or hyphens, starting with a letter; got ${quoteName(vault.name)}`],
    ];
    return problems.filter((p): p is [keyof VaultRef, string] => p[1] !== undefined);
}

/**
 * Checks the vault a resource works in, given as `vaultId` (an ARM id, e.g. azure-native's
 * `recoveryservices.Vault.id`) or `vault` ({ subscriptionId, resourceGroupName, name }), and returns
 * its ARM id; unknown preview values pass through.
 */
export function checkVaultInput(checker: InputChecker, news: Record<string, any>): string | undefined {
    const { vaultId, vault } = news;
    if (vaultId !== undefined && vault !== undefined) {
        checker.fail("vaultId", "give the vault either as vaultId or as vault, not both");
        return undefined;
    }
    if (vaultId !== undefined) {
        if (isUnknown(vaultId)) return vaultId;
        const parsed = typeof vaultId === "string" ? parseVaultId(vaultId) : undefined;
        if (!parsed) {
            checker.fail("vaultId", "vaultId must be the ARM id of a Recovery Services vault: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.RecoveryServices/vaults/<name>");
            return undefined;
        }
        const problems = vaultProblems(parsed);
        for (const [field, why] of problems) checker.fail("vaultId", `vaultId: the ${field === "name" ? "vault name" : field} ${why}`);
        return problems.length === 0 ? vaultId : undefined;
    }
    if (vault === undefined || vault === null) {
        checker.fail("vaultId", "the vault is required: set vaultId (an ARM id) or vault ({ subscriptionId, resourceGroupName, name })");
        return undefined;
    }
    if (isUnknown(vault)) return vault;
    const parts = {
        subscriptionId: checker.requiredString("vault.subscriptionId", vault.subscriptionId),
        resourceGroupName: checker.requiredString("vault.resourceGroupName", vault.resourceGroupName),
        name: checker.requiredString("vault.name", vault.name),
    };
    if ([vault.subscriptionId, vault.resourceGroupName, vault.name].some(isUnknown)) return undefined;
    if (!parts.subscriptionId || !parts.resourceGroupName || !parts.name) return undefined;
    const problems = vaultProblems(parts as VaultRef);
    for (const [field, why] of problems) checker.fail(`vault.${field}`, `vault.${field} ${why}`);
    return problems.length === 0 ? formatVaultId(parts as VaultRef) : undefined;
}

/** ARM ids compare case-insensitively (`resourcegroups` and `resourceGroups` are the same vault). */
export function sameArmId(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();
}
