/** What the `itemId` of a SQL auto-protection intent names: a protectable item in a container of a vault. */
export interface IntentItemReference {
    vaultName: string;
    /** The container as written (`VMAppContainer;Compute;{rg};{vm}`, or the example's `VMAppContainer;Compute;{vm}`). */
    containerName: string;
    /** The protectable item as written (`SQLInstance;{instance}`). */
    protectableItemName: string;
}

// `…/vaults/{v}/backupFabrics/Azure/protectionContainers/{c}/protectableItems/{i}` (the protectable item's id, as
// clients copy it), or `…/vaults/{v}/backupProtectionContainer/{c}/backupProtectableItems/{i}` (BackupProtectionIntent_Get.json).
const ITEM_ID =
    /\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)\/(?:backupFabrics\/[^/]+\/)?(?:protectionContainers|backupProtectionContainers?)\/([^/]+)\/(?:protectableItems|backupProtectableItems)\/([^/]+)\/?$/i;

/** Reads an intent's `itemId` in either spelling, percent-decoded; undefined when it names no protectable item. */
export function parseIntentItemId(itemId: unknown): IntentItemReference | undefined {
    if (typeof itemId !== "string") return undefined;
    let decoded: string;
    try {
        decoded = decodeURIComponent(itemId.trim());
    } catch {
        return undefined;
    }
    const match = ITEM_ID.exec(decoded);
    return match ? { vaultName: match[1], containerName: match[2], protectableItemName: match[3] } : undefined;
}
