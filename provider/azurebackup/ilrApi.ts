import type { ArmClient, ArmRequest, ArmResponse } from "../core/arm/armClient";
import { vaultConcurrency } from "../core/util/keyedConcurrency";
import { backupApiVersion, isNotFound, protectedItemPath, waitForOperation, type WaitOptions } from "./api";
import { formatVaultId, type VaultRef } from "./vaultRef";

/**
 * Typed calls of file-level recovery (ItemLevelRecoveryConnections, "ILR") of a VM recovery point.
 * https://learn.microsoft.com/rest/api/backup/item-level-recovery-connections
 */

/**
 * The api-version of `listInstantItemRecoveryOperationResult`: the operation exists from 2026-08-01;
 * this is the newest stable version, the one the official example uses (ListInstantItemRecoveryOperationResult.json).
 */
export const ilrResultApiVersion = "2026-11-01";

/** A recovery point of a protected item, by its parts. */
export interface RecoveryPointRef {
    vault: VaultRef;
    containerName: string;
    itemName: string;
    recoveryPointName: string;
}

/** `ClientScriptForConnect`: one mount script of a session; `scriptNameSuffix` embeds the session's password. */
export interface ClientScript {
    scriptContent?: string;
    scriptExtension?: string;
    osType?: string;
    url?: string;
    scriptNameSuffix?: string;
}

/** `IaasVMILRRegistrationRequest` properties (the `objectType` is added). */
export interface IlrRegistrationRequest {
    initiatorName: string;
    /** The recovery point's name (the official example sends it again in the body). */
    recoveryPointId: string;
    virtualMachineId?: string;
    /** Replace the point's session, if any, instead of failing: the service keeps one session per point. */
    renewExistingRegistration: boolean;
}

/** What a provision ended with: the operation's id and, on api-versions before 2026-08-01, the scripts. */
export interface ProvisionResult {
    operationId?: string;
    clientScripts?: ClientScript[];
}

function recoveryPointPath(point: RecoveryPointRef): string {
    return `${protectedItemPath(point.vault, point.containerName, point.itemName)}/recoveryPoints/${encodeURIComponent(point.recoveryPointName)}`;
}

function send<T>(client: ArmClient, vault: VaultRef, request: ArmRequest): Promise<ArmResponse<T>> {
    return vaultConcurrency().run(formatVaultId(vault), () => client.send<T>({ apiVersion: backupApiVersion, ...request }));
}

// The GUID at the end of an Azure-AsyncOperation or Location URL (`…/operationsStatus/{id}?api-version=…`).
function operationIdOf(response: ArmResponse): string | undefined {
    const url = response.headers["azure-asyncoperation"] ?? response.headers["azure-async-operation"] ?? response.headers["location"];
    return url ? /\/(?:operationsStatus|operationResults)\/([^/?]+)/i.exec(url)?.[1] : undefined;
}

function clientScriptsOf(value: unknown): ClientScript[] | undefined {
    const scripts = (value as { recoveryTarget?: { clientScripts?: unknown } } | undefined)?.recoveryTarget?.clientScripts ?? (value as { clientScripts?: unknown } | undefined)?.clientScripts;
    return Array.isArray(scripts) ? (scripts as ClientScript[]) : undefined;
}

/**
 * Mounts a VM recovery point for an iSCSI initiator and waits for the operation; older api-versions
 * return the scripts in the operation's status (`OperationStatusProvisionILRExtendedInfo`).
 * https://learn.microsoft.com/rest/api/backup/item-level-recovery-connections/provision
 */
export async function provisionInstantItemRecovery(client: ArmClient, point: RecoveryPointRef, request: IlrRegistrationRequest, wait: WaitOptions): Promise<ProvisionResult> {
    const first = await send(client, point.vault, {
        method: "POST",
        path: `${recoveryPointPath(point)}/provisionInstantItemRecovery`,
        body: { properties: { objectType: "IaasVMILRRegistrationRequest", ...request } },
        operation: "ItemLevelRecoveryConnections.Provision",
        // With renewExistingRegistration a second POST replaces the first's session: sending it twice is harmless.
        idempotent: request.renewExistingRegistration,
        expectedStatus: [200, 202],
    });
    const state = first.status === 202 ? await waitForOperation(client, point.vault, first, wait) : undefined;
    return { operationId: operationIdOf(first), clientScripts: clientScriptsOf(state?.properties ?? first.body) };
}

/**
 * Ends the point's file-recovery session (the script stops working) and waits; a point or item that
 * is gone has no session to revoke. https://learn.microsoft.com/rest/api/backup/item-level-recovery-connections/revoke
 */
export async function revokeInstantItemRecovery(client: ArmClient, point: RecoveryPointRef, wait: WaitOptions): Promise<void> {
    try {
        const first = await send(client, point.vault, {
            method: "POST",
            path: `${recoveryPointPath(point)}/revokeInstantItemRecovery`,
            operation: "ItemLevelRecoveryConnections.Revoke",
            // Revoking twice is harmless.
            idempotent: true,
            expectedStatus: [200, 202, 204],
        });
        if (first.status === 202) await waitForOperation(client, point.vault, first, wait);
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}

/**
 * The mount scripts of the point's active session; undefined when it has none (expired, revoked, or
 * the point is gone: the service answers 404). Reading changes nothing, so it is retried as a GET is.
 * https://learn.microsoft.com/rest/api/backup/item-level-recovery-connections/list-instant-item-recovery-operation-result
 */
export async function listInstantItemRecoveryOperationResult(client: ArmClient, point: RecoveryPointRef, operationId?: string): Promise<ClientScript[] | undefined> {
    try {
        const response = await send<{ clientScripts?: ClientScript[] }>(client, point.vault, {
            method: "POST",
            path: `${recoveryPointPath(point)}/listInstantItemRecoveryOperationResult`,
            apiVersion: ilrResultApiVersion,
            body: operationId ? { provisionInstantItemRecoveryOperationId: operationId } : {},
            operation: "ItemLevelRecoveryConnections.ListInstantItemRecoveryOperationResult",
            idempotent: true,
            expectedStatus: [200],
        });
        return clientScriptsOf(response.body) ?? [];
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}
