import type { RouteDefinition } from "../../../platform/pipeline/router";
import { deleted, ok, route, upserted, type ControlEndpoint } from "../../../control/controlRouteHelpers";
import type { StorageAccountsControlHandler } from "./storageAccountsControlHandler";

const ACCOUNT = "/_emulator/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/storageAccounts/{accountName}";
const SHARE = `${ACCOUNT}/fileShares/{shareName}`;
const ACCOUNT_STATE = "/_emulator/state/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}";
const SHARE_STATE =
    "/_emulator/state/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}/fileServices/default/shares/{shareName}";

/** Control routes of the Microsoft.Storage emulation: seeding accounts and shares, reading and writing a share's files, reading the blobs restores wrote into an account. */
export function storageAccountsControlRoutes(handler: StorageAccountsControlHandler): RouteDefinition<ControlEndpoint>[] {
    return [
        route("PUT", ACCOUNT, "PutStorageAccount", ({ params: p, body }) => upserted(handler.putStorageAccount(p.subscriptionId, p.resourceGroupName, p.accountName, body))),
        route("DELETE", ACCOUNT, "DeleteStorageAccount", ({ params: p }) => deleted(() => handler.deleteStorageAccount(p.subscriptionId, p.resourceGroupName, p.accountName))),
        route("PUT", SHARE, "PutFileShare", ({ params: p, body }) => upserted(handler.putFileShare(p.subscriptionId, p.resourceGroupName, p.accountName, p.shareName, body))),
        route("DELETE", SHARE, "DeleteFileShare", ({ params: p }) => deleted(() => handler.deleteFileShare(p.subscriptionId, p.resourceGroupName, p.accountName, p.shareName))),
        route("GET", `${ACCOUNT_STATE}/blobs`, "GetStorageAccountBlobs", ({ params: p }) => ok(handler.getBlobs(p.subscriptionId, p.resourceGroupName, p.accountName))),
        route("GET", `${SHARE_STATE}/files`, "GetFileShareFiles", ({ params: p }) => ok(handler.getFiles(p.subscriptionId, p.resourceGroupName, p.accountName, p.shareName))),
        route("PUT", `${SHARE_STATE}/files`, "PutFileShareFiles", ({ params: p, body }) => ok(handler.putFiles(p.subscriptionId, p.resourceGroupName, p.accountName, p.shareName, body))),
    ];
}
