import type { ArmClient, ArmRequest, ArmResponse } from "../core/arm/armClient";
import { isArmError } from "../core/arm/armError";
import type { Logger } from "../core/log";
import { pollArmOperation, type OperationState } from "../core/lro/armOperation";
import { resolvePollIntervalMs } from "../core/lro/pollInterval";
import { vaultConcurrency } from "../core/util/keyedConcurrency";
import { formatVaultId, type VaultRef } from "./vaultRef";

/**
 * Typed calls of the Recovery Services backup REST API (Microsoft.RecoveryServices, bms.json).
 * https://learn.microsoft.com/rest/api/backup/
 */

/** The api-version every Azure Backup call uses. */
export const backupApiVersion = "2025-08-01";

/** Where an item is backed up from: one of the three families Azure Backup manages. */
export type BackupManagementType = "AzureIaasVM" | "AzureWorkload" | "AzureStorage";

/** Protection states the service reports for an item. */
export type ProtectionState = "Invalid" | "IRPending" | "Protected" | "ProtectionError" | "ProtectionStopped" | "ProtectionPaused" | "BackupsSuspended";

/** `ProtectedItem` properties: what we send (type, source, policy, state) and what the service adds. */
export interface ProtectedItemProperties {
    protectedItemType: string;
    sourceResourceId?: string;
    policyId?: string;
    protectionState?: ProtectionState | string;
    workloadType?: string;
    backupManagementType?: string;
    friendlyName?: string;
    containerName?: string;
    lastBackupStatus?: string;
    lastBackupTime?: string;
    lastRecoveryPoint?: string;
    healthStatus?: string;
    protectionStatus?: string;
    isScheduledForDeferredDelete?: boolean;
    deferredDeleteTimeInUTC?: string;
    isRehydrate?: boolean;
    extendedProperties?: { diskExclusionProperties?: { diskLunList?: number[]; isInclusionList?: boolean } };
    resourceGuardOperationRequests?: string[];
    [key: string]: unknown;
}

/** A protected item as the service returns it. */
export interface ProtectedItemResource {
    id?: string;
    name?: string;
    properties: ProtectedItemProperties;
}

/** A protectable item (`WorkloadProtectableItem`) found by discovery. */
export interface ProtectableItemResource {
    id?: string;
    name: string;
    properties: { friendlyName?: string; protectableItemType?: string; virtualMachineId?: string; parentName?: string; serverName?: string; protectionState?: string; [key: string]: unknown };
}

/** A protection policy. */
export interface PolicyResource {
    id: string;
    name: string;
    properties: { backupManagementType: string; workLoadType?: string; [key: string]: unknown };
}

/** A backup job. */
export interface JobResource {
    id?: string;
    name: string;
    properties: {
        operation?: string;
        status?: string;
        entityFriendlyName?: string;
        startTime?: string;
        endTime?: string;
        errorDetails?: Array<{ errorCode?: string; errorString?: string; errorTitle?: string; recommendations?: string[] }>;
        [key: string]: unknown;
    };
}

/** The ARM path of a vault's fabric, where containers live. */
function fabricPath(vault: VaultRef): string {
    return `${formatVaultId(vault)}/backupFabrics/Azure`;
}

/** The ARM path of a protection container (names hold ";", sent percent-encoded as the SDKs do). */
export function containerPath(vault: VaultRef, containerName: string): string {
    return `${fabricPath(vault)}/protectionContainers/${encodeURIComponent(containerName)}`;
}

/** The ARM path (and id) of a protected item. */
export function protectedItemPath(vault: VaultRef, containerName: string, itemName: string): string {
    return `${containerPath(vault, containerName)}/protectedItems/${encodeURIComponent(itemName)}`;
}

/** The ARM id of a policy in the vault. */
export function policyIdOf(vault: VaultRef, policyName: string): string {
    return `${formatVaultId(vault)}/backupPolicies/${encodeURIComponent(policyName)}`;
}

/** True for the 404s that mean "not there" (the item, its container, the policy). */
export function isNotFound(error: unknown): boolean {
    return isArmError(error) && error.statusCode === 404;
}

/** Sends one request to the vault, within the process-wide limit of concurrent requests per vault. */
function send<T>(client: ArmClient, vault: VaultRef, request: Omit<ArmRequest, "apiVersion">): Promise<ArmResponse<T>> {
    return vaultConcurrency().run(formatVaultId(vault), () => client.send<T>({ apiVersion: backupApiVersion, ...request }));
}

/** A client whose every request (poll answers included) goes through the vault's concurrency limit. */
function limited(client: ArmClient, vault: VaultRef): ArmClient {
    return { send: (request) => vaultConcurrency().run(formatVaultId(vault), () => client.send(request)) };
}

/** How to wait for an asynchronous Azure Backup operation. */
export interface WaitOptions {
    /** Names the operation in errors and progress lines, e.g. "ProtectedItems.CreateOrUpdate vm1". */
    operation: string;
    deadlineMs: number;
    log: Logger;
    signal?: AbortSignal;
}

/**
 * Follows an operation the service accepted (202 with Azure-AsyncOperation and Location, Retry-After
 * honoured by the shared poller) to its end, printing the job's id once the service names it.
 * Returns the final state, whose `properties.jobId` names the job.
 */
export async function waitForOperation(client: ArmClient, vault: VaultRef, first: ArmResponse, options: WaitOptions & { finalStateVia?: "azure-async-operation" | "location" }): Promise<OperationState | undefined> {
    let last: OperationState | undefined;
    let announced: string | undefined;
    await pollArmOperation(limited(client, vault), first, {
        operation: options.operation,
        deadlineMs: options.deadlineMs,
        intervalMs: resolvePollIntervalMs(),
        finalStateVia: options.finalStateVia ?? "azure-async-operation",
        signal: options.signal,
        onProgress: (state) => {
            last = state;
            const jobId = typeof state.properties?.jobId === "string" ? state.properties.jobId : undefined;
            if (jobId && jobId !== announced) {
                announced = jobId;
                options.log.info(`${options.operation}: job ${jobId} ${state.status === "running" ? "running" : state.status}`);
            }
        },
    });
    return last;
}

/** Reads a protected item; undefined when it does not exist (or was purged). */
export async function getProtectedItem(client: ArmClient, vault: VaultRef, containerName: string, itemName: string): Promise<ProtectedItemResource | undefined> {
    try {
        const response = await send<ProtectedItemResource>(client, vault, { method: "GET", path: protectedItemPath(vault, containerName, itemName), operation: "ProtectedItems.Get" });
        return response.body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/**
 * Creates or updates a protected item (protect, change policy, stop keeping data, undelete) and waits
 * for the operation. https://learn.microsoft.com/rest/api/backup/protected-items/create-or-update
 */
export async function putProtectedItem(client: ArmClient, vault: VaultRef, containerName: string, itemName: string, properties: ProtectedItemProperties, wait: WaitOptions): Promise<OperationState | undefined> {
    const first = await send(client, vault, {
        method: "PUT",
        path: protectedItemPath(vault, containerName, itemName),
        body: { properties },
        operation: "ProtectedItems.CreateOrUpdate",
        expectedStatus: [200, 202],
    });
    return first.status === 202 ? waitForOperation(client, vault, first, wait) : undefined;
}

/**
 * Stops protection and deletes the backup data (soft-deleted first when the vault keeps deleted items),
 * and waits. https://learn.microsoft.com/rest/api/backup/protected-items/delete
 */
export async function deleteProtectedItem(client: ArmClient, vault: VaultRef, containerName: string, itemName: string, wait: WaitOptions): Promise<void> {
    try {
        const first = await send(client, vault, { method: "DELETE", path: protectedItemPath(vault, containerName, itemName), operation: "ProtectedItems.Delete", expectedStatus: [200, 202, 204] });
        if (first.status === 202) await waitForOperation(client, vault, first, wait);
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}

/** Reads a policy by name; undefined when the vault has none of that name. */
export async function getPolicy(client: ArmClient, vault: VaultRef, policyName: string): Promise<PolicyResource | undefined> {
    try {
        return (await send<PolicyResource>(client, vault, { method: "GET", path: `${formatVaultId(vault)}/backupPolicies/${encodeURIComponent(policyName)}`, operation: "ProtectionPolicies.Get" })).body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/** Reads any ARM resource by id (a VM, a storage account, a share) to check it exists; undefined on 404. */
export async function getArmResource(client: ArmClient, id: string, apiVersion: string, operation: string): Promise<Record<string, unknown> | undefined> {
    try {
        return (await client.send<Record<string, unknown>>({ method: "GET", path: id, apiVersion, operation })).body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/**
 * Asks the vault to discover containers of one kind (VMs, storage accounts, VMs with workloads) and
 * waits for it. https://learn.microsoft.com/rest/api/backup/protection-containers/refresh
 */
export async function refreshContainers(client: ArmClient, vault: VaultRef, backupManagementType: BackupManagementType, wait: WaitOptions): Promise<void> {
    const first = await send(client, vault, {
        method: "POST",
        path: `${fabricPath(vault)}/refreshContainers?api-version=${backupApiVersion}&$filter=${encodeURIComponent(`backupManagementType eq '${backupManagementType}'`)}`,
        operation: "ProtectionContainers.Refresh",
        // Discovery changes nothing of the user's: asking twice is harmless.
        idempotent: true,
        expectedStatus: [200, 202, 204],
    });
    if (first.status === 202) await waitForOperation(client, vault, first, { ...wait, finalStateVia: "location" });
}

/** Lists protectable items matching an OData filter, following `nextLink` pages. */
export async function listProtectableItems(client: ArmClient, vault: VaultRef, filter: string): Promise<ProtectableItemResource[]> {
    return listAll<ProtectableItemResource>(client, vault, `${formatVaultId(vault)}/backupProtectableItems?api-version=${backupApiVersion}&$filter=${encodeURIComponent(filter)}`, "BackupProtectableItems.List");
}

/** Lists the vault's protected items matching an OData filter. */
export async function listProtectedItems(client: ArmClient, vault: VaultRef, filter: string): Promise<ProtectedItemResource[]> {
    return listAll<ProtectedItemResource>(client, vault, `${formatVaultId(vault)}/backupProtectedItems?api-version=${backupApiVersion}&$filter=${encodeURIComponent(filter)}`, "BackupProtectedItems.List");
}

async function listAll<T>(client: ArmClient, vault: VaultRef, firstPath: string, operation: string): Promise<T[]> {
    const items: T[] = [];
    let path: string | undefined = firstPath;
    for (let page = 0; path && page < 1000; page++) {
        const response: ArmResponse<{ value?: T[]; nextLink?: string }> = await send(client, vault, { method: "GET", path, operation });
        items.push(...(response.body?.value ?? []));
        path = response.body?.nextLink || undefined;
    }
    return items;
}

/** Reads a job; undefined when the vault does not know it. */
export async function getJob(client: ArmClient, vault: VaultRef, jobId: string): Promise<JobResource | undefined> {
    try {
        return (await send<JobResource>(client, vault, { method: "GET", path: `${formatVaultId(vault)}/backupJobs/${encodeURIComponent(jobId)}`, operation: "JobDetails.Get" })).body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/** A protection container (a storage account, or a VM whose workloads are backed up). */
export interface ProtectionContainerResource {
    id?: string;
    name?: string;
    properties: {
        containerType?: string;
        backupManagementType?: string;
        workloadType?: string;
        friendlyName?: string;
        sourceResourceId?: string;
        registrationStatus?: string;
        healthStatus?: string;
        protectedItemCount?: number;
        acquireStorageAccountLock?: string;
        [key: string]: unknown;
    };
}

/** Reads a container; undefined when the vault has none of that name (or it is not registered). */
export async function getProtectionContainer(client: ArmClient, vault: VaultRef, containerName: string): Promise<ProtectionContainerResource | undefined> {
    try {
        return (await send<ProtectionContainerResource>(client, vault, { method: "GET", path: containerPath(vault, containerName), operation: "ProtectionContainers.Get" })).body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/**
 * Registers a container with the vault and waits. https://learn.microsoft.com/rest/api/backup/protection-containers/register
 */
export async function registerProtectionContainer(client: ArmClient, vault: VaultRef, containerName: string, properties: ProtectionContainerResource["properties"], wait: WaitOptions): Promise<void> {
    const first = await send(client, vault, { method: "PUT", path: containerPath(vault, containerName), body: { properties }, operation: "ProtectionContainers.Register", expectedStatus: [200, 202] });
    if (first.status === 202) await waitForOperation(client, vault, first, wait);
}

/** Unregisters a container and waits. https://learn.microsoft.com/rest/api/backup/protection-containers/unregister */
export async function unregisterProtectionContainer(client: ArmClient, vault: VaultRef, containerName: string, wait: WaitOptions): Promise<void> {
    try {
        const first = await send(client, vault, { method: "DELETE", path: containerPath(vault, containerName), operation: "ProtectionContainers.Unregister", expectedStatus: [200, 202, 204] });
        if (first.status === 202) await waitForOperation(client, vault, first, wait);
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}

/**
 * Asks the vault to look inside a registered container for new items (databases, file shares) and
 * waits. https://learn.microsoft.com/rest/api/backup/protection-containers/inquire
 */
export async function inquireProtectionContainer(client: ArmClient, vault: VaultRef, containerName: string, wait: WaitOptions, filter?: string): Promise<void> {
    const query = filter ? `?api-version=${backupApiVersion}&$filter=${encodeURIComponent(filter)}` : "";
    const first = await send(client, vault, { method: "POST", path: `${containerPath(vault, containerName)}/inquire${query}`, operation: "ProtectionContainers.Inquire", idempotent: true, expectedStatus: [200, 202, 204] });
    if (first.status === 202) await waitForOperation(client, vault, first, wait);
}

/** A container the vault found but has not registered yet. */
export interface ProtectableContainerResource {
    name: string;
    properties: { containerId?: string; friendlyName?: string; backupManagementType?: string; protectableContainerType?: string; [key: string]: unknown };
}

/** Lists containers the vault can register, matching an OData filter. */
export async function listProtectableContainers(client: ArmClient, vault: VaultRef, filter: string): Promise<ProtectableContainerResource[]> {
    return listAll<ProtectableContainerResource>(client, vault, `${fabricPath(vault)}/protectableContainers?api-version=${backupApiVersion}&$filter=${encodeURIComponent(filter)}`, "ProtectableContainers.List");
}

/** A protection intent: protect what is (and will be) there, e.g. every database of a SQL instance. */
export interface ProtectionIntentResource {
    id?: string;
    name?: string;
    properties: {
        protectionIntentItemType: string;
        backupManagementType?: string;
        sourceResourceId?: string;
        itemId?: string;
        policyId?: string;
        protectionState?: string;
        workloadItemType?: string;
        [key: string]: unknown;
    };
}

function intentPath(vault: VaultRef, intentName: string): string {
    return `${fabricPath(vault)}/backupProtectionIntent/${encodeURIComponent(intentName)}`;
}

/** Reads a protection intent; undefined when there is none of that name. */
export async function getProtectionIntent(client: ArmClient, vault: VaultRef, intentName: string): Promise<ProtectionIntentResource | undefined> {
    try {
        return (await send<ProtectionIntentResource>(client, vault, { method: "GET", path: intentPath(vault, intentName), operation: "ProtectionIntent.Get" })).body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/** Creates or updates a protection intent (synchronous). https://learn.microsoft.com/rest/api/backup/protection-intent/create-or-update */
export async function putProtectionIntent(client: ArmClient, vault: VaultRef, intentName: string, properties: ProtectionIntentResource["properties"]): Promise<ProtectionIntentResource> {
    return (await send<ProtectionIntentResource>(client, vault, { method: "PUT", path: intentPath(vault, intentName), body: { properties }, operation: "ProtectionIntent.CreateOrUpdate", expectedStatus: [200, 201] })).body;
}

/** Deletes a protection intent; items it protected stay protected. */
export async function deleteProtectionIntent(client: ArmClient, vault: VaultRef, intentName: string): Promise<void> {
    try {
        await send(client, vault, { method: "DELETE", path: intentPath(vault, intentName), operation: "ProtectionIntent.Delete", expectedStatus: [200, 204] });
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}

/** Lists the vault's jobs matching an OData filter (`status eq 'InProgress'`, …). */
export async function listJobs(client: ArmClient, vault: VaultRef, filter?: string): Promise<JobResource[]> {
    const query = filter ? `&$filter=${encodeURIComponent(filter)}` : "";
    return listAll<JobResource>(client, vault, `${formatVaultId(vault)}/backupJobs?api-version=${backupApiVersion}${query}`, "BackupJobs.List");
}

/** A recovery point of a protected item. */
export interface RecoveryPointResource {
    id?: string;
    name: string;
    properties: {
        objectType?: string;
        recoveryPointTime?: string;
        /** Workload (SQL) points carry their time here instead. */
        recoveryPointTimeInUTC?: string;
        recoveryPointExpiryTimeInUTC?: string;
        recoveryPointProperties?: { expiryTime?: string; [key: string]: unknown };
        type?: string;
        [key: string]: unknown;
    };
}

/** When the point was taken: VM and file-share points say `recoveryPointTime`, workload points `recoveryPointTimeInUTC`. */
export function recoveryPointTimeOf(point: RecoveryPointResource): string | undefined {
    return point.properties.recoveryPointTime ?? point.properties.recoveryPointTimeInUTC;
}

/** When the point expires, where the service says (`recoveryPointExpiryTimeInUTC`, or `recoveryPointProperties.expiryTime`). */
export function recoveryPointExpiryOf(point: RecoveryPointResource): string | undefined {
    return point.properties.recoveryPointExpiryTimeInUTC ?? point.properties.recoveryPointProperties?.expiryTime;
}

/**
 * Starts an on-demand backup of a protected item (202; the operation status names the job), and
 * returns that first answer for the caller to follow. https://learn.microsoft.com/rest/api/backup/backups/trigger
 */
export async function triggerBackup(client: ArmClient, vault: VaultRef, containerName: string, itemName: string, properties: Record<string, unknown>): Promise<ArmResponse> {
    // Not retried after the server may have acted: a second POST is a second backup.
    return send(client, vault, { method: "POST", path: `${protectedItemPath(vault, containerName, itemName)}/backup`, body: { properties }, operation: "Backups.Trigger", idempotent: false, expectedStatus: [202] });
}

/** Lists an item's recovery points, optionally from `startDate` (the service's `$filter`). */
export async function listRecoveryPoints(client: ArmClient, vault: VaultRef, containerName: string, itemName: string, startDate?: Date): Promise<RecoveryPointResource[]> {
    const filter = startDate ? `&$filter=${encodeURIComponent(`startDate eq '${startDate.toISOString()}'`)}` : "";
    return listAll<RecoveryPointResource>(client, vault, `${protectedItemPath(vault, containerName, itemName)}/recoveryPoints?api-version=${backupApiVersion}${filter}`, "RecoveryPoints.List");
}

/** Reads a recovery point; undefined when it is gone (expired or deleted). */
export async function getRecoveryPoint(client: ArmClient, vault: VaultRef, containerName: string, itemName: string, recoveryPointName: string): Promise<RecoveryPointResource | undefined> {
    try {
        return (await send<RecoveryPointResource>(client, vault, { method: "GET", path: `${protectedItemPath(vault, containerName, itemName)}/recoveryPoints/${encodeURIComponent(recoveryPointName)}`, operation: "RecoveryPoints.Get" })).body;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/** The name of a SQL item's log chain as a recovery point: point-in-time restores are posted to it. */
export const logRangeRecoveryPoint = "DefaultRangeRecoveryPoint";

/**
 * Starts a restore from a recovery point (202; the operation status names the Restore job) and returns
 * that first answer. https://learn.microsoft.com/rest/api/backup/restores/trigger
 */
export async function triggerRestore(client: ArmClient, vault: VaultRef, containerName: string, itemName: string, recoveryPointName: string, properties: Record<string, unknown>): Promise<ArmResponse> {
    // Not retried after the server may have acted: a second POST is a second restore.
    const path = `${protectedItemPath(vault, containerName, itemName)}/recoveryPoints/${encodeURIComponent(recoveryPointName)}/restore`;
    return send(client, vault, { method: "POST", path, body: { properties }, operation: "Restores.Trigger", idempotent: false, expectedStatus: [202] });
}

/** A SQL item's point-in-time ranges (its log chain), as `restorePointQueryType eq 'Log'` answers them. */
export async function listLogTimeRanges(client: ArmClient, vault: VaultRef, containerName: string, itemName: string): Promise<Array<{ startTime: string; endTime: string }>> {
    const filter = encodeURIComponent("restorePointQueryType eq 'Log'");
    const points = await listAll<RecoveryPointResource>(client, vault, `${protectedItemPath(vault, containerName, itemName)}/recoveryPoints?api-version=${backupApiVersion}&$filter=${filter}`, "RecoveryPoints.List");
    return points.flatMap((point) => (Array.isArray(point.properties.timeRanges) ? (point.properties.timeRanges as Array<{ startTime: string; endTime: string }>) : []));
}
