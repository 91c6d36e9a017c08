import { ArmError } from "../../../platform/arm/armErrors";
import { requireResourceGroup } from "../../../platform/arm/armScope";
import { validateBehaviourUpdate, type RecoveryServicesBehaviour, type RecoveryServicesBehaviourSettings } from "../behaviour";
import { validateForcedFailureInput, type ForcedFailure, type ForcedFailureInput, type ForcedFailures } from "../forcedFailures";
import type { ProtectionPoliciesHandler } from "../handlers/protectionPoliciesHandler";
import type { ItemLevelRecoveryConnectionsHandler } from "../handlers/itemLevelRecoveryConnectionsHandler";
import { configureProtection, softDelete, stopProtection } from "../lifecycle/itemTransitions";
import { policyId, vaultId, type VaultTarget } from "../names/backupIds";
import type { BackupClock } from "../state/backupClock";
import type { BackupStore, ContainerModel, JobModel, ProtectedItemModel, VaultModel } from "../state/backupStore";
import { defaultPolicies } from "../state/defaultPolicies";
import { BACKUP_TYPES, type IlrSessionRecord, type RestoreRecord, type ImmutabilityState, type SoftDeleteState, type VaultSecurity } from "../state/models";
import type { BackupRuns } from "../work/backupRuns";
import type { TimelineSummary } from "../work/backupTimeline";
import type { ProtectionWork } from "../work/protectionWork";
import type { ProtectionPolicyResource } from "../views/policyView";

/** Body of `PUT /_emulator/subscriptions/{sub}/resourceGroups/{rg}/vaults/{vault}`. */
export interface VaultSeed {
    /** Defaults to the resource group's location. */
    location?: string;
    /** Default `Enabled`. */
    softDeleteState?: SoftDeleteState;
    /** 14–180; default 14. */
    softDeleteRetentionDays?: number;
    /** Default `Disabled`. */
    immutabilityState?: ImmutabilityState;
    /** Multi-user authorization; default true when `resourceGuardId` is given, false otherwise. */
    isMultiUserAuthorizationEnabled?: boolean;
    /** ARM id of a Resource Guard (Microsoft.DataProtection/resourceGuards/…) the vault is mapped to. */
    resourceGuardId?: string;
    /** Create `DefaultPolicy` and `HourlyLogBackup` as a new vault has them; default true. */
    defaultPolicies?: boolean;
}

/** Body of `PATCH /_emulator/state/<vault id>`: security settings changed behind the client's back (no rules applied). */
export type VaultSecurityPatch = Partial<Pick<VaultSeed, "softDeleteState" | "softDeleteRetentionDays" | "immutabilityState" | "isMultiUserAuthorizationEnabled" | "resourceGuardId">>;

/** A stored vault as the control API shows it. */
export interface VaultState {
    id: string;
    name: string;
    location?: string;
    security: VaultSecurity;
}

/** A stored protected item as the control API shows it: the service's record, internal fields included. */
export interface StoredProtectedItem {
    id: string;
    name: string;
    properties: ProtectedItemModel["properties"];
    recoveryPointCount: number;
}

/** A stored recovery point, with the files a file-share point captured. */
export interface StoredRecoveryPoint {
    id: string;
    name: string;
    properties: Record<string, unknown>;
    /** The files a file-share point captured. */
    files?: Record<string, string>;
    /** The database content a SQL point captured. */
    content?: string;
}

/** A SQL database's log chain: what a point-in-time restore can bring back, from its first full backup to its last log backup. */
export interface StoredLogChain {
    startTime: string;
    endTime: string;
    /** The database's content from each `time` on, oldest first (a new entry when it changed). */
    entries: { time: string; content: string }[];
}

/** Answer of the clock routes. */
export interface BackupClockState {
    /** The backup clock's time, ISO. */
    now: string;
    /** How far it runs ahead of the server clock, in seconds. */
    aheadSeconds: number;
}

/** Body of `POST /_emulator/recoveryservices/clock`: how far to move the backup clock forward. */
export interface ClockAdvance {
    seconds?: number;
    minutes?: number;
    hours?: number;
    days?: number;
    /** An ISO time to move to (ignored when in the past). */
    to?: string;
}

/** What the Azure Backup part of the control API reaches into. */
export interface RecoveryServicesControlDependencies {
    store: BackupStore;
    clock: BackupClock;
    behaviour: RecoveryServicesBehaviourSettings;
    failures: ForcedFailures;
    policies: ProtectionPoliciesHandler;
    protection: ProtectionWork;
    runs: BackupRuns;
    catchUp: () => TimelineSummary;
    fileRecovery: ItemLevelRecoveryConnectionsHandler;
}

/** A recovery point's file-recovery session as the control API shows it: the password included. */
export type StoredIlrSession = IlrSessionRecord & { active: boolean };

const SOFT_DELETE_STATES: readonly SoftDeleteState[] = ["Enabled", "Disabled", "AlwaysON"];
const IMMUTABILITY_STATES: readonly ImmutabilityState[] = ["Disabled", "Unlocked", "Locked"];

/**
 * The control API's Azure Backup operations: seeding vaults and policies, reading the live state
 * (items with their internal fields, recovery points with captured files, jobs), changing it behind
 * a client's back (policy, stop, soft delete, delete, vault security), the backup clock, timings and
 * forced failures. Changes made here skip the service's rules on purpose: they model other actors.
 */
export class RecoveryServicesControlHandler {
    constructor(private readonly deps: RecoveryServicesControlDependencies) {}

    /** Creates or updates a vault in an existing resource group (with its default policies when new). */
    putVault(subscriptionId: string, resourceGroupName: string, vaultName: string, seed: unknown): { created: boolean; value: VaultState } {
        const group = requireResourceGroup(this.deps.store.shared, subscriptionId, resourceGroupName);
        const input = parseVaultSeed(seed);
        const id = vaultId({ subscriptionId, resourceGroupName: group.name, vaultName });
        const existing = this.deps.store.getVault(id);
        const previous = existing?.properties.security;
        const resourceGuardId = input.resourceGuardId ?? previous?.resourceGuardId;
        const security: VaultSecurity = {
            softDeleteState: input.softDeleteState ?? previous?.softDeleteState ?? "Enabled",
            softDeleteRetentionDays: input.softDeleteRetentionDays ?? previous?.softDeleteRetentionDays ?? 14,
            enhancedSecurityState: previous?.enhancedSecurityState ?? "Enabled",
            immutabilityState: input.immutabilityState ?? previous?.immutabilityState ?? "Disabled",
            isMultiUserAuthorizationEnabled: input.isMultiUserAuthorizationEnabled ?? previous?.isMultiUserAuthorizationEnabled ?? input.resourceGuardId !== undefined,
            ...(resourceGuardId !== undefined ? { resourceGuardId } : {}),
        };
        const vault = this.deps.store.putVault({
            id: existing?.id ?? id,
            name: existing?.name ?? vaultName,
            type: BACKUP_TYPES.vault,
            location: input.location ?? existing?.location ?? group.location,
            properties: { provisioningState: "Succeeded", security },
        });
        if (!existing && input.defaultPolicies !== false) {
            for (const { name, record } of defaultPolicies()) this.deps.store.putPolicy({ id: policyId(vault.id, name), name, type: BACKUP_TYPES.policy, properties: record });
        }
        return { created: !existing, value: vaultState(vault) };
    }

    /** Deletes a vault with everything in it. */
    deleteVault(subscriptionId: string, resourceGroupName: string, vaultName: string): void {
        if (!this.deps.store.shared.deleteResource(vaultId({ subscriptionId, resourceGroupName, vaultName }))) throw notFound(`Vault '${vaultName}' does not exist.`);
    }

    /** The vault's settings. */
    getVault(target: VaultTarget): VaultState {
        return vaultState(this.requireVault(target));
    }

    /** Changes the vault's security settings as given (Locked immutability or AlwaysON soft delete can be undone here). */
    patchVault(target: VaultTarget, patch: unknown): VaultState {
        const vault = this.requireVault(target);
        const input = parseVaultSeed(patch);
        const security: VaultSecurity = { ...vault.properties.security };
        if (input.softDeleteState !== undefined) security.softDeleteState = input.softDeleteState;
        if (input.softDeleteRetentionDays !== undefined) security.softDeleteRetentionDays = input.softDeleteRetentionDays;
        if (input.immutabilityState !== undefined) security.immutabilityState = input.immutabilityState;
        if (input.isMultiUserAuthorizationEnabled !== undefined) security.isMultiUserAuthorizationEnabled = input.isMultiUserAuthorizationEnabled;
        if (input.resourceGuardId !== undefined) security.resourceGuardId = input.resourceGuardId;
        return vaultState(this.deps.store.putVault({ ...vault, properties: { ...vault.properties, security } }));
    }

    /** Creates or replaces a policy through the service's own validation. */
    putPolicy(target: VaultTarget, policyName: string, body: unknown): ProtectionPolicyResource {
        return this.deps.policies.createOrUpdate(target, policyName, body);
    }

    /** The vault's containers as stored. */
    listContainers(target: VaultTarget): { value: ContainerModel[] } {
        return { value: this.deps.store.listContainers(this.requireVault(target).id) };
    }

    /** Every item of the vault, soft-deleted ones included, with internal fields and recovery point counts. */
    listItems(target: VaultTarget): { value: StoredProtectedItem[] } {
        const vault = this.requireVault(target);
        return { value: this.deps.store.listItems(vault.id).map((item) => this.storedItem(item)) };
    }

    /** One item, by its name (any spelling of the canonical name) or friendly name. */
    getItem(target: VaultTarget, itemName: string): StoredProtectedItem {
        return this.storedItem(this.requireItem(this.requireVault(target), itemName));
    }

    /** Makes the item follow a policy now, as if someone changed it in the portal (no job). */
    setItemPolicy(target: VaultTarget, itemName: string, body: unknown): StoredProtectedItem {
        const vault = this.requireVault(target);
        const item = this.requireItem(vault, itemName);
        const policyName = isObject(body) && typeof body.policyName === "string" ? body.policyName : undefined;
        const policy = policyName ? this.deps.store.getPolicy(vault.id, policyName) : undefined;
        if (!policy) throw badRequest("'policyName' must name a policy of the vault.");
        const now = this.deps.clock.nowMs();
        const next = this.deps.runs.nextBackupAfter(policy.properties, now);
        const nextLog = this.deps.runs.nextLogBackupAfter(policy.properties, item.properties, now);
        return this.storedItem(this.deps.store.putItem({ ...item, properties: configureProtection(item.properties, policyId(vault.id, policy.name), next, nextLog) }));
    }

    /** Stops protection keeping the data, now (no job). */
    stopItemProtection(target: VaultTarget, itemName: string): StoredProtectedItem {
        const vault = this.requireVault(target);
        const item = this.requireItem(vault, itemName);
        return this.storedItem(this.deps.store.putItem({ ...item, properties: stopProtection(item.properties) }));
    }

    /** Soft-deletes the item now, for the vault's retention days (no job). */
    softDeleteItem(target: VaultTarget, itemName: string): StoredProtectedItem {
        const vault = this.requireVault(target);
        const item = this.requireItem(vault, itemName);
        const updated = softDelete(item.properties, this.deps.clock.nowMs(), vault.properties.security.softDeleteRetentionDays);
        return this.storedItem(this.deps.store.putItem({ ...item, properties: updated }));
    }

    /** Deletes the item and its recovery points now, for good. */
    deleteItem(target: VaultTarget, itemName: string): void {
        const vault = this.requireVault(target);
        this.deps.protection.purge(vault.id, this.requireItem(vault, itemName));
    }

    /** The item's recovery points, newest first, with the files file-share points and the content SQL points captured. */
    listRecoveryPoints(target: VaultTarget, itemName: string): { value: StoredRecoveryPoint[] } {
        const item = this.requireItem(this.requireVault(target), itemName);
        return {
            value: this.deps.store.listRecoveryPoints(item.id).map((point) => {
                const files = this.deps.store.getFileShareSnapshot(point.id)?.files;
                const sql = this.deps.store.getSqlSnapshot(point.id);
                return { id: point.id, name: point.name, properties: { ...point.properties }, ...(files ? { files } : {}), ...(sql ? { content: sql.content } : {}) };
            }),
        };
    }

    /** A SQL item's log chain (404 before its first full backup). */
    getLogChain(target: VaultTarget, itemName: string): StoredLogChain {
        const item = this.requireItem(this.requireVault(target), itemName);
        const chain = this.deps.store.getLogChain(item.id);
        if (!chain) throw notFound(`The protected item '${item.name}' has no log chain (a SQL database has one from its first full backup).`);
        return chain;
    }

    /** The vault's jobs as stored, newest first. */
    listJobs(target: VaultTarget): { value: JobModel[] } {
        return { value: this.deps.store.listJobs(this.requireVault(target).id) };
    }

    /** The file-recovery session of a recovery point, with its password; `active` false once expired (404 when none was provisioned or it was revoked). */
    getIlrSession(target: VaultTarget, itemName: string, recoveryPointName: string): StoredIlrSession {
        const item = this.requireItem(this.requireVault(target), itemName);
        const point = this.deps.store.getRecoveryPoint(item.id, recoveryPointName);
        const session = point ? this.deps.store.getIlrSession(point.id) : undefined;
        if (!point || !session) throw notFound(`Recovery point '${recoveryPointName}' of '${item.name}' has no file recovery session.`);
        return { ...session, active: this.deps.fileRecovery.activeSession(point.id) !== undefined };
    }

    /** What the vault's completed restores wrote, oldest first. */
    listRestores(target: VaultTarget): { value: RestoreRecord[] } {
        return { value: this.deps.store.listRestores(this.requireVault(target).id) };
    }

    /** The backup clock. */
    clockState(): BackupClockState {
        return { now: new Date(this.deps.clock.nowMs()).toISOString(), aheadSeconds: this.deps.clock.aheadMs / 1000 };
    }

    /** Moves the backup clock forward and runs what became due, in time order. */
    advanceClock(body: unknown): BackupClockState & { ran: TimelineSummary } {
        const ms = advanceMsOf(body, this.deps.clock.nowMs());
        // What was due before the move runs at its own time first.
        const before = this.deps.catchUp();
        this.deps.clock.advance(ms);
        const after = this.deps.catchUp();
        return {
            ...this.clockState(),
            ran: {
                operationsEnded: before.operationsEnded + after.operationsEnded,
                backupsStarted: before.backupsStarted + after.backupsStarted,
                itemsPurged: before.itemsPurged + after.itemsPurged,
                logBackupsRun: before.logBackupsRun + after.logBackupsRun,
                pointsExpired: before.pointsExpired + after.pointsExpired,
            },
        };
    }

    /** Current timings and knobs. */
    behaviour(): RecoveryServicesBehaviour {
        return this.deps.behaviour.get();
    }

    /** Changes some knobs; the rest stay. */
    updateBehaviour(update: unknown): RecoveryServicesBehaviour {
        const problem = validateBehaviourUpdate(update);
        if (problem) throw badRequest(problem);
        return this.deps.behaviour.update(update as Partial<RecoveryServicesBehaviour>);
    }

    /** Registers a forced failure. */
    addFailure(input: unknown): ForcedFailure {
        const problem = validateForcedFailureInput(input);
        if (problem) throw badRequest(problem);
        return this.deps.failures.add(input as ForcedFailureInput);
    }

    /** Registered forced failures. */
    listFailures(): ForcedFailure[] {
        return this.deps.failures.list();
    }

    /** Forgets every forced failure; returns how many there were. */
    clearFailures(): number {
        return this.deps.failures.clear();
    }

    private requireVault(target: VaultTarget): VaultModel {
        const vault = this.deps.store.getVault(vaultId(target));
        if (!vault) throw notFound(`Vault '${target.vaultName}' does not exist.`);
        return vault;
    }

    private requireItem(vault: VaultModel, itemName: string): ProtectedItemModel {
        const wanted = itemName.toLowerCase();
        const items = this.deps.store.listItems(vault.id);
        const item = items.find((candidate) => candidate.name.toLowerCase() === wanted) ?? items.find((candidate) => candidate.properties.friendlyName.toLowerCase() === wanted);
        if (!item) throw notFound(`The vault has no protected item '${itemName}'.`);
        return item;
    }

    private storedItem(item: ProtectedItemModel): StoredProtectedItem {
        return { id: item.id, name: item.name, properties: item.properties, recoveryPointCount: this.deps.store.listRecoveryPoints(item.id).length };
    }
}

function vaultState(vault: VaultModel): VaultState {
    return { id: vault.id, name: vault.name, ...(vault.location !== undefined ? { location: vault.location } : {}), security: vault.properties.security };
}

function parseVaultSeed(seed: unknown): VaultSeed {
    if (seed === undefined || seed === null) return {};
    if (!isObject(seed)) throw badRequest("The body must be a JSON object.");
    const input: VaultSeed = {};
    if (seed.location !== undefined) {
        if (typeof seed.location !== "string") throw badRequest("'location' must be a string.");
        input.location = seed.location;
    }
    if (seed.softDeleteState !== undefined) {
        const state = SOFT_DELETE_STATES.find((candidate) => typeof seed.softDeleteState === "string" && candidate.toLowerCase() === seed.softDeleteState.toLowerCase());
        if (!state) throw badRequest(`'softDeleteState' must be one of ${SOFT_DELETE_STATES.join(", ")}.`);
        input.softDeleteState = state;
    }
    if (seed.softDeleteRetentionDays !== undefined) {
        if (!Number.isInteger(seed.softDeleteRetentionDays) || (seed.softDeleteRetentionDays as number) < 14 || (seed.softDeleteRetentionDays as number) > 180) {
            throw badRequest("'softDeleteRetentionDays' must be an integer from 14 to 180.");
        }
        input.softDeleteRetentionDays = seed.softDeleteRetentionDays as number;
    }
    if (seed.immutabilityState !== undefined) {
        const state = IMMUTABILITY_STATES.find((candidate) => typeof seed.immutabilityState === "string" && candidate.toLowerCase() === seed.immutabilityState.toLowerCase());
        if (!state) throw badRequest(`'immutabilityState' must be one of ${IMMUTABILITY_STATES.join(", ")}.`);
        input.immutabilityState = state;
    }
    if (seed.isMultiUserAuthorizationEnabled !== undefined) {
        if (typeof seed.isMultiUserAuthorizationEnabled !== "boolean") throw badRequest("'isMultiUserAuthorizationEnabled' must be true or false.");
        input.isMultiUserAuthorizationEnabled = seed.isMultiUserAuthorizationEnabled;
    }
    if (seed.resourceGuardId !== undefined) {
        if (typeof seed.resourceGuardId !== "string" || !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.DataProtection\/resourceGuards\/[^/]+$/i.test(seed.resourceGuardId)) {
            throw badRequest("'resourceGuardId' must be the id of a Microsoft.DataProtection/resourceGuards resource.");
        }
        input.resourceGuardId = seed.resourceGuardId;
    }
    if (seed.defaultPolicies !== undefined) {
        if (typeof seed.defaultPolicies !== "boolean") throw badRequest("'defaultPolicies' must be true or false.");
        input.defaultPolicies = seed.defaultPolicies;
    }
    return input;
}

function advanceMsOf(body: unknown, nowMs: number): number {
    if (!isObject(body)) throw badRequest("The body must be a JSON object such as {\"days\": 1}.");
    const units: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
    let ms = 0;
    for (const [name, factor] of Object.entries(units)) {
        const value = body[name];
        if (value === undefined) continue;
        if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw badRequest(`'${name}' must be a number of at least 0.`);
        ms += value * factor;
    }
    if (body.to !== undefined) {
        const to = typeof body.to === "string" ? Date.parse(body.to) : Number.NaN;
        if (Number.isNaN(to)) throw badRequest("'to' must be an ISO 8601 time.");
        ms += Math.max(0, to - nowMs);
    }
    return Math.round(ms);
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function badRequest(message: string): ArmError {
    return new ArmError(400, "BadRequest", message);
}

function notFound(message: string): ArmError {
    return new ArmError(404, "NotFound", message);
}
