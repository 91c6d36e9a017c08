import { resourceNotFound } from "../../../platform/arm/armErrors";
import { requireResourceGroup } from "../../../platform/arm/armScope";
import { vaultId, type VaultTarget } from "../names/backupIds";
import type { BackupStore, VaultModel } from "../state/backupStore";

/** Resolves the vault a request addresses, failing like ARM at the first missing level: subscription, resource group, vault. */
export function requireVault(store: BackupStore, target: VaultTarget): VaultModel {
    requireResourceGroup(store.shared, target.subscriptionId, target.resourceGroupName);
    const vault = store.getVault(vaultId(target));
    if (!vault) throw resourceNotFound(`Microsoft.RecoveryServices/vaults/${target.vaultName}`, target.resourceGroupName);
    return vault;
}
