import { parseVaultId, type VaultRef } from "./vaultRef";

/** The vault, container and item a protected item's ARM id names. */
export interface ItemRef {
    vault: VaultRef;
    containerName: string;
    itemName: string;
}

const itemIdPattern = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.RecoveryServices\/vaults\/[^/]+)\/backupFabrics\/Azure\/protectionContainers\/([^/]+)\/protectedItems\/([^/]+)\/?$/i;

/** The vault, container and item of a protected item's ARM id (percent-encoded or not); undefined if it is not one. */
export function parseProtectedItemId(id: string): ItemRef | undefined {
    const m = itemIdPattern.exec(id);
    const vault = m ? parseVaultId(m[1]) : undefined;
    return m && vault ? { vault, containerName: decodeURIComponent(m[2]), itemName: decodeURIComponent(m[3]) } : undefined;
}
