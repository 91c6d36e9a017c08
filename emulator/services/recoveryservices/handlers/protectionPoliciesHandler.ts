import { parsePolicyId, policyId, sameId, type VaultTarget } from "../names/backupIds";
import { bmsUserErrorInvalidPolicyInput, bmsUserErrorPolicyInUse, bmsUserErrorPolicyNotFound } from "../recoveryServicesErrors";
import { matchesFilter, parseODataFilter } from "../requests/odataFilter";
import type { ListResult } from "../requests/paging";
import { parsePolicyBody } from "../requests/policyBody";
import type { PolicyModel, VaultModel } from "../state/backupStore";
import { BACKUP_TYPES } from "../state/models";
import { toProtectionPolicyResource, type ProtectionPolicyResource } from "../views/policyView";
import type { HandlerDependencies } from "./handlerDependencies";
import { requireVault } from "./vaultScope";

/**
 * Backup policies (`backupPolicies`): ProtectionPolicies create/get/delete and BackupPolicies list.
 * The PUT answers 200 synchronously (the spec also allows 202); `protectedItemsCount` is counted on
 * every read, so it is always current.
 */
export class ProtectionPoliciesHandler {
    constructor(private readonly deps: HandlerDependencies) {}

    /** PUT `backupPolicies/{policy}`: creates or replaces the policy; items following it take its new schedule. */
    createOrUpdate(target: VaultTarget, policyName: string, body: unknown): ProtectionPolicyResource {
        const vault = requireVault(this.deps.store, target);
        const record = parsePolicyBody(body);
        const existing = this.deps.store.getPolicy(vault.id, policyName);
        // A policy's kind never changes (Manage Azure VM backups: a VM policy cannot become a SQL one).
        if (existing && existing.properties.backupManagementType !== record.backupManagementType) throw bmsUserErrorInvalidPolicyInput();
        const policy = this.deps.store.putPolicy({
            id: existing?.id ?? policyId(vault.id, policyName),
            name: existing?.name ?? policyName,
            type: BACKUP_TYPES.policy,
            properties: record,
        });
        this.reschedule(vault, policy);
        return toProtectionPolicyResource(policy, this.countItems(vault, policy));
    }

    /** GET `backupPolicies/{policy}`. */
    get(target: VaultTarget, policyName: string): ProtectionPolicyResource {
        const vault = requireVault(this.deps.store, target);
        const policy = this.deps.store.getPolicy(vault.id, policyName);
        if (!policy) throw bmsUserErrorPolicyNotFound();
        return toProtectionPolicyResource(policy, this.countItems(vault, policy));
    }

    /** DELETE `backupPolicies/{policy}`: refused while items follow it; `absent` when there was none. */
    delete(target: VaultTarget, policyName: string): "deleted" | "absent" {
        const vault = requireVault(this.deps.store, target);
        const policy = this.deps.store.getPolicy(vault.id, policyName);
        if (!policy) return "absent";
        if (this.countItems(vault, policy) > 0) throw bmsUserErrorPolicyInUse();
        this.deps.store.deletePolicy(vault.id, policy.name);
        return "deleted";
    }

    /** GET `backupPolicies?$filter=backupManagementType eq '…' [and workloadType eq '…']`. */
    list(target: VaultTarget, filter: string | undefined): ListResult<ProtectionPolicyResource> {
        const vault = requireVault(this.deps.store, target);
        const conditions = parseODataFilter(filter);
        const value = this.deps.store
            .listPolicies(vault.id)
            .filter((policy) => matchesFilter(conditions.backupmanagementtype, policy.properties.backupManagementType))
            .filter((policy) => matchesFilter(conditions.workloadtype, workloadTypeOf(policy)))
            .map((policy) => toProtectionPolicyResource(policy, this.countItems(vault, policy)));
        return { value };
    }

    /** Items following the policy now (stopped and soft-deleted items follow none). */
    countItems(vault: VaultModel, policy: PolicyModel): number {
        const id = policyId(vault.id, policy.name);
        return this.deps.store.viewItems(vault.id).filter((item) => item.properties.policyId !== undefined && sameId(item.properties.policyId, id)).length;
    }

    // A changed schedule applies from now on to every item that follows the policy.
    private reschedule(vault: VaultModel, policy: PolicyModel): void {
        const now = this.deps.clock.nowMs();
        for (const item of this.deps.store.listItems(vault.id)) {
            const followed = item.properties.policyId ? parsePolicyId(item.properties.policyId) : undefined;
            if (!followed || followed.policyName.toLowerCase() !== policy.name.toLowerCase() || item.properties.nextBackupAtMs === undefined) continue;
            const next = this.deps.runs.nextBackupAfter(policy.properties, now);
            if (next === undefined) delete item.properties.nextBackupAtMs;
            else item.properties.nextBackupAtMs = next;
            const nextLog = this.deps.runs.nextLogBackupAfter(policy.properties, item.properties, now);
            if (nextLog === undefined) delete item.properties.nextLogBackupAtMs;
            else item.properties.nextLogBackupAtMs = nextLog;
            this.deps.store.putItem(item);
        }
    }
}

function workloadTypeOf(policy: PolicyModel): string {
    if (typeof policy.properties.workLoadType === "string") return policy.properties.workLoadType;
    return policy.properties.backupManagementType === "AzureIaasVM" ? "VM" : policy.properties.backupManagementType === "AzureStorage" ? "AzureFileShare" : "";
}
