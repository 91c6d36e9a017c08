import * as assert from "node:assert/strict";
import type { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { readUntil } from "../../support/emulatorFixture";
import { accountId, names, officialBackupClient, policyId, seedSqlWorld, sql, sqlPolicyBody, storageContainer, useBackupWorld, vault, vmId, vmNames } from "./support/backupFixture";

const { vaultName, resourceGroupName } = names;
const FABRIC = "Azure";
const POLL_MS = 20;

/** One call the client made and the status the emulator answered. */
interface Exchange {
    method: string;
    path: string;
    status: number;
}

// The yardstick: the official @azure/arm-recoveryservicesbackup 12.0.0 client (default api-version
// 2023-06-01), unchanged, with a token from the emulator's authority, over the emulator's TLS. In
// 12.0.0 only a few operations are long-running in the client (containers' beginRegister, policies'
// beginDelete, restores); protectedItems.createOrUpdate and delete answer the 202 and the caller
// follows the operation-status and operation-result routes, as the REST articles do.
describe("emulator Azure Backup through the official @azure/arm-recoveryservicesbackup client", function () {
    this.timeout(60_000);
    const world = useBackupWorld({ seed: "once" });
    let client: RecoveryServicesBackupClient;
    const exchanges: Exchange[] = [];

    before(async () => {
        client = officialBackupClient(world.emulator);
        const recorder: PipelinePolicy = {
            name: "exchangeRecorder",
            async sendRequest(request, next) {
                const response = await next(request);
                exchanges.push({ method: request.method, path: decodeURIComponent(new URL(request.url).pathname), status: response.status });
                return response;
            },
        };
        client.pipeline.addPolicy(recorder);
        await world.emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, "Vm2");
    });
    after(() => {
        // What each client call needed from the server, for the report (the answer codes the client accepted).
        const seen = new Map<string, Set<number>>();
        for (const exchange of exchanges) {
            const key = `${exchange.method} ${exchange.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, "{id}").replace(/.*\/vaults\/[^/]+/i, "…")}`;
            (seen.get(key) ?? seen.set(key, new Set()).get(key)!).add(exchange.status);
        }
        if (process.env.RS_OFFICIAL_CLIENT_REPORT) for (const [call, statuses] of seen) process.stdout.write(`    ${call} → ${[...statuses].join(", ")}\n`);
    });

    /** The response headers of a call the client makes (it hands them to `onResponse`). */
    function captureHeaders(): { options: { onResponse: (raw: { headers: { get(name: string): string | undefined } }) => void }; header: (name: string) => string } {
        let headers: { get(name: string): string | undefined } | undefined;
        return {
            options: { onResponse: (raw) => (headers = raw.headers) },
            header: (name) => {
                const value = headers?.get(name);
                assert.ok(value, `the answer carries ${name}`);
                return value;
            },
        };
    }

    function operationIdOf(url: string): string {
        return /\/(?:operationResults|operationsStatus|backupOperationResults|backupOperations)\/([^/?]+)/i.exec(url)![1];
    }

    function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
        return readUntil(read, done, { timeoutMs: 15_000, intervalMs: POLL_MS });
    }

    /** Follows a protected item operation the way the REST articles do: operationsStatus to the end, then operationResults. */
    async function followItemOperation(container: string, item: string, azureAsyncOperation: string) {
        const id = operationIdOf(azureAsyncOperation);
        const status = await until(
            () => client.protectedItemOperationStatuses.get(vaultName, resourceGroupName, FABRIC, container, item, id),
            (value) => value.status !== "InProgress",
        );
        const result = await client.protectedItemOperationResults.get(vaultName, resourceGroupName, FABRIC, container, item, id);
        return { status, result };
    }

    /** protectedItems.createOrUpdate, through the client's poller when it has one, else its 202 and the operation routes. */
    async function putItem(container: string, item: string, properties: Record<string, unknown>) {
        const items = client.protectedItems as unknown as Record<string, unknown>;
        if (typeof items.beginCreateOrUpdateAndWait === "function") {
            const done = await (items.beginCreateOrUpdateAndWait as Function).call(client.protectedItems, vaultName, resourceGroupName, FABRIC, container, item, { properties }, { updateIntervalInMs: POLL_MS });
            return { status: { status: "Succeeded", properties: undefined as any }, result: done };
        }
        const capture = captureHeaders();
        await client.protectedItems.createOrUpdate(vaultName, resourceGroupName, FABRIC, container, item, { properties: properties as never }, capture.options);
        return followItemOperation(container, item, capture.header("azure-asyncoperation"));
    }

    /** Refreshes the vault's discovery for one kind and reads the refresh's operation result until it is done (202, then 204). */
    async function refreshUntilDone(backupManagementType: string): Promise<void> {
        const capture = captureHeaders();
        await client.protectionContainers.refresh(vaultName, resourceGroupName, FABRIC, { filter: `backupManagementType eq '${backupManagementType}'`, ...capture.options });
        const id = operationIdOf(capture.header("location"));
        // The client resolves both 202 and 204 without a body; the emulator's log tells them apart.
        await until(
            async () => {
                await client.protectionContainerRefreshOperationResults.get(vaultName, resourceGroupName, FABRIC, id);
                return exchanges[exchanges.length - 1].status;
            },
            (status) => status === 204,
        );
    }

    it("refreshes containers and reads the refresh's operation result until it is done (202, then 204)", async () => {
        for (const type of ["AzureIaasVM", "AzureStorage"]) await refreshUntilDone(type);
    });

    it("lists protectable items (VMs, and the share by its system name)", async () => {
        const vms = [];
        for await (const item of client.backupProtectableItems.list(vaultName, resourceGroupName, { filter: "backupManagementType eq 'AzureIaasVM'" })) vms.push(item);
        assert.deepEqual(vms.map((item) => item.name).sort(), ["iaasvmcontainerv2;vm-rg;vm1", "iaasvmcontainerv2;vm-rg;vm2"]);
        assert.equal(vms[0].properties?.protectableItemType, "Microsoft.Compute/virtualMachines");
        assert.equal((vms[0].properties as { virtualMachineId?: string }).virtualMachineId?.startsWith(`/subscriptions/${names.subscriptionId}/`), true);
        const shares = [];
        for await (const item of client.backupProtectableItems.list(vaultName, resourceGroupName, { filter: "backupManagementType eq 'AzureStorage' and workloadType eq 'AzureFileShare'" })) shares.push(item);
        assert.equal(shares.length, 1);
        assert.equal(shares[0].properties?.friendlyName, names.shareName);
        assert.match(shares[0].name!, /^azurefileshare;[0-9a-f]{64}$/);
        assert.ok(exchanges.some((exchange) => exchange.path.endsWith("/backupProtectableItems") && exchange.status === 200));
    });

    it("protects a VM: createOrUpdate (202), operationsStatus to Succeeded with the job id, operationResults 200 with the item", async () => {
        const { status, result } = await putItem(vmNames.container, vmNames.item, {
            protectedItemType: "Microsoft.Compute/virtualMachines",
            sourceResourceId: vmId,
            policyId: policyId("VmNightly"),
            extendedProperties: { diskExclusionProperties: { diskLunList: [0], isInclusionList: true } },
        });
        assert.equal(status.status, "Succeeded");
        assert.equal(status.properties?.objectType, "OperationStatusJobExtendedInfo");
        const item = (result as { properties?: Record<string, any> }).properties!;
        assert.equal(item.protectedItemType, "Microsoft.Compute/virtualMachines");
        assert.equal(item.friendlyName, names.vmName);
        assert.equal(item.workloadType, "VM");
        assert.equal(item.protectionState, "IRPending");
        assert.deepEqual(item.extendedProperties?.diskExclusionProperties, { diskLunList: [0], isInclusionList: true });
        const read = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item);
        assert.equal((read.properties as unknown as Record<string, unknown>).virtualMachineId, vmId);
        const job = await client.jobDetails.get(vaultName, resourceGroupName, (status.properties as { jobId: string }).jobId);
        assert.equal(job.properties?.operation, "ConfigureBackup");
        assert.equal(job.properties?.status, "Completed");
    });

    it("registers the storage account through the client's poller (beginRegisterAndWait) and protects the share", async () => {
        const container = await client.protectionContainers.beginRegisterAndWait(
            vaultName,
            resourceGroupName,
            FABRIC,
            storageContainer,
            { properties: { containerType: "StorageContainer", backupManagementType: "AzureStorage", sourceResourceId: accountId, friendlyName: names.accountName, acquireStorageAccountLock: "Acquire" } as never },
            { updateIntervalInMs: POLL_MS },
        );
        assert.equal(container.name, storageContainer);
        assert.equal(container.properties?.registrationStatus, "Registered");
        const shares = [];
        for await (const item of client.backupProtectableItems.list(vaultName, resourceGroupName, { filter: `backupManagementType eq 'AzureStorage' and friendlyName eq '${names.shareName}'` })) shares.push(item);
        const itemName = shares[0].name!.replace(/^azurefileshare;/, "AzureFileShare;");
        const { status, result } = await putItem(storageContainer, itemName, { protectedItemType: "AzureFileShareProtectedItem", sourceResourceId: accountId, policyId: policyId("FilesDaily") });
        assert.equal(status.status, "Succeeded");
        const item = (result as { name?: string; properties?: Record<string, any> });
        assert.equal(item.name, itemName);
        assert.equal(item.properties?.protectedItemType, "AzureFileShareProtectedItem");
        assert.equal(item.properties?.friendlyName, names.shareName);
        assert.equal(item.properties?.backupManagementType, "AzureStorage");
        assert.equal(item.properties?.workloadType, "AzureFileShare");
    });

    it("changes the VM's policy, then stops protection keeping the recovery points (no policyId read back)", async () => {
        const changed = await putItem(vmNames.container, vmNames.item, { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("DefaultPolicy") });
        assert.equal(changed.status.status, "Succeeded");
        assert.equal((await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item)).properties?.policyId, policyId("DefaultPolicy"));
        await world.emulator.control.advanceBackupClock({ days: 2 });
        const stopped = await putItem(vmNames.container, vmNames.item, { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: "", protectionState: "ProtectionStopped" });
        assert.equal(stopped.status.status, "Succeeded");
        const read = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item);
        assert.equal((read.properties as unknown as Record<string, unknown>).protectionState, "ProtectionStopped");
        assert.equal(read.properties?.policyId, undefined);
        const points = [];
        for await (const point of client.recoveryPoints.list(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item)) points.push(point);
        assert.equal(points.length, 2);
        assert.equal(points[0].properties?.objectType, "IaasVMRecoveryPoint");
        assert.ok((points[0].properties as { recoveryPointTime?: Date }).recoveryPointTime instanceof Date);
    });

    it("deletes the VM's backup data (202; backupOperations to Succeeded; backupOperationResults 204) and undeletes it with isRehydrate", async () => {
        const capture = captureHeaders();
        await client.protectedItems.delete(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item, capture.options);
        const id = operationIdOf(capture.header("azure-asyncoperation"));
        assert.match(capture.header("location"), /\/backupOperationResults\//);
        const status = await until(() => client.backupOperationStatuses.get(vaultName, resourceGroupName, id), (value) => value.status !== "InProgress");
        assert.equal(status.status, "Succeeded");
        await client.backupOperationResults.get(vaultName, resourceGroupName, id);
        assert.equal(exchanges[exchanges.length - 1].status, 204);
        const deleted = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item);
        assert.equal(deleted.properties?.isScheduledForDeferredDelete, true);
        assert.ok(deleted.properties?.deferredDeleteTimeInUTC instanceof Date);
        const undeleted = await putItem(vmNames.container, vmNames.item, { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: "", protectionState: "ProtectionStopped", isRehydrate: true });
        assert.equal(undeleted.status.status, "Succeeded");
        const read = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item);
        assert.notEqual(read.properties?.isScheduledForDeferredDelete, true);
        assert.equal((read.properties as unknown as Record<string, unknown>).protectionState, "ProtectionStopped");
    });

    it("creates, reads and deletes a protection intent (200, 200, 204)", async () => {
        const vm2 = `/subscriptions/${names.subscriptionId}/resourceGroups/${names.vmResourceGroup}/providers/Microsoft.Compute/virtualMachines/Vm2`;
        const intentName = "vm;iaasvmcontainerv2;vm-rg;vm2";
        const created = await client.protectionIntentOperations.createOrUpdate(vaultName, resourceGroupName, FABRIC, intentName, {
            properties: { protectionIntentItemType: "AzureResourceItem", sourceResourceId: vm2, policyId: policyId("VmNightly") } as never,
        });
        assert.equal(created.properties?.protectionIntentItemType, "AzureResourceItem");
        assert.equal(created.properties?.protectionState, "Protected");
        const read = await client.protectionIntentOperations.get(vaultName, resourceGroupName, FABRIC, intentName);
        assert.equal(read.properties?.policyId, policyId("VmNightly"));
        await client.protectionIntentOperations.delete(vaultName, resourceGroupName, FABRIC, intentName);
        assert.equal(exchanges[exchanges.length - 1].status, 204);
        const item = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, "IaasVMContainer;iaasvmcontainerv2;vm-rg;vm2", "VM;iaasvmcontainerv2;vm-rg;vm2");
        assert.equal((item.properties as unknown as { friendlyName?: string } | undefined)?.friendlyName, "Vm2");
    });

    it("lists jobs with a filter across pages and reads one with jobDetails.get", async () => {
        const jobs = [];
        for await (const job of client.backupJobs.list(vaultName, resourceGroupName, { filter: "operation eq 'ConfigureBackup'" })) jobs.push(job);
        // VM, share, policy change, intent.
        assert.equal(jobs.length, 4);
        assert.ok(jobs.every((job) => job.properties?.operation === "ConfigureBackup"));
        assert.ok(jobs.some((job) => job.properties?.jobType === "AzureStorageJob"));
        assert.ok(jobs.some((job) => job.properties?.jobType === "AzureIaaSVMJob"));
        const details = await client.jobDetails.get(vaultName, resourceGroupName, jobs[0].name!);
        assert.equal(details.name, jobs[0].name);
        assert.ok(details.properties?.startTime instanceof Date);
        const all = [];
        for await (const job of client.backupJobs.list(vaultName, resourceGroupName)) all.push(job);
        assert.ok(all.length > 2, "more than one page");
        assert.ok(exchanges.filter((exchange) => exchange.path.endsWith("/backupJobs")).length >= 2, "the pager followed nextLink");
    });

    it("creates and reads a protection policy (protectionPolicies.createOrUpdate 200, get 200)", async () => {
        const created = await client.protectionPolicies.createOrUpdate(vaultName, resourceGroupName, "ClientDaily", {
            properties: {
                backupManagementType: "AzureIaasVM",
                schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: [new Date("2024-01-01T03:30:00Z")] },
                retentionPolicy: {
                    retentionPolicyType: "LongTermRetentionPolicy",
                    dailySchedule: { retentionTimes: [new Date("2024-01-01T03:30:00Z")], retentionDuration: { count: 10, durationType: "Days" } },
                },
                timeZone: "UTC",
            } as never,
        });
        assert.equal(created.name, "ClientDaily");
        assert.equal(created.properties?.backupManagementType, "AzureIaasVM");
        assert.equal(created.properties?.protectedItemsCount, 0);
        const read = await client.protectionPolicies.get(vaultName, resourceGroupName, "ClientDaily");
        const schedule = (read.properties as { schedulePolicy?: { scheduleRunTimes?: Date[] } }).schedulePolicy;
        assert.equal(schedule?.scheduleRunTimes?.[0].toISOString(), "2024-01-01T03:30:00.000Z");
        const vaultState = await world.emulator.control.getVault(vault);
        assert.equal(vaultState.name, vaultName);
    });

    // SQL in Azure VMs (seed 002): discover, register, inquire, protect, change policy, stop, delete, undelete, auto-protect.
    it("discovers a VM running SQL Server (refresh AzureWorkload, protectableContainers) and registers it through the client's poller (beginRegisterAndWait)", async () => {
        await seedSqlWorld(world.emulator);
        await refreshUntilDone("AzureWorkload");
        const found = [];
        for await (const container of client.protectableContainers.list(vaultName, resourceGroupName, FABRIC, { filter: "backupManagementType eq 'AzureWorkload' and workloadType eq 'SQLDataBase'" })) found.push(container);
        assert.equal(found.length, 1);
        assert.equal(found[0].name, sql.container);
        assert.equal(found[0].properties?.protectableContainerType, "VMAppContainer");
        assert.equal(found[0].properties?.containerId, sql.vmId);
        const container = await client.protectionContainers.beginRegisterAndWait(
            vaultName,
            resourceGroupName,
            FABRIC,
            found[0].name!,
            { properties: { containerType: "VMAppContainer", backupManagementType: "AzureWorkload", workloadType: "SQLDataBase", sourceResourceId: sql.vmId, friendlyName: sql.vmName } as never },
            { updateIntervalInMs: POLL_MS },
        );
        assert.equal(container.name, sql.container);
        assert.equal(container.properties?.containerType, "VMAppContainer");
        assert.equal(container.properties?.registrationStatus, "Registered");
        assert.equal((container.properties as { sourceResourceId?: string }).sourceResourceId, sql.vmId);
    });

    it("inquires the registered VM (202; operationResults 202, then 200 with the container) and lists its instance and databases as protectable items", async () => {
        const capture = captureHeaders();
        await client.protectionContainers.inquire(vaultName, resourceGroupName, FABRIC, sql.container, capture.options);
        const id = operationIdOf(capture.header("location"));
        const result = await until(
            async () => {
                const answer = await client.protectionContainerOperationResults.get(vaultName, resourceGroupName, FABRIC, sql.container, id);
                return { answer, status: exchanges[exchanges.length - 1].status };
            },
            (value) => value.status === 200,
        );
        assert.equal(result.answer.properties?.containerType, "VMAppContainer");
        const extended = (result.answer.properties as { extendedInfo?: { hostServerName?: string; inquiryInfo?: { status?: string } } }).extendedInfo;
        assert.equal(extended?.hostServerName, "sqlvm1");
        assert.equal(extended?.inquiryInfo?.status, "Success");
        const items = [];
        for await (const item of client.backupProtectableItems.list(vaultName, resourceGroupName, { filter: "backupManagementType eq 'AzureWorkload' and workloadType eq 'SQLDataBase'" })) items.push(item);
        assert.deepEqual(items.map((item) => item.name), ["SQLInstance;MSSQLSERVER", sql.item("customers"), sql.item("orders")]);
        const instance = items[0].properties as unknown as Record<string, unknown>;
        assert.equal(instance.protectableItemType, "SQLInstance");
        assert.equal(instance.isAutoProtectable, true);
        assert.equal(instance.serverName, "sqlvm1");
        const orders = items[2].properties as unknown as Record<string, unknown>;
        assert.equal(orders.protectableItemType, "SQLDataBase");
        assert.equal(orders.friendlyName, "orders");
        assert.equal(orders.parentName, "MSSQLSERVER");
        assert.ok(items[2].id?.includes(`/protectionContainers/${sql.container}/protectableItems/`));
    });

    it("protects a SQL database (createOrUpdate 202, operation status to Succeeded, result 200) and changes its policy", async () => {
        const { status, result } = await putItem(sql.container, sql.item("orders"), {
            protectedItemType: "AzureVmWorkloadSQLDatabase",
            workloadType: "SQLDataBase",
            sourceResourceId: sql.vmId,
            policyId: policyId("SqlDaily"),
        });
        assert.equal(status.status, "Succeeded");
        const item = (result as { name?: string; properties?: Record<string, any> });
        assert.equal(item.name, sql.item("orders"));
        assert.equal(item.properties?.protectedItemType, "AzureVmWorkloadSQLDatabase");
        assert.equal(item.properties?.friendlyName, "orders");
        assert.equal(item.properties?.serverName, "sqlvm1");
        assert.equal(item.properties?.parentName, "MSSQLSERVER");
        assert.equal(item.properties?.parentType, "AzureVmWorkloadSQLInstance");
        assert.equal(item.properties?.backupManagementType, "AzureWorkload");
        assert.equal(item.properties?.workloadType, "SQLDataBase");
        assert.equal(item.properties?.protectionState, "IRPending");
        const job = await client.jobDetails.get(vaultName, resourceGroupName, (status.properties as { jobId: string }).jobId);
        assert.equal(job.properties?.jobType, "AzureWorkloadJob");
        assert.equal(job.properties?.operation, "ConfigureBackup");
        const evening = sqlPolicyBody(20, 120).properties;
        await client.protectionPolicies.createOrUpdate(vaultName, resourceGroupName, "SqlEvening", { properties: evening as never });
        const changed = await putItem(sql.container, sql.item("orders"), { protectedItemType: "AzureVmWorkloadSQLDatabase", sourceResourceId: sql.vmId, policyId: policyId("SqlEvening") });
        assert.equal(changed.status.status, "Succeeded");
        const read = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("orders"));
        assert.equal(read.properties?.policyId, policyId("SqlEvening"));
    });

    it("lists a SQL database's full recovery points and its log chain (DefaultRangeRecoveryPoint with time ranges), then stops protection keeping them", async () => {
        await world.emulator.control.advanceBackupClock({ days: 2 });
        const points = [];
        for await (const point of client.recoveryPoints.list(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("orders"))) points.push(point);
        const full = points.filter((point) => point.properties?.objectType === "AzureWorkloadSQLRecoveryPoint");
        assert.equal(full.length, 2);
        assert.ok((full[0].properties as { recoveryPointTimeInUTC?: Date }).recoveryPointTimeInUTC instanceof Date);
        assert.equal((full[0].properties as { type?: string }).type, "Full");
        const range = points.find((point) => point.name === "DefaultRangeRecoveryPoint");
        assert.equal(range?.properties?.objectType, "AzureWorkloadSQLPointInTimeRecoveryPoint");
        const ranges = (range?.properties as { timeRanges?: { startTime?: Date; endTime?: Date }[] }).timeRanges;
        assert.equal(ranges?.length, 1);
        assert.ok(ranges![0].startTime instanceof Date && ranges![0].endTime! > ranges![0].startTime);
        const stopped = await putItem(sql.container, sql.item("orders"), { protectedItemType: "AzureVmWorkloadSQLDatabase", sourceResourceId: sql.vmId, policyId: "", protectionState: "ProtectionStopped" });
        assert.equal(stopped.status.status, "Succeeded");
        const read = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("orders"));
        assert.equal((read.properties as unknown as Record<string, unknown>).protectionState, "ProtectionStopped");
        assert.equal(read.properties?.policyId, undefined);
    });

    it("deletes the SQL database's backup data (backupOperations to Succeeded, backupOperationResults 204) and undeletes it", async () => {
        const capture = captureHeaders();
        await client.protectedItems.delete(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("orders"), capture.options);
        const id = operationIdOf(capture.header("azure-asyncoperation"));
        const status = await until(() => client.backupOperationStatuses.get(vaultName, resourceGroupName, id), (value) => value.status !== "InProgress");
        assert.equal(status.status, "Succeeded");
        await client.backupOperationResults.get(vaultName, resourceGroupName, id);
        assert.equal(exchanges[exchanges.length - 1].status, 204);
        const deleted = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("orders"));
        assert.equal(deleted.properties?.isScheduledForDeferredDelete, true);
        const undeleted = await putItem(sql.container, sql.item("orders"), { protectedItemType: "AzureVmWorkloadSQLDatabase", sourceResourceId: sql.vmId, policyId: "", protectionState: "ProtectionStopped", isRehydrate: true });
        assert.equal(undeleted.status.status, "Succeeded");
        const read = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("orders"));
        assert.notEqual(read.properties?.isScheduledForDeferredDelete, true);
    });

    it("creates, reads and deletes a SQL auto-protection intent on the instance (200, 200, 204); the instance's unprotected database gets protected", async () => {
        const intentName = "249D9B07-D2EF-4202-AA64-65F35418564E";
        const itemId = `/subscriptions/${names.subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${vaultName}/backupFabrics/Azure/protectionContainers/${sql.container}/protectableItems/SQLInstance;${sql.instance}`;
        const created = await client.protectionIntentOperations.createOrUpdate(vaultName, resourceGroupName, FABRIC, intentName, {
            properties: {
                protectionIntentItemType: "AzureWorkloadSQLAutoProtectionIntent",
                backupManagementType: "AzureWorkload",
                workloadItemType: "SQLInstance",
                itemId,
                sourceResourceId: sql.vmId,
                policyId: policyId("SqlDaily"),
            } as never,
        });
        assert.equal(created.properties?.protectionIntentItemType, "AzureWorkloadSQLAutoProtectionIntent");
        assert.equal((created.properties as { workloadItemType?: string }).workloadItemType, "SQLInstance");
        assert.ok(["Protecting", "Protected"].includes(created.properties?.protectionState ?? ""));
        const read = await until(() => client.protectionIntentOperations.get(vaultName, resourceGroupName, FABRIC, intentName), (intent) => intent.properties?.protectionState === "Protected");
        assert.equal(read.properties?.policyId, policyId("SqlDaily"));
        assert.equal(read.properties?.itemId, itemId);
        const customers = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("customers"));
        assert.equal(customers.properties?.policyId, policyId("SqlDaily"));
        const orders = await client.protectedItems.get(vaultName, resourceGroupName, FABRIC, sql.container, sql.item("orders"));
        assert.equal((orders.properties as unknown as Record<string, unknown>).protectionState, "ProtectionStopped", "a database with an item is left as it is");
        await client.protectionIntentOperations.delete(vaultName, resourceGroupName, FABRIC, intentName);
        assert.equal(exchanges[exchanges.length - 1].status, 204);
    });

    it("hit every route the walk needed, each answered with a status the client accepts", () => {
        const codes = (suffix: RegExp, method = "GET") => new Set(exchanges.filter((exchange) => exchange.method === method && suffix.test(exchange.path)).map((exchange) => exchange.status));
        assert.deepEqual(codes(/\/refreshContainers$/, "POST"), new Set([202]));
        assert.ok([...codes(/\/backupFabrics\/Azure\/operationResults\/[^/]+$/)].every((status) => status === 202 || status === 204));
        assert.deepEqual(codes(/\/protectedItems\/[^/]+$/, "PUT"), new Set([202]));
        assert.deepEqual(codes(/\/protectedItems\/[^/]+\/operationResults\/[^/]+$/), new Set([200]));
        assert.deepEqual(codes(/\/protectedItems\/[^/]+$/, "DELETE"), new Set([202]));
        assert.deepEqual(codes(/\/backupOperationResults\/[^/]+$/), new Set([204]));
        assert.deepEqual(codes(/\/backupProtectionIntent\/[^/]+$/, "PUT"), new Set([200]));
        assert.deepEqual(codes(/\/backupProtectionIntent\/[^/]+$/, "DELETE"), new Set([204]));
        assert.deepEqual(codes(/\/protectionContainers\/[^/]+$/, "PUT"), new Set([202]));
        assert.deepEqual(codes(/\/protectionContainers\/[^/]+\/inquire$/, "POST"), new Set([202]));
        assert.ok([...codes(/\/protectionContainers\/[^/]+\/operationResults\/[^/]+$/)].every((status) => status === 202 || status === 200));
        assert.deepEqual(codes(/\/backupFabrics\/Azure\/protectableContainers$/), new Set([200]));
        assert.ok(exchanges.every((exchange) => exchange.status < 400), JSON.stringify(exchanges.filter((exchange) => exchange.status >= 400)));
    });
});
