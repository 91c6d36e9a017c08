import { deleted, object, ok, route, upserted, type ControlRoute } from "../../../control/controlRouteHelpers";
import type { SyncanoControlHandler } from "./syncanoControlHandler";

const ACCOUNT = "/_emulator/syncano/accounts/{email}";
const INSTANCE = "/_emulator/syncano/instances/{name}";
const BACKUP = "/_emulator/syncano/backups/{id}";

/**
 * The Syncano server's control API (`/_emulator/...`, no auth, no faults): health and reset, faults
 * and request counters as on the Azure emulator, and under `/_emulator/syncano/` accounts,
 * instances and their objects, backups and restores, timings and forced outcomes.
 */
export function syncanoControlRoutes(handler: SyncanoControlHandler, url: () => string): ControlRoute[] {
    return [
        route("GET", "/_emulator/health", "Health", () => ok({ status: "ok", url: url() })),
        route("POST", "/_emulator/reset", "Reset", () => {
            handler.reset();
            return ok({ reset: true });
        }),
        route("POST", "/_emulator/faults", "AddFault", ({ body }) => ({ status: 201, body: handler.addFault(body) })),
        route("GET", "/_emulator/faults", "ListFaults", () => ok({ value: handler.listFaults() })),
        route("DELETE", "/_emulator/faults", "ClearFaults", () => ok({ deleted: handler.clearFaults() })),
        route("DELETE", "/_emulator/faults/{id}", "DeleteFault", ({ params }) => deleted(() => handler.deleteFault(params.id))),
        route("GET", "/_emulator/requests", "GetRequests", () => ok(handler.requests())),
        route("DELETE", "/_emulator/requests", "ClearRequests", () => deleted(() => handler.clearRequests())),

        route("GET", "/_emulator/syncano/accounts", "ListSyncanoAccounts", () => ok({ value: handler.listAccounts() })),
        route("PUT", ACCOUNT, "PutSyncanoAccount", ({ params, body }) => upserted(handler.putAccount(params.email, object(body)))),
        route("GET", `${ACCOUNT}/backups`, "ListSyncanoAccountBackups", ({ params }) => ok({ value: handler.listBackups(params.email) })),
        route("PUT", INSTANCE, "PutSyncanoInstance", ({ params, body }) => upserted(handler.putInstance(params.name, object(body)))),
        route("GET", INSTANCE, "GetSyncanoInstance", ({ params }) => ok(handler.getInstance(params.name))),
        route("DELETE", INSTANCE, "DeleteSyncanoInstance", ({ params }) => deleted(() => handler.deleteInstance(params.name))),
        route("PUT", `${INSTANCE}/objects`, "PutSyncanoInstanceObjects", ({ params, body }) => ok(handler.putInstanceObjects(params.name, body))),
        route("GET", `${INSTANCE}/restores`, "ListSyncanoRestores", ({ params }) => ok({ value: handler.listRestores(params.name) })),
        route("GET", "/_emulator/syncano/backups", "ListSyncanoBackups", () => ok({ value: handler.listBackups() })),
        route("GET", BACKUP, "GetSyncanoBackup", ({ params }) => ok(handler.getBackup(params.id))),
        route("DELETE", BACKUP, "DeleteSyncanoBackup", ({ params }) => deleted(() => handler.deleteBackup(params.id))),
        route("PUT", `${BACKUP}/status`, "SetSyncanoBackupStatus", ({ params, body }) => ok(handler.setBackupStatus(params.id, object(body)))),
        route("GET", "/_emulator/syncano/behaviour", "GetSyncanoBehaviour", () => ok(handler.behaviour())),
        route("PUT", "/_emulator/syncano/behaviour", "PutSyncanoBehaviour", ({ body }) => ok(handler.updateBehaviour(body ?? {}))),
        route("POST", "/_emulator/syncano/outcomes", "AddSyncanoOutcome", ({ body }) => ({ status: 201, body: handler.addOutcome(body) })),
        route("GET", "/_emulator/syncano/outcomes", "ListSyncanoOutcomes", () => ok({ value: handler.listOutcomes() })),
        route("DELETE", "/_emulator/syncano/outcomes", "ClearSyncanoOutcomes", () => ok({ deleted: handler.clearOutcomes() })),
    ];
}
