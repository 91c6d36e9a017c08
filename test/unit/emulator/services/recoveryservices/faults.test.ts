import * as assert from "node:assert/strict";
import type { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import { readUntil } from "../../support/emulatorFixture";
import { accountId, names, officialBackupClient, policyId, storageContainer, useBackupWorld, vault, vmId, vmNames } from "./support/backupFixture";

const { vaultName, resourceGroupName } = names;
const FABRIC = "Azure";

// About 30% of ARM requests fail before reaching a route: throttled, server errors, unavailable, dropped.
const FAULTS = [
    { kind: "429", rate: 0.1, seed: 11, retryAfterSeconds: 0 },
    { kind: "500", rate: 0.07, seed: 12 },
    { kind: "503", rate: 0.1, seed: 13, retryAfterSeconds: 0 },
    { kind: "reset", rate: 0.05, seed: 14 },
] as const;

describe("emulator Azure Backup under a 30% fault rate: a retrying client ends with consistent state", function () {
    this.timeout(120_000);
    const world = useBackupWorld({ seed: "once" });
    let client: RecoveryServicesBackupClient;

    before(async () => {
        client = officialBackupClient(world.emulator, { retryOptions: { maxRetries: 12, retryDelayInMs: 5, maxRetryDelayInMs: 20 } });
        await world.emulator.control.setRecoveryServicesBehaviour({ retryAfterSeconds: 0 });
    });

    function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
        return readUntil(read, done, { timeoutMs: 30_000, intervalMs: 10 });
    }

    function operationIdOf(url: string | undefined): string {
        return /\/(?:operationResults|operationsStatus|backupOperations)\/([^/?]+)/i.exec(url ?? "")![1];
    }

    async function putItem(container: string, item: string, properties: Record<string, unknown>): Promise<string> {
        let asyncOperation: string | undefined;
        await client.protectedItems.createOrUpdate(vaultName, resourceGroupName, FABRIC, container, item, { properties: properties as never }, { onResponse: (raw) => (asyncOperation = raw.headers.get("azure-asyncoperation")) });
        const id = operationIdOf(asyncOperation);
        const status = await until(() => client.protectedItemOperationStatuses.get(vaultName, resourceGroupName, FABRIC, container, item, id), (value) => value.status !== "InProgress");
        return status.status!;
    }

    it("walks discovery, registration, protection, a policy change, stop and delete through the faults", async () => {
        for (const fault of FAULTS) await world.emulator.control.addFault({ ...fault });
        for (const type of ["AzureIaasVM", "AzureStorage"]) {
            let location: string | undefined;
            await client.protectionContainers.refresh(vaultName, resourceGroupName, FABRIC, { filter: `backupManagementType eq '${type}'`, onResponse: (raw) => (location = raw.headers.get("location")) });
            const id = operationIdOf(location);
            await until(() => client.protectionContainerRefreshOperationResults.get(vaultName, resourceGroupName, FABRIC, id).then(() => world.emulator.control.getRequests()), (log) => log.byStatus["204"] !== undefined);
        }
        await client.protectionContainers.beginRegisterAndWait(
            vaultName,
            resourceGroupName,
            FABRIC,
            storageContainer,
            { properties: { containerType: "StorageContainer", backupManagementType: "AzureStorage", sourceResourceId: accountId } as never },
            { updateIntervalInMs: 10 },
        );
        const shares = [];
        for await (const item of client.backupProtectableItems.list(vaultName, resourceGroupName, { filter: "backupManagementType eq 'AzureStorage'" })) shares.push(item);
        const shareItem = shares[0].name!.replace(/^azurefileshare;/, "AzureFileShare;");
        assert.equal(await putItem(vmNames.container, vmNames.item, { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("VmNightly") }), "Succeeded");
        assert.equal(await putItem(storageContainer, shareItem, { protectedItemType: "AzureFileShareProtectedItem", sourceResourceId: accountId, policyId: policyId("FilesDaily") }), "Succeeded");
        assert.equal(await putItem(vmNames.container, vmNames.item, { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("DefaultPolicy") }), "Succeeded");
        await world.emulator.control.advanceBackupClock({ days: 2 });
        assert.equal(await putItem(vmNames.container, vmNames.item, { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: "", protectionState: "ProtectionStopped" }), "Succeeded");
        let asyncOperation: string | undefined;
        await client.protectedItems.delete(vaultName, resourceGroupName, FABRIC, storageContainer, shareItem, { onResponse: (raw) => (asyncOperation = raw.headers.get("azure-asyncoperation")) });
        const deletion = await until(() => client.backupOperationStatuses.get(vaultName, resourceGroupName, operationIdOf(asyncOperation)), (value) => value.status !== "InProgress");
        assert.equal(deletion.status, "Succeeded");
        const jobs = [];
        for await (const job of client.backupJobs.list(vaultName, resourceGroupName)) jobs.push(job);

        const injected = (await world.emulator.control.listFaults()).reduce((sum, rule) => sum + rule.injected, 0);
        const matched = (await world.emulator.control.listFaults()).reduce((sum, rule) => sum + rule.matched, 0);
        await world.emulator.control.clearFaults();
        assert.ok(injected >= 10, `faults injected: ${injected} of ${matched}`);

        // What the vault holds is what the walk did, once each: no duplicate, nothing half-done.
        const items = await world.emulator.control.listProtectedItems(vault);
        assert.equal(items.length, 2);
        const vm = items.find((item) => item.properties.workloadType === "VM")!;
        const share = items.find((item) => item.properties.workloadType === "AzureFileShare")!;
        assert.equal(vm.properties.protectionState, "ProtectionStopped");
        assert.equal(vm.properties.policyId, undefined);
        assert.equal(share.properties.isScheduledForDeferredDelete, true);
        const stored = await world.emulator.control.listJobs(vault);
        const count = (operation: string) => stored.filter((job) => job.properties.operation === operation).length;
        assert.equal(count("Register"), 1);
        assert.equal(count("ConfigureBackup"), 3);
        assert.equal(count("DisableBackup"), 1);
        assert.equal(count("DeleteBackupData"), 1);
        assert.equal(count("Backup"), vm.recoveryPointCount + share.recoveryPointCount);
        assert.ok(stored.every((job) => job.properties.status === "Completed"), JSON.stringify(stored.map((job) => job.properties.status)));
        assert.equal(jobs.length, stored.length, "the paged list saw every job once");
        assert.equal(new Set(jobs.map((job) => job.name)).size, jobs.length);
        assert.equal((await world.emulator.control.listContainers(vault)).length, 2);
        for (const policy of ["VmNightly", "FilesDaily", "DefaultPolicy"]) {
            assert.equal((await client.protectionPolicies.get(vaultName, resourceGroupName, policy)).properties?.protectedItemsCount, 0, policy);
        }
    });
});
