import * as pulumi from "@pulumi/pulumi";
import type { ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { getArmResource, getProtectionContainer, inquireProtectionContainer, listProtectableItems, type PolicyResource } from "./api";
import { checkProtectionInputs, verifyPolicy, type CheckedProtectionInputs, type ProtectionOutputs, type ProtectionWorkload } from "./protection";
import { containerKindOf } from "./protectionContainer";
import { ProtectedItemResource, type ProtectedItemArgs } from "./protectedItemResource";
import { protectionOutputPlaceholders, protectionResourceProvider } from "./protectionProvider";
import { sameArmId } from "./vaultRef";

const computeApiVersion = "2024-07-01";
const vmIdPattern = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+\/?$/i;
// SQL Server instance names: MSSQLSERVER (the default instance) or a named instance.
const instanceNamePattern = /^[A-Za-z_][A-Za-z0-9_$#]{0,15}$/;

/** Inputs of {@link SqlDatabaseProtection}. */
export interface SqlDatabaseProtectionArgs extends ProtectedItemArgs {
    /** ARM id of the VM running SQL Server, registered by a `ProtectionContainer` (pass its `sourceResourceId`). */
    vmId: pulumi.Input<string>;
    /** SQL Server instance, e.g. MSSQLSERVER (the default instance). */
    instanceName: pulumi.Input<string>;
    /** Database name. */
    databaseName: pulumi.Input<string>;
}

/** Inputs after `check`. */
export interface CheckedSqlDatabaseProtectionInputs extends CheckedProtectionInputs {
    vmId: string;
    instanceName: string;
    databaseName: string;
}

/** Outputs of {@link SqlDatabaseProtection}. */
export interface SqlDatabaseProtectionOutputs extends ProtectionOutputs {
    vmId: string;
    instanceName: string;
    databaseName: string;
}

/** Why a policy cannot protect SQL databases, or undefined when it can. */
export function sqlPolicyProblem(policy: PolicyResource): string | undefined {
    if (policy.properties.backupManagementType !== "AzureWorkload") return `is for ${policy.properties.backupManagementType} items; a SQL database needs an AzureWorkload policy for SQLDataBase`;
    const workload = policy.properties.workLoadType;
    return workload && workload.toLowerCase() !== "sqldatabase" ? `is for ${workload} workloads; a SQL database needs one for SQLDataBase` : undefined;
}

/** Checks the VM and the SQL instance, shared with the SQL instance's protection intent. */
export function checkSqlHost(checker: InputChecker, news: Record<string, any>, checked: Record<string, unknown>): void {
    if (isUnknown(news.vmId)) checked.vmId = news.vmId;
    else if (typeof news.vmId !== "string" || !vmIdPattern.test(news.vmId)) {
        checker.fail("vmId", "vmId must be the ARM id of the VM running SQL Server: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>");
    } else checked.vmId = news.vmId;
    const instance = checker.requiredString("instanceName", news.instanceName);
    if (instance !== undefined && !instanceNamePattern.test(instance)) {
        checker.fail("instanceName", `instanceName must be a SQL Server instance name (MSSQLSERVER for the default instance): 1 to 16 letters, digits, "_", "$" or "#", starting with a letter or "_"; got ${JSON.stringify(instance.slice(0, 80))}`);
    } else checked.instanceName = isUnknown(news.instanceName) ? news.instanceName : instance;
}

/** Validates and normalizes inputs before any API call. */
export function checkSqlDatabaseProtectionInputs(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    const checked: Record<string, unknown> = checkProtectionInputs(checker, news);
    checkSqlHost(checker, news, checked);
    const database = checker.requiredString("databaseName", news.databaseName);
    if (database !== undefined && (database.length > 128 || /[\u0000-\u001f]/.test(database))) {
        checker.fail("databaseName", "databaseName must be 1 to 128 characters without control characters");
    } else checked.databaseName = isUnknown(news.databaseName) ? news.databaseName : database;
    return checker.result(checked);
}

/** How SQL databases in VMs are found (in the registered VM container, by instance and name) and protected. */
export const sqlWorkload: ProtectionWorkload<CheckedSqlDatabaseProtectionInputs> = {
    resource: "SqlDatabaseProtection",
    backupManagementType: "AzureWorkload",
    protectedItemType: "AzureVmWorkloadSQLDatabase",
    policyProblem: sqlPolicyProblem,
    knownNames: (inputs) => ({
        containerName: containerKindOf(inputs.vmId)!.knownName,
        protectedItemName: `SQLDataBase;${inputs.instanceName.toLowerCase()};${inputs.databaseName.toLowerCase()}`,
    }),
    async discover(client, vault, inputs, wait) {
        const containerName = containerKindOf(inputs.vmId)!.knownName;
        const container = await getProtectionContainer(client, vault, containerName);
        if (!container || container.properties.registrationStatus?.toLowerCase() !== "registered") {
            throw new Error(`SqlDatabaseProtection: VM ${inputs.vmId} is not registered with vault ${vault.name} for SQL workloads: declare a ProtectionContainer for it and pass its sourceResourceId as vmId`);
        }
        const inContainer = (id: string | undefined) => (id ?? "").toLowerCase().includes(`/protectioncontainers/${containerName.toLowerCase()}/`);
        const find = async () =>
            (await listProtectableItems(client, vault, "backupManagementType eq 'AzureWorkload' and workloadType eq 'SQLDataBase'")).find(
                (item) =>
                    inContainer(item.id) &&
                    (item.properties.protectableItemType ?? "").toLowerCase() === "sqldatabase" &&
                    item.properties.friendlyName?.toLowerCase() === inputs.databaseName.toLowerCase() &&
                    (item.properties.parentName ?? "").toLowerCase() === inputs.instanceName.toLowerCase(),
            );
        let found = await find();
        if (!found) {
            // Seed 002: databases are known to the vault once it has inquired the registered VM.
            wait.log.info(`database ${inputs.instanceName}/${inputs.databaseName} not known to the vault yet: inquiring ${containerName}`);
            await inquireProtectionContainer(client, vault, containerName, wait);
            found = await find();
        }
        if (!found) throw new Error(`SqlDatabaseProtection: the vault finds no database ${JSON.stringify(inputs.databaseName)} in SQL instance ${JSON.stringify(inputs.instanceName)} on ${inputs.vmId}`);
        return { containerName, protectedItemName: found.name };
    },
    bodyProperties: (inputs) => ({ sourceResourceId: inputs.vmId, workloadType: "SQLDataBase" }),
    friendlyName: (inputs) => inputs.databaseName,
    liveMatches: () => true,
};

/** Reads during `check` what only Azure knows (never writes): the VM exists and the policy fits. */
async function verifyReferences(client: ArmClient, inputs: Record<string, any>): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = (await verifyPolicy(client, inputs, sqlWorkload)).map(([property, reason]) => ({ property, reason }));
    if (typeof inputs.vmId === "string" && !isUnknown(inputs.vmId) && !(await getArmResource(client, inputs.vmId, computeApiVersion, "VirtualMachines.Get"))) {
        failures.push({ property: "vmId", reason: `vmId: no VM ${inputs.vmId} exists` });
    }
    return failures;
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const sqlDatabaseProtectionProvider = protectionResourceProvider<CheckedSqlDatabaseProtectionInputs, SqlDatabaseProtectionOutputs>({
    workload: sqlWorkload,
    check: checkSqlDatabaseProtectionInputs,
    verify: verifyReferences,
    comparisons: (olds, news) => {
        const ci = (a: unknown, b: string | undefined) => (typeof a === "string" && b !== undefined && a.toLowerCase() === b.toLowerCase() ? b : a);
        return [
            { field: "vmId", desired: typeof news.vmId === "string" && sameArmId(news.vmId, olds.vmId) ? olds.vmId : news.vmId, live: olds.vmId, replaces: true },
            { field: "instanceName", desired: ci(news.instanceName, olds.instanceName), live: olds.instanceName, replaces: true },
            { field: "databaseName", desired: ci(news.databaseName, olds.databaseName), live: olds.databaseName, replaces: true },
        ];
    },
    outputs: (inputs) => ({ vmId: inputs.vmId, instanceName: inputs.instanceName, databaseName: inputs.databaseName }),
    inputsFromLive: (stored) => ({ vmId: stored.vmId, instanceName: stored.instanceName, databaseName: stored.databaseName }),
    sourceResourceId: (stored) => stored.vmId,
    label: (values) => values.databaseName,
});

const provider = lazyProvider("dist/provider/azurebackup/sqlDatabaseProtection", "sqlDatabaseProtectionProvider");

/**
 * Azure Backup protection of a SQL Server database inside an Azure VM: found in the VM's registered
 * container by instance and name (inquiring when it is new), protected with an AzureWorkload policy.
 * `pulumi destroy` keeps the backup data unless `onDelete: "deleteData"`.
 */
export class SqlDatabaseProtection extends ProtectedItemResource {
    declare readonly vmId: pulumi.Output<string>;
    declare readonly instanceName: pulumi.Output<string>;
    declare readonly databaseName: pulumi.Output<string>;

    constructor(name: string, args: SqlDatabaseProtectionArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...protectionOutputPlaceholders, ...args }, opts, "azurebackup", "SqlDatabaseProtection");
    }
}
