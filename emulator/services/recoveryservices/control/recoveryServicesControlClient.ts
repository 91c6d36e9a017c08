import { encodeSegment, resourceGroupControlPath, type ControlClientConstructor } from "../../../control/controlClientBase";
import type { RecoveryServicesBehaviour } from "../behaviour";
import type { ForcedFailure, ForcedFailureInput } from "../forcedFailures";
import type { ContainerModel, JobModel } from "../state/backupStore";
import type { RestoreRecord } from "../state/models";
import type { TimelineSummary } from "../work/backupTimeline";
import type { ProtectionPolicyResource } from "../views/policyView";
import type { BackupClockState, ClockAdvance, StoredIlrSession, StoredLogChain, StoredProtectedItem, StoredRecoveryPoint, VaultSecurityPatch, VaultSeed, VaultState } from "./recoveryServicesControlHandler";

export type { RecoveryServicesBehaviour } from "../behaviour";
export type { ForcedFailure, ForcedFailureInput, ForceableOperation } from "../forcedFailures";
export type { BackupClockState, ClockAdvance, StoredIlrSession, StoredLogChain, StoredProtectedItem, StoredRecoveryPoint, VaultSecurityPatch, VaultSeed, VaultState } from "./recoveryServicesControlHandler";
export type { TimelineSummary } from "../work/backupTimeline";
export type { RestoreRecord } from "../state/models";

/** A vault as the control client names it. */
export interface VaultRef {
    subscriptionId: string;
    resourceGroupName: string;
    vaultName: string;
}

/** Options of `waitForItem`. */
export interface WaitForItemOptions {
    timeoutMs?: number;
    intervalMs?: number;
}

/**
 * Adds the Azure Backup part to a control client: vault seeding, live state (items, recovery points,
 * jobs, containers), out-of-band changes, the backup clock, timings and forced failures.
 */
export function withRecoveryServicesControl<TBase extends ControlClientConstructor>(Base: TBase) {
    abstract class RecoveryServicesControlClient extends Base {
        /** PUT /_emulator/subscriptions/{sub}/resourceGroups/{rg}/vaults/{vault}: creates (with default policies) or updates a vault. */
        putVault(vault: VaultRef, seed: VaultSeed = {}): Promise<VaultState> {
            return this.call("PUT", `${resourceGroupControlPath(vault.subscriptionId, vault.resourceGroupName)}/vaults/${encodeSegment(vault.vaultName)}`, seed);
        }

        /** DELETE the vault and everything in it. */
        async deleteVault(vault: VaultRef): Promise<void> {
            await this.call("DELETE", `${resourceGroupControlPath(vault.subscriptionId, vault.resourceGroupName)}/vaults/${encodeSegment(vault.vaultName)}`);
        }

        /** GET /_emulator/state/<vault id>: the vault's settings. */
        getVault(vault: VaultRef): Promise<VaultState> {
            return this.call("GET", statePath(vault));
        }

        /** PATCH /_emulator/state/<vault id>: changes soft delete, immutability or MUA behind the client's back. */
        patchVault(vault: VaultRef, patch: VaultSecurityPatch): Promise<VaultState> {
            return this.call("PATCH", statePath(vault), patch);
        }

        /** PUT …/backupPolicies/{name}: a policy, validated as the ARM PUT validates it (`{properties}`). */
        putPolicy(vault: VaultRef, policyName: string, body: { properties: Record<string, unknown> }): Promise<ProtectionPolicyResource> {
            return this.call("PUT", `${statePath(vault)}/backupPolicies/${encodeSegment(policyName)}`, body);
        }

        /** GET …/containers: the registered (and implicit VM) containers as stored. */
        async listContainers(vault: VaultRef): Promise<ContainerModel[]> {
            return (await this.call<{ value: ContainerModel[] }>("GET", `${statePath(vault)}/containers`)).value;
        }

        /** GET …/protectedItems: every item, soft-deleted included, with internal fields. */
        async listProtectedItems(vault: VaultRef): Promise<StoredProtectedItem[]> {
            return (await this.call<{ value: StoredProtectedItem[] }>("GET", `${statePath(vault)}/protectedItems`)).value;
        }

        /** GET …/protectedItems/{name or friendly name}. */
        getProtectedItem(vault: VaultRef, itemName: string): Promise<StoredProtectedItem> {
            return this.call("GET", itemPath(vault, itemName));
        }

        /** Like {@link getProtectedItem}, but undefined when there is none. */
        async findProtectedItem(vault: VaultRef, itemName: string): Promise<StoredProtectedItem | undefined> {
            const items = await this.listProtectedItems(vault);
            const wanted = itemName.toLowerCase();
            return items.find((item) => item.name.toLowerCase() === wanted) ?? items.find((item) => item.properties.friendlyName.toLowerCase() === wanted);
        }

        /** POST …/setPolicy: the item follows `policyName` now (someone changed it in the portal). */
        setItemPolicy(vault: VaultRef, itemName: string, policyName: string): Promise<StoredProtectedItem> {
            return this.call("POST", `${itemPath(vault, itemName)}/setPolicy`, { policyName });
        }

        /** POST …/stopProtection: protection stops now, data kept. */
        stopItemProtection(vault: VaultRef, itemName: string): Promise<StoredProtectedItem> {
            return this.call("POST", `${itemPath(vault, itemName)}/stopProtection`);
        }

        /** POST …/softDelete: the item is soft-deleted now. */
        softDeleteItem(vault: VaultRef, itemName: string): Promise<StoredProtectedItem> {
            return this.call("POST", `${itemPath(vault, itemName)}/softDelete`);
        }

        /** DELETE …/protectedItems/{name}: the item and its recovery points are gone now. */
        async deleteItem(vault: VaultRef, itemName: string): Promise<void> {
            await this.call("DELETE", itemPath(vault, itemName));
        }

        /** GET …/recoveryPoints: newest first, with the files file-share points and the content SQL points captured. */
        async listRecoveryPoints(vault: VaultRef, itemName: string): Promise<StoredRecoveryPoint[]> {
            return (await this.call<{ value: StoredRecoveryPoint[] }>("GET", `${itemPath(vault, itemName)}/recoveryPoints`)).value;
        }

        /** GET …/protectedItems/{item}/logChain: a SQL database's log chain, with its content over time (for point-in-time restores). */
        getLogChain(vault: VaultRef, itemName: string): Promise<StoredLogChain> {
            return this.call("GET", `${itemPath(vault, itemName)}/logChain`);
        }

        /** GET …/jobs: the vault's jobs as stored, newest first. */
        async listJobs(vault: VaultRef): Promise<JobModel[]> {
            return (await this.call<{ value: JobModel[] }>("GET", `${statePath(vault)}/jobs`)).value;
        }

        /** GET …/protectedItems/{item}/recoveryPoints/{rp}/ilrSession: the point's file-recovery session with its password (`active` false once expired). */
        getIlrSession(vault: VaultRef, itemName: string, recoveryPointName: string): Promise<StoredIlrSession> {
            return this.call("GET", `${itemPath(vault, itemName)}/recoveryPoints/${encodeSegment(recoveryPointName)}/ilrSession`);
        }

        /** GET …/restores: what each completed restore wrote (blobs, a VM, a share's files, a database), oldest first. */
        async listRestores(vault: VaultRef): Promise<RestoreRecord[]> {
            return (await this.call<{ value: RestoreRecord[] }>("GET", `${statePath(vault)}/restores`)).value;
        }

        /** GET /_emulator/recoveryservices/clock. */
        getBackupClock(): Promise<BackupClockState> {
            return this.call("GET", "/_emulator/recoveryservices/clock");
        }

        /** POST /_emulator/recoveryservices/clock: moves the backup clock forward and runs what became due (backups, purges, operations). */
        advanceBackupClock(advance: ClockAdvance): Promise<BackupClockState & { ran: TimelineSummary }> {
            return this.call("POST", "/_emulator/recoveryservices/clock", advance);
        }

        /** GET /_emulator/recoveryservices/behaviour. */
        getRecoveryServicesBehaviour(): Promise<RecoveryServicesBehaviour> {
            return this.call("GET", "/_emulator/recoveryservices/behaviour");
        }

        /** PUT /_emulator/recoveryservices/behaviour: changes the given knobs (the rest stay); reset restores the defaults. */
        setRecoveryServicesBehaviour(update: Partial<RecoveryServicesBehaviour>): Promise<RecoveryServicesBehaviour> {
            return this.call("PUT", "/_emulator/recoveryservices/behaviour", update);
        }

        /** POST /_emulator/recoveryservices/failures: the next `count` operations of a kind fail with `code` and `message`. */
        forceFailure(input: ForcedFailureInput): Promise<ForcedFailure> {
            return this.call("POST", "/_emulator/recoveryservices/failures", input);
        }

        /** GET /_emulator/recoveryservices/failures. */
        async listForcedFailures(): Promise<ForcedFailure[]> {
            return (await this.call<{ value: ForcedFailure[] }>("GET", "/_emulator/recoveryservices/failures")).value;
        }

        /** DELETE /_emulator/recoveryservices/failures; returns how many were removed. */
        async clearForcedFailures(): Promise<number> {
            return (await this.call<{ deleted: number }>("DELETE", "/_emulator/recoveryservices/failures")).deleted;
        }

        /** Polls an item until `done` holds for it; returns it. */
        async waitForItem(vault: VaultRef, itemName: string, done: (item: StoredProtectedItem | undefined) => boolean, options: WaitForItemOptions = {}): Promise<StoredProtectedItem | undefined> {
            const deadline = Date.now() + (options.timeoutMs ?? 10_000);
            for (;;) {
                const item = await this.findProtectedItem(vault, itemName);
                if (done(item)) return item;
                if (Date.now() > deadline) throw new Error(`protected item '${itemName}' did not reach the expected state within ${options.timeoutMs ?? 10_000} ms; last seen ${JSON.stringify(item?.properties)}`);
                await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
            }
        }
    }
    return RecoveryServicesControlClient;
}

function statePath(vault: VaultRef): string {
    return `/_emulator/state/subscriptions/${encodeSegment(vault.subscriptionId)}/resourceGroups/${encodeSegment(vault.resourceGroupName)}/providers/Microsoft.RecoveryServices/vaults/${encodeSegment(vault.vaultName)}`;
}

function itemPath(vault: VaultRef, itemName: string): string {
    return `${statePath(vault)}/protectedItems/${encodeSegment(itemName)}`;
}
