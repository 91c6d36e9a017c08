import type { RouteDefinition } from "../../../platform/pipeline/router";
import { deleted, ok, route, upserted, type ControlEndpoint, type ControlRequest, type ControlResult } from "../../../control/controlRouteHelpers";
import type { VaultTarget } from "../names/backupIds";
import type { RecoveryServicesControlHandler } from "./recoveryServicesControlHandler";

const VAULT_SEED = "/_emulator/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/vaults/{vaultName}";
/** Path of a vault in the state routes: `/_emulator/state` + the vault's ARM id. */
export const STATE_VAULT = "/_emulator/state/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}";
const STATE_ITEM = `${STATE_VAULT}/protectedItems/{itemName}`;

/**
 * Control routes of the Azure Backup emulation: vault seeding, live state and out-of-band edits under
 * `/_emulator/state/<vault id>/…`, and the service's knobs under `/_emulator/recoveryservices/…`.
 * Every route first catches the backup timeline up, so what it reads or changes is current.
 */
export function recoveryServicesControlRoutes(handler: RecoveryServicesControlHandler, catchUp: () => void): RouteDefinition<ControlEndpoint>[] {
    const current = (endpoint: ControlEndpoint) => (request: ControlRequest): ControlResult => {
        catchUp();
        return endpoint(request);
    };
    const r = (method: string, template: string, name: string, endpoint: ControlEndpoint) => route(method, template, name, current(endpoint));
    return [
        r("PUT", VAULT_SEED, "PutVault", ({ params: p, body }) => upserted(handler.putVault(p.subscriptionId, p.resourceGroupName, p.vaultName, body))),
        r("DELETE", VAULT_SEED, "DeleteVault", ({ params: p }) => deleted(() => handler.deleteVault(p.subscriptionId, p.resourceGroupName, p.vaultName))),
        r("GET", STATE_VAULT, "GetVaultState", ({ params }) => ok(handler.getVault(vaultOf(params)))),
        r("PATCH", STATE_VAULT, "PatchVaultState", ({ params, body }) => ok(handler.patchVault(vaultOf(params), body))),
        r("PUT", `${STATE_VAULT}/backupPolicies/{policyName}`, "PutBackupPolicy", ({ params, body }) => ok(handler.putPolicy(vaultOf(params), params.policyName, body))),
        r("GET", `${STATE_VAULT}/containers`, "ListStoredContainers", ({ params }) => ok(handler.listContainers(vaultOf(params)))),
        r("GET", `${STATE_VAULT}/protectedItems`, "ListStoredProtectedItems", ({ params }) => ok(handler.listItems(vaultOf(params)))),
        r("GET", STATE_ITEM, "GetStoredProtectedItem", ({ params }) => ok(handler.getItem(vaultOf(params), params.itemName))),
        r("DELETE", STATE_ITEM, "DeleteStoredProtectedItem", ({ params }) => deleted(() => handler.deleteItem(vaultOf(params), params.itemName))),
        r("POST", `${STATE_ITEM}/setPolicy`, "SetProtectedItemPolicy", ({ params, body }) => ok(handler.setItemPolicy(vaultOf(params), params.itemName, body))),
        r("POST", `${STATE_ITEM}/stopProtection`, "StopProtectedItemProtection", ({ params }) => ok(handler.stopItemProtection(vaultOf(params), params.itemName))),
        r("POST", `${STATE_ITEM}/softDelete`, "SoftDeleteProtectedItem", ({ params }) => ok(handler.softDeleteItem(vaultOf(params), params.itemName))),
        r("GET", `${STATE_ITEM}/recoveryPoints`, "ListStoredRecoveryPoints", ({ params }) => ok(handler.listRecoveryPoints(vaultOf(params), params.itemName))),
        r("GET", `${STATE_ITEM}/logChain`, "GetStoredLogChain", ({ params }) => ok(handler.getLogChain(vaultOf(params), params.itemName))),
        r("GET", `${STATE_ITEM}/recoveryPoints/{recoveryPointName}/ilrSession`, "GetStoredIlrSession", ({ params }) => ok(handler.getIlrSession(vaultOf(params), params.itemName, params.recoveryPointName))),
        r("GET", `${STATE_VAULT}/jobs`, "ListStoredJobs", ({ params }) => ok(handler.listJobs(vaultOf(params)))),
        r("GET", `${STATE_VAULT}/restores`, "ListStoredRestores", ({ params }) => ok(handler.listRestores(vaultOf(params)))),
        r("GET", "/_emulator/recoveryservices/clock", "GetBackupClock", () => ok(handler.clockState())),
        r("POST", "/_emulator/recoveryservices/clock", "AdvanceBackupClock", ({ body }) => ok(handler.advanceClock(body))),
        r("GET", "/_emulator/recoveryservices/behaviour", "GetRecoveryServicesBehaviour", () => ok(handler.behaviour())),
        r("PUT", "/_emulator/recoveryservices/behaviour", "PutRecoveryServicesBehaviour", ({ body }) => ok(handler.updateBehaviour(body ?? {}))),
        r("POST", "/_emulator/recoveryservices/failures", "AddForcedFailure", ({ body }) => ({ status: 201, body: handler.addFailure(body) })),
        r("GET", "/_emulator/recoveryservices/failures", "ListForcedFailures", () => ok({ value: handler.listFailures() })),
        r("DELETE", "/_emulator/recoveryservices/failures", "ClearForcedFailures", () => ok({ deleted: handler.clearFailures() })),
    ];
}

function vaultOf(params: Record<string, string>): VaultTarget {
    return { subscriptionId: params.subscriptionId, resourceGroupName: params.resourceGroupName, vaultName: params.vaultName };
}
