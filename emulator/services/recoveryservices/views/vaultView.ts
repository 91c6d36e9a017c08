import type { ProtectionIntentModel, VaultModel } from "../state/backupStore";
import { BACKUP_TYPES } from "../state/models";

/** A resource of the vault as the service answers it. */
export interface VaultResource {
    id: string;
    name: string;
    type: string;
    location?: string;
    sku?: { name: string; tier: string };
    properties: Record<string, unknown>;
}

/** The vault itself, with its security settings (soft delete, immutability, multi-user authorization). */
export function toVaultResource(vault: VaultModel): VaultResource {
    const security = vault.properties.security;
    return {
        id: vault.id,
        name: vault.name,
        type: BACKUP_TYPES.vault,
        location: vault.location,
        sku: { name: "RS0", tier: "Standard" },
        properties: {
            provisioningState: vault.properties.provisioningState,
            securitySettings: {
                immutabilitySettings: { state: security.immutabilityState },
                softDeleteSettings: {
                    softDeleteState: security.softDeleteState,
                    softDeleteRetentionPeriodInDays: security.softDeleteRetentionDays,
                    enhancedSecurityState: security.enhancedSecurityState,
                },
                multiUserAuthorization: security.isMultiUserAuthorizationEnabled ? "Enabled" : "Disabled",
            },
        },
    };
}

/** `backupconfig/vaultconfig`: soft delete and enhanced security, as BackupResourceVaultConfigs answers them. */
export function toVaultConfigResource(vault: VaultModel): VaultResource {
    const security = vault.properties.security;
    return {
        id: `${vault.id}/backupconfig/vaultconfig`,
        name: "vaultconfig",
        type: BACKUP_TYPES.vaultConfig,
        properties: {
            enhancedSecurityState: security.enhancedSecurityState,
            isSoftDeleteFeatureStateEditable: security.softDeleteState !== "AlwaysON",
            softDeleteFeatureState: security.softDeleteState,
            softDeleteRetentionPeriodInDays: security.softDeleteRetentionDays,
            storageModelType: "GeoRedundant",
            storageType: "GeoRedundant",
            storageTypeState: "Unlocked",
        },
    };
}

/** A protection intent, as ProtectionIntent_CreateOrUpdate.json and BackupProtectionIntent_Get.json show it (what it tracks internally left out). */
export function toProtectionIntentResource(intent: ProtectionIntentModel): VaultResource {
    const { autoProtection: _internal, ...properties } = intent.properties;
    return { id: intent.id, name: intent.name, type: BACKUP_TYPES.protectionIntent, properties };
}
