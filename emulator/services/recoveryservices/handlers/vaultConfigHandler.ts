import { resourceGuardProxyId, type VaultTarget } from "../names/backupIds";
import { userErrorInvalidRequestParameter, userErrorResourceGuardOperationRequestMissing, userErrorSoftDeleteStateAlwaysOn } from "../recoveryServicesErrors";
import { resourceNotFound } from "../../../platform/arm/armErrors";
import type { VaultModel } from "../state/backupStore";
import { BACKUP_TYPES, type SoftDeleteState } from "../state/models";
import { toVaultConfigResource, toVaultResource, type VaultResource } from "../views/vaultView";
import type { HandlerDependencies } from "./handlerDependencies";
import { requireVault } from "./vaultScope";

const SOFT_DELETE_STATES: readonly SoftDeleteState[] = ["Enabled", "Disabled", "AlwaysON"];

// How long an unlocked deletion stays usable (chosen: long enough for a client to send its DELETE).
const UNLOCK_DELETE_MS = 30 * 60_000;

/**
 * The vault and its backup configuration: Vaults get (read-only), BackupResourceVaultConfigs get /
 * update / put (`backupconfig/vaultconfig`: soft delete state and retention, enhanced security), and
 * the resource-guard proxy's `unlockDelete`, which clients call before deleting a protected item in a
 * vault under multi-user authorization.
 */
export class VaultConfigHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /** GET the vault. */
    getVault(target: VaultTarget): VaultResource {
        return toVaultResource(requireVault(this.deps.store, target));
    }

    /** GET `backupconfig/vaultconfig`. */
    getVaultConfig(target: VaultTarget): VaultResource {
        return toVaultConfigResource(requireVault(this.deps.store, target));
    }

    /**
     * PATCH (or PUT) `backupconfig/vaultconfig`: changes soft delete (Enabled, Disabled, AlwaysON; always-on
     * is irreversible), its retention (14–180 days) and enhanced security. Turning soft delete off in a
     * vault under multi-user authorization needs an approved `resourceGuardOperationRequests`.
     */
    updateVaultConfig(target: VaultTarget, body: unknown): VaultResource {
        const vault = requireVault(this.deps.store, target);
        const properties = isObject(body) && isObject(body.properties) ? body.properties : {};
        const security = { ...vault.properties.security };
        if (properties.softDeleteFeatureState !== undefined && properties.softDeleteFeatureState !== null) {
            const state = SOFT_DELETE_STATES.find((candidate) => typeof properties.softDeleteFeatureState === "string" && candidate.toLowerCase() === properties.softDeleteFeatureState.toLowerCase());
            if (!state) throw userErrorInvalidRequestParameter("softDeleteFeatureState");
            if (security.softDeleteState === "AlwaysON" && state !== "AlwaysON") throw userErrorSoftDeleteStateAlwaysOn();
            if (state === "Disabled" && security.softDeleteState !== "Disabled") this.requireApproval(vault, properties.resourceGuardOperationRequests);
            security.softDeleteState = state;
        }
        if (properties.softDeleteRetentionPeriodInDays !== undefined && properties.softDeleteRetentionPeriodInDays !== null) {
            const days = properties.softDeleteRetentionPeriodInDays;
            if (!Number.isInteger(days) || (days as number) < 14 || (days as number) > 180) throw userErrorInvalidRequestParameter("softDeleteRetentionPeriodInDays");
            security.softDeleteRetentionDays = days as number;
        }
        if (properties.enhancedSecurityState !== undefined && properties.enhancedSecurityState !== null) {
            if (properties.enhancedSecurityState !== "Enabled" && properties.enhancedSecurityState !== "Disabled") throw userErrorInvalidRequestParameter("enhancedSecurityState");
            security.enhancedSecurityState = properties.enhancedSecurityState;
        }
        const updated = this.deps.store.putVault({ ...vault, properties: { ...vault.properties, security } });
        return toVaultConfigResource(updated);
    }

    /** GET `backupResourceGuardProxies/VaultProxy`: the vault's mapping to its Resource Guard; 404 without one. */
    getResourceGuardProxy(target: VaultTarget, proxyName: string): VaultResource {
        const vault = requireVault(this.deps.store, target);
        const guard = vault.properties.security.resourceGuardId;
        if (!guard || proxyName.toLowerCase() !== "vaultproxy") throw resourceNotFound(`Microsoft.RecoveryServices/vaults/${vault.name}/backupResourceGuardProxies/${proxyName}`, target.resourceGroupName);
        return { id: resourceGuardProxyId(vault.id), name: "VaultProxy", type: BACKUP_TYPES.resourceGuardProxy, properties: { resourceGuardResourceId: guard, resourceGuardOperationDetails: [] } };
    }

    /**
     * POST `backupResourceGuardProxies/VaultProxy/unlockDelete` (`{resourceGuardOperationRequests,
     * resourceToBeDeleted}`): with an approved request, the protected item named may be deleted once,
     * within the expiry answered.
     */
    unlockDelete(target: VaultTarget, body: unknown): { unlockDeleteExpiryTime: string } {
        const vault = requireVault(this.deps.store, target);
        const properties = isObject(body) ? body : {};
        this.requireApproval(vault, properties.resourceGuardOperationRequests);
        if (typeof properties.resourceToBeDeleted !== "string" || properties.resourceToBeDeleted.trim() === "") throw userErrorInvalidRequestParameter("resourceToBeDeleted");
        const proxy = this.deps.store.getResourceGuardProxy(vault.id)?.properties ?? { resourceGuardResourceId: vault.properties.security.resourceGuardId ?? "", unlockedDeletions: {} };
        const expiry = this.deps.clock.nowMs() + UNLOCK_DELETE_MS;
        proxy.unlockedDeletions[decodeURIComponent(properties.resourceToBeDeleted.trim()).replace(/\/+$/, "").toLowerCase()] = expiry;
        this.deps.store.putResourceGuardProxy(vault.id, proxy);
        return { unlockDeleteExpiryTime: new Date(expiry).toISOString() };
    }

    private requireApproval(vault: VaultModel, requests: unknown): void {
        const { isMultiUserAuthorizationEnabled, resourceGuardId } = vault.properties.security;
        if (!isMultiUserAuthorizationEnabled) return;
        const list = Array.isArray(requests) ? requests.filter((entry): entry is string => typeof entry === "string" && entry.trim() !== "") : [];
        if (!list.some((request) => resourceGuardId === undefined || request.toLowerCase().startsWith(resourceGuardId.toLowerCase()))) throw userErrorResourceGuardOperationRequestMissing();
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
