import type { ArmClient } from "../core/arm/armClient";
import { isArmError } from "../core/arm/armError";
import { isOperationFailedError } from "../core/errors";
import { resolvePollIntervalMs } from "../core/lro/pollInterval";
import { pollUntilDone } from "../core/lro/poller";
import { InputChecker, isUnknown } from "../core/dynamic/checks";
import { diffFields, type FieldComparison, type FieldDiffResult } from "../core/diff/fieldDiff";
import type { Logger } from "../core/log";
import {
    deleteProtectedItem,
    getPolicy,
    getProtectedItem,
    listJobs,
    policyIdOf,
    protectedItemPath,
    putProtectedItem,
    type BackupManagementType,
    type JobResource,
    type PolicyResource,
    type ProtectedItemProperties,
    type ProtectedItemResource,
    type WaitOptions,
} from "./api";
import { jobIsAbout } from "./jobSubject";
import { checkVaultInput, sameArmId, vaultRefFromId, type VaultRef } from "./vaultRef";

/**
 * What every protected-item resource (VM, SQL database, file share) shares: the vault and policy
 * inputs, the protection-state life cycle (protect, change policy, stop keeping data, soft delete and
 * undelete, delete), drift read from the live item, and what destroy does. Each resource supplies a
 * {@link ProtectionWorkload} for what differs: how its item is found and what its body holds.
 */

/** Version of the outputs' shape; a stale version in state makes `diff` ask for an update that rewrites it. */
export const protectionSchemaVersion = 1;

/** Accepted values of `protectionState`. */
export const protectionStates = ["Protected", "ProtectionStopped"] as const;
/** Accepted values of `onDelete`: what `pulumi destroy` does with the backup data. */
export const onDeleteModes = ["retainData", "deleteData"] as const;
/** Default of `deadlineMinutes`. */
export const defaultProtectionDeadlineMinutes = 60;

/** The state a soft-deleted item reports in outputs (and in inputs rebuilt by `read`), so drift names it. */
export const softDeletedState = "SoftDeleted";

/** Inputs every protection resource takes, after `check`. */
export interface CheckedProtectionInputs {
    vaultId: string;
    policyId?: string;
    protectionState: (typeof protectionStates)[number];
    onDelete: (typeof onDeleteModes)[number];
    undeleteSoftDeleted: boolean;
    deadlineMinutes: number;
}

/** Outputs every protection resource keeps: what read, diff and delete need, and backup health. */
export interface ProtectionOutputs {
    schemaVersion: number;
    vaultId: string;
    /** The service's container name (opaque: e.g. `IaasVMContainer;iaasvmcontainerv2;rg;vm`). */
    containerName: string;
    /** The service's protected item name (opaque: e.g. `VM;iaasvmcontainerv2;rg;vm`). */
    protectedItemName: string;
    /** ARM id of the protected item. */
    protectedItemId: string;
    /** The policy asked for (kept while protection is stopped, when the service omits it). */
    policyId?: string;
    protectionState: string;
    onDelete: string;
    undeleteSoftDeleted: boolean;
    deadlineMinutes: number;
    lastBackupStatus?: string;
    lastBackupTime?: string;
    /** When a soft-deleted item will be purged. */
    deferredDeleteTimeInUTC?: string;
}

/** Where an item lives in the vault. */
export interface ItemNames {
    containerName: string;
    protectedItemName: string;
}

/** What differs between the workloads. `TInputs` are the resource's checked inputs. */
export interface ProtectionWorkload<TInputs extends CheckedProtectionInputs> {
    /** Names the resource type in messages ("VmProtection"). */
    resource: string;
    backupManagementType: BackupManagementType;
    /** `protectedItemType` of the item's body. */
    protectedItemType: string;
    /** Why a policy cannot protect this workload, or undefined when it can. */
    policyProblem(policy: PolicyResource): string | undefined;
    /** Names known without asking the service (for adoption before discovery); undefined when discovery is needed. */
    knownNames(inputs: TInputs): ItemNames | undefined;
    /** Discovery: finds the item's names, refreshing or inquiring as the workload needs (never changes protection). */
    discover(client: ArmClient, vault: VaultRef, inputs: TInputs, wait: WaitOptions): Promise<ItemNames>;
    /** The workload's part of the body: `sourceResourceId` and extras such as disk exclusion. */
    bodyProperties(inputs: TInputs): Partial<ProtectedItemProperties> & { sourceResourceId: string };
    /** The name jobs give the item (`entityFriendlyName`): the VM's, share's or database's name. */
    friendlyName(inputs: TInputs): string;
    /** True when the live item already holds the workload's settings (disk exclusion, …). */
    liveMatches(inputs: TInputs, live: ProtectedItemProperties): boolean;
}

/** Checks the inputs every protection resource shares; the policy is given as `policyId` or `policyName`. */
export function checkProtectionInputs(checker: InputChecker, news: Record<string, any>): Record<string, unknown> {
    const vaultId = checkVaultInput(checker, news);
    const protectionState = checker.oneOf("protectionState", news.protectionState, protectionStates, "Protected");
    const checked: Record<string, unknown> = {
        vaultId,
        protectionState,
        onDelete: checker.oneOf("onDelete", news.onDelete, onDeleteModes, "retainData"),
        undeleteSoftDeleted: checker.boolean("undeleteSoftDeleted", news.undeleteSoftDeleted, true),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultProtectionDeadlineMinutes }),
    };
    const { policyId, policyName } = news;
    if (policyId !== undefined && policyName !== undefined) {
        checker.fail("policyId", "give the policy either as policyId or as policyName, not both");
    } else if (policyId !== undefined) {
        if (isUnknown(policyId)) checked.policyId = policyId;
        else if (typeof policyId !== "string" || !/\/providers\/Microsoft\.RecoveryServices\/vaults\/[^/]+\/backupPolicies\/[^/]+$/i.test(policyId)) {
            checker.fail("policyId", "policyId must be the ARM id of a backup policy: <vault id>/backupPolicies/<name>");
        } else if (typeof vaultId === "string" && !isUnknown(vaultId) && !sameArmId(policyId.replace(/\/backupPolicies\/[^/]+$/i, ""), vaultId)) {
            checker.fail("policyId", `policyId must name a policy of the vault ${vaultId}; got one of ${policyId.replace(/\/backupPolicies\/[^/]+$/i, "")}`);
        } else checked.policyId = policyId;
    } else if (policyName !== undefined) {
        const name = checker.requiredString("policyName", policyName);
        if (isUnknown(policyName) || isUnknown(vaultId)) checked.policyId = isUnknown(policyName) ? policyName : undefined;
        else if (name !== undefined && typeof vaultId === "string") checked.policyId = policyIdOf(vaultRefFromId(vaultId, "check"), name);
    } else if (protectionState === "Protected") {
        checker.fail("policyId", "a policy is required to protect: set policyId (an ARM id) or policyName (a policy of the vault)");
    }
    return checked;
}

/**
 * Reads during `check` what only the service knows (never writes): the policy exists and fits the
 * workload. Returns failures as [property, reason].
 */
export async function verifyPolicy(client: ArmClient, inputs: Record<string, unknown>, workload: Pick<ProtectionWorkload<CheckedProtectionInputs>, "policyProblem">): Promise<Array<[string, string]>> {
    const { vaultId, policyId } = inputs;
    if (typeof vaultId !== "string" || typeof policyId !== "string" || isUnknown(vaultId) || isUnknown(policyId)) return [];
    const name = decodeURIComponent(policyId.replace(/^.*\/backupPolicies\//i, ""));
    const policy = await getPolicy(client, vaultRefFromId(vaultId, "check"), name);
    if (!policy) return [["policyId", `the vault has no backup policy named ${JSON.stringify(name)} (policyId ${policyId})`]];
    const problem = workload.policyProblem(policy);
    return problem ? [["policyId", `policy ${JSON.stringify(policy.name)} ${problem}`]] : [];
}

// Container and item names compare case-insensitively, as the service treats them.
function sameItemNames(a: ItemNames, b: ItemNames): boolean {
    return a.containerName.toLowerCase() === b.containerName.toLowerCase() && a.protectedItemName.toLowerCase() === b.protectedItemName.toLowerCase();
}

/** The policy id as the live item reports it, with the casing of the one asked for when they name the same policy. */
function samePolicy(a: string | undefined, b: string | undefined): boolean {
    return (!a && !b) || sameArmId(a, b);
}

/** True when the live item is in the asked-for state with the asked-for policy and settings. */
function isConverged<T extends CheckedProtectionInputs>(workload: ProtectionWorkload<T>, inputs: T, live: ProtectedItemProperties): boolean {
    if (live.isScheduledForDeferredDelete) return false;
    const state = normalizeLiveState(live.protectionState);
    if (inputs.protectionState === "ProtectionStopped") return state === "ProtectionStopped" && workload.liveMatches(inputs, live);
    return (state === "Protected" || state === "IRPending") && samePolicy(live.policyId, inputs.policyId) && workload.liveMatches(inputs, live);
}

/** Live states as our inputs name them: IRPending (waiting for the first backup) counts as Protected. */
export function normalizeLiveState(state: string | undefined): string {
    switch ((state ?? "").toLowerCase()) {
        case "protected":
        case "irpending":
            return "Protected";
        case "protectionstopped":
            return "ProtectionStopped";
        default:
            return state ?? "Invalid";
    }
}

/** Adds what to do to the service's refusals a user can act on (immutable vaults, Resource Guards). */
export function explainRefusal(error: unknown, resource: string, action: string): unknown {
    // Refused at once (an ARM error) or by the operation it started (its job fails with the code).
    const refusal = isArmError(error) ? { code: error.code, message: error.serviceMessage } : isOperationFailedError(error) ? { code: error.serviceCode, message: error.serviceMessage } : undefined;
    if (!refusal) return error;
    const code = refusal.code.toLowerCase();
    let advice: string | undefined;
    if (code.includes("immutable")) {
        advice = `the vault is immutable: its backup data cannot be deleted before it expires. Use onDelete: "retainData" (stop protection, keep the data), or wait for the recovery points to expire.`;
    } else if (code.includes("resourceguard") || code.includes("mua") || refusal.message.toLowerCase().includes("resource guard")) {
        advice = "the vault is protected by a Resource Guard (multi-user authorization): ask its owner for access to this operation, then run again.";
    }
    if (!advice) return error;
    return new Error(`${resource}: could not ${action}: ${refusal.code}: ${refusal.message}. Nothing was changed: ${advice}`);
}

/** True when the service refuses because another operation on the item is still running. */
export function isConflictingOperation(error: unknown): boolean {
    return isArmError(error) && (error.statusCode === 409 || /conflictingprotectionoperation|operationinprogress|objectlocked/i.test(error.code));
}

/**
 * Waits until no job of the vault for `friendlyName` is in progress (a killed run's protect, say),
 * within the deadline; the caller then reads the item again and converges from there.
 */
export async function waitForRunningJobs(client: ArmClient, vault: VaultRef, friendlyName: string, wait: WaitOptions): Promise<void> {
    const runningJobs = async () => (await listJobs(client, vault, "status eq 'InProgress'")).filter((job) => jobIsAbout(job.properties.entityFriendlyName, friendlyName));
    let reported: string | undefined;
    const report = (running: JobResource[]) => {
        if (running.length === 0 || running[0].name === reported) return;
        reported = running[0].name;
        wait.log.info(`waiting for job ${running[0].name} (${running[0].properties.operation}) on ${friendlyName}, started before this run`);
    };
    const initial = await runningJobs();
    report(initial);
    await pollUntilDone<JobResource[]>({
        initial: { state: initial },
        poll: async () => ({ state: await runningJobs() }),
        isDone: (running) => running.length === 0,
        onProgress: report,
        deadlineMs: wait.deadlineMs,
        intervalMs: resolvePollIntervalMs(),
        maxIntervalMs: 60_000,
        deadlineError: (running) =>
            new Error(`${wait.operation}: job ${running[0]?.name} (${running[0]?.properties.operation}) on ${friendlyName} is still running after ${Math.round(wait.deadlineMs / 60_000)} minute(s)`),
    });
}

/** Options of {@link ensureProtection}. */
export interface EnsureOptions {
    client: ArmClient;
    log: Logger;
    /** Names known from state (update); create finds them. */
    names?: ItemNames;
}

/**
 * Brings the item to the asked-for state and returns the live item: finds it (adopting one that
 * exists: a rerun after an interrupted `up` converges on the item the killed run protected),
 * undeletes it when it is soft-deleted, then PUTs the body only when the live item differs, so
 * reruns start no second job.
 */
export async function ensureProtection<T extends CheckedProtectionInputs>(workload: ProtectionWorkload<T>, inputs: T, options: EnsureOptions): Promise<{ names: ItemNames; live: ProtectedItemResource }> {
    const { client, log } = options;
    const vault = vaultRefFromId(inputs.vaultId, workload.resource);
    const wait = (operation: string): WaitOptions => ({ operation, deadlineMs: inputs.deadlineMinutes * 60_000, log });
    let names = options.names ?? workload.knownNames(inputs);
    let live = names ? await getProtectedItem(client, vault, names.containerName, names.protectedItemName) : undefined;
    if (!live && !options.names) {
        const discovered = await workload.discover(client, vault, inputs, wait(`${workload.resource} discovery`));
        // Discovery creates no item: under the names just read, a second read would find nothing either.
        if (!names || !sameItemNames(names, discovered)) live = await getProtectedItem(client, vault, discovered.containerName, discovered.protectedItemName);
        names = discovered;
    }
    if (!names) throw new Error(`${workload.resource}: the item could not be found in the vault`);
    const body = workload.bodyProperties(inputs);

    if (live?.properties.isScheduledForDeferredDelete) {
        if (!inputs.undeleteSoftDeleted) {
            throw new Error(
                `${workload.resource}: ${names.protectedItemName} is soft-deleted in the vault (purged at ${live.properties.deferredDeleteTimeInUTC ?? "a later date"}). ` +
                    "Set undeleteSoftDeleted: true to undelete and protect it again, or undelete it in the vault.",
            );
        }
        log.info(`${names.protectedItemName} is soft-deleted: undeleting it`);
        await putProtectedItem(client, vault, names.containerName, names.protectedItemName, { protectedItemType: workload.protectedItemType, sourceResourceId: body.sourceResourceId, isRehydrate: true, protectionState: "ProtectionStopped" }, wait(`${workload.resource} undelete`));
        live = await getProtectedItem(client, vault, names.containerName, names.protectedItemName);
    }

    if (!live && inputs.protectionState === "ProtectionStopped") {
        throw new Error(`${workload.resource}: protectionState "ProtectionStopped" keeps the data of an item that was protected, but the vault has no item ${names.protectedItemName}: protect it first (protectionState "Protected")`);
    }
    if (!live || !isConverged(workload, inputs, live.properties)) {
        const stopping = inputs.protectionState === "ProtectionStopped";
        const properties: ProtectedItemProperties = {
            protectedItemType: workload.protectedItemType,
            ...body,
            // Stopping keeps the data: the service takes an empty policy id with the stopped state.
            policyId: stopping ? "" : inputs.policyId,
            ...(stopping ? { protectionState: "ProtectionStopped" } : {}),
        };
        const verb = !live ? "protecting" : stopping ? "stopping protection (keeping the data) of" : "updating the protection of";
        log.info(`${verb} ${names.protectedItemName}${stopping ? "" : ` with policy ${inputs.policyId}`}`);
        const operation = wait(`${workload.resource} ${stopping ? "stop protection" : "protect"}`);
        try {
            await putProtectedItem(client, vault, names.containerName, names.protectedItemName, properties, operation);
        } catch (error) {
            if (!isConflictingOperation(error)) throw explainRefusal(error, workload.resource, stopping ? "stop protection" : "protect the item");
            // Another operation on the item is running (the one an interrupted run started): let it end, then converge.
            await waitForRunningJobs(client, vault, live?.properties.friendlyName ?? workload.friendlyName(inputs), operation);
            live = await getProtectedItem(client, vault, names.containerName, names.protectedItemName);
            if (!live || !isConverged(workload, inputs, live.properties)) {
                await putProtectedItem(client, vault, names.containerName, names.protectedItemName, properties, operation).catch((e) => {
                    throw explainRefusal(e, workload.resource, stopping ? "stop protection" : "protect the item");
                });
            } else log.info(`${names.protectedItemName}: the operation that was running left it as asked`);
        }
        live = await getProtectedItem(client, vault, names.containerName, names.protectedItemName);
        if (!live) throw new Error(`${workload.resource}: ${names.protectedItemName} was accepted but cannot be read back`);
    } else {
        log.info(`${names.protectedItemName} is already as asked: nothing to change`);
    }
    return { names, live };
}

/** Outputs from the checked inputs and the live item. */
export function protectionOutputs(inputs: CheckedProtectionInputs, names: ItemNames, live: ProtectedItemResource): ProtectionOutputs {
    const vault = vaultRefFromId(inputs.vaultId, "outputs");
    const p = live.properties;
    const state = p.isScheduledForDeferredDelete ? softDeletedState : normalizeLiveState(p.protectionState);
    const outputs: ProtectionOutputs = {
        schemaVersion: protectionSchemaVersion,
        vaultId: inputs.vaultId,
        containerName: names.containerName,
        protectedItemName: names.protectedItemName,
        protectedItemId: live.id ?? protectedItemPath(vault, names.containerName, names.protectedItemName),
        // The service omits the policy of a stopped item: keep the one asked for, so stopping is no drift.
        ...(p.policyId && samePolicy(p.policyId, inputs.policyId) ? { policyId: inputs.policyId } : p.policyId ? { policyId: p.policyId } : inputs.policyId ? { policyId: inputs.policyId } : {}),
        protectionState: state,
        onDelete: inputs.onDelete,
        undeleteSoftDeleted: inputs.undeleteSoftDeleted,
        deadlineMinutes: inputs.deadlineMinutes,
        ...(p.lastBackupStatus ? { lastBackupStatus: p.lastBackupStatus } : {}),
        ...(p.lastBackupTime ? { lastBackupTime: p.lastBackupTime } : {}),
        ...(p.deferredDeleteTimeInUTC && p.isScheduledForDeferredDelete ? { deferredDeleteTimeInUTC: p.deferredDeleteTimeInUTC } : {}),
    };
    return outputs;
}

/** The shared inputs as `read` rebuilds them from the live item, so drift names the field. */
export function protectionInputsFromLive(stored: ProtectionOutputs, live: ProtectedItemResource): Record<string, unknown> {
    const p = live.properties;
    const state = p.isScheduledForDeferredDelete ? softDeletedState : normalizeLiveState(p.protectionState);
    // A stopped item without a policy id is what the service answers for stopped protection: no drift.
    const policyId = p.policyId ? (samePolicy(p.policyId, stored.policyId) ? stored.policyId : p.policyId) : stored.policyId;
    return {
        vaultId: stored.vaultId,
        ...(policyId ? { policyId } : {}),
        protectionState: state,
        onDelete: stored.onDelete,
        undeleteSoftDeleted: stored.undeleteSoftDeleted,
        deadlineMinutes: stored.deadlineMinutes,
    };
}

/** Field comparisons every protection resource makes; the resource adds its own. */
export function protectionComparisons(olds: Partial<ProtectionOutputs>, news: Record<string, any>): FieldComparison[] {
    const vaultId = typeof news.vaultId === "string" && olds.vaultId && sameArmId(news.vaultId, olds.vaultId) ? olds.vaultId : news.vaultId;
    const policyId = typeof news.policyId === "string" && olds.policyId && sameArmId(news.policyId, olds.policyId) ? olds.policyId : news.policyId;
    return [
        { field: "vaultId", desired: vaultId, live: olds.vaultId, replaces: true },
        // A stopped item keeps whatever policy: only a protected one is compared.
        { field: "policyId", desired: news.protectionState === "ProtectionStopped" ? undefined : policyId, live: olds.policyId },
        { field: "protectionState", desired: news.protectionState, live: olds.protectionState },
        { field: "onDelete", desired: news.onDelete, live: olds.onDelete },
        { field: "undeleteSoftDeleted", desired: news.undeleteSoftDeleted, live: olds.undeleteSoftDeleted },
        { field: "deadlineMinutes", desired: news.deadlineMinutes, live: olds.deadlineMinutes },
        { field: "schemaVersion", desired: protectionSchemaVersion, live: olds.schemaVersion },
    ];
}

/** Diff of the shared and the workload's fields. */
export function diffProtection(olds: Partial<ProtectionOutputs>, news: Record<string, any>, extra: FieldComparison[]): FieldDiffResult {
    return diffFields([...protectionComparisons(olds, news), ...extra]);
}

/**
 * What `pulumi destroy` does: with `retainData` (the default) protection stops and the recovery points
 * stay in the vault; with `deleteData` the item is deleted with its data (soft-deleted first when the
 * vault keeps deleted items). A refusal (immutable vault, Resource Guard) fails at once with what to do,
 * leaving the item as it was.
 */
export async function removeProtection<T extends CheckedProtectionInputs>(workload: ProtectionWorkload<T>, stored: ProtectionOutputs & { sourceResourceId: string }, options: { client: ArmClient; log: Logger }): Promise<void> {
    const { client, log } = options;
    const vault = vaultRefFromId(stored.vaultId, workload.resource);
    const wait: WaitOptions = { operation: `${workload.resource} ${stored.onDelete}`, deadlineMs: (stored.deadlineMinutes ?? defaultProtectionDeadlineMinutes) * 60_000, log };
    const live = await getProtectedItem(client, vault, stored.containerName, stored.protectedItemName);
    if (!live) {
        log.info(`${stored.protectedItemName} no longer exists in the vault: nothing to remove`);
        return;
    }
    if (stored.onDelete === "deleteData") {
        if (live.properties.isScheduledForDeferredDelete) {
            log.info(`${stored.protectedItemName} is already soft-deleted (purged at ${live.properties.deferredDeleteTimeInUTC})`);
            return;
        }
        log.info(`deleting ${stored.protectedItemName} and its backup data (onDelete: "deleteData")`);
        try {
            await deleteProtectedItem(client, vault, stored.containerName, stored.protectedItemName, wait);
        } catch (error) {
            throw explainRefusal(error, workload.resource, "delete the backup data");
        }
        const after = await getProtectedItem(client, vault, stored.containerName, stored.protectedItemName);
        if (after?.properties.isScheduledForDeferredDelete) {
            log.info(`${stored.protectedItemName} is soft-deleted: the vault purges it at ${after.properties.deferredDeleteTimeInUTC}, and it can be undeleted until then`);
        }
        return;
    }
    if (live.properties.isScheduledForDeferredDelete || normalizeLiveState(live.properties.protectionState) === "ProtectionStopped") {
        log.info(`${stored.protectedItemName}: protection already stopped; its backup data stays in the vault`);
        return;
    }
    log.info(`stopping protection of ${stored.protectedItemName}; its backup data stays in the vault (onDelete: "retainData")`);
    try {
        await putProtectedItem(client, vault, stored.containerName, stored.protectedItemName, { protectedItemType: workload.protectedItemType, sourceResourceId: stored.sourceResourceId, policyId: "", protectionState: "ProtectionStopped" }, wait);
    } catch (error) {
        throw explainRefusal(error, workload.resource, "stop protection");
    }
}
