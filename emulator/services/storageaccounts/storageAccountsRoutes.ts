import { ArmError } from "../../platform/arm/armErrors";
import { ok, type ArmOperationRequest, type ArmRoute } from "../../platform/arm/armOperation";
import type { StorageAccountsHandler, StorageAccountTarget } from "./storageAccountsHandler";

const ACCOUNT = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}";

/** The Microsoft.Storage route table: reading seeded storage accounts and file shares. */
export function storageAccountsRoutes(handler: StorageAccountsHandler): ArmRoute[] {
    return [
        { method: "GET", template: ACCOUNT, operation: "StorageAccounts.GetProperties", handler: (request) => ok(handler.getStorageAccount(accountTarget(request))) },
        {
            method: "GET",
            template: `${ACCOUNT}/fileServices/{fileServicesName}/shares/{shareName}`,
            operation: "FileShares.Get",
            handler: (request) => {
                // The file service of an account is always named `default`.
                if (request.params.fileServicesName.toLowerCase() !== "default") {
                    throw new ArmError(400, "InvalidResourceName", `The resource name '${request.params.fileServicesName}' is invalid; the file service must be named 'default'.`);
                }
                return ok(handler.getFileShare(accountTarget(request), request.params.shareName));
            },
        },
    ];
}

function accountTarget({ params }: ArmOperationRequest): StorageAccountTarget {
    return { subscriptionId: params.subscriptionId, resourceGroupName: params.resourceGroupName, accountName: params.accountName };
}
