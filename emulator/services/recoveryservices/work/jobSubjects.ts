import type { ContainerRecord, ProtectedItemRecord } from "../state/models";
import type { JobSubject } from "./jobBook";

/**
 * What a job says about a protected item, by workload, as the live jobs do: VM jobs carry
 * `virtualMachineVersion` and the `VM Name` property (GetJobDetails.json); file-share jobs carry the
 * storage account and the `File Share Name` / `Storage Account Name` / `Policy Name` properties (the
 * file-share article's job); SQL database jobs name `{instance}/{db} [{server}]` (the SQL REST article's job).
 */
export function itemJobSubject(item: ProtectedItemRecord, policyName?: string): JobSubject {
    switch (item.backupManagementType) {
        case "AzureIaasVM":
            return {
                backupManagementType: "AzureIaasVM",
                entityFriendlyName: item.friendlyName,
                propertyBag: { "VM Name": item.friendlyName, ...(policyName ? { "Policy Name": policyName } : {}) },
                extra: { virtualMachineVersion: "Compute", containerName: item.containerName },
            };
        case "AzureStorage": {
            const accountName = accountNameOf(item.sourceResourceId);
            return {
                backupManagementType: "AzureStorage",
                entityFriendlyName: item.friendlyName,
                propertyBag: { "File Share Name": item.friendlyName, "Storage Account Name": accountName, ...(policyName ? { "Policy Name": policyName } : {}) },
                extra: { storageAccountName: accountName, storageAccountVersion: "Storage" },
            };
        }
        case "AzureWorkload":
            // `MSSQLSERVER/msDB [sqlserver-0.contoso.com]`, as the SQL REST article's job shows.
            return {
                backupManagementType: "AzureWorkload",
                entityFriendlyName: `${String(item.extra.parentName ?? "")}/${item.friendlyName} [${String(item.extra.serverName ?? "")}]`,
                propertyBag: { ...(policyName ? { "Policy Name": policyName } : {}) },
                extra: { workloadType: item.workloadType },
            };
    }
}

/** What a Register or UnRegister job says about a container. */
export function containerJobSubject(container: ContainerRecord): JobSubject {
    if (container.backupManagementType === "AzureStorage") {
        return {
            backupManagementType: "AzureStorage",
            entityFriendlyName: container.friendlyName,
            propertyBag: { "Storage Account Name": container.friendlyName },
            extra: { storageAccountName: container.friendlyName, storageAccountVersion: "Storage" },
        };
    }
    if (container.containerType === "VMAppContainer") {
        return { backupManagementType: "AzureWorkload", entityFriendlyName: container.friendlyName, propertyBag: {}, extra: { workloadType: "SQLDataBase" } };
    }
    return { backupManagementType: container.backupManagementType, entityFriendlyName: container.friendlyName, propertyBag: {}, extra: {} };
}

function accountNameOf(storageAccountId: string): string {
    return storageAccountId.split("/").filter(Boolean).pop() ?? storageAccountId;
}
