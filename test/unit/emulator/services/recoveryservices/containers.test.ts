import * as assert from "node:assert/strict";
import { accountId, names, storageContainer, useBackupWorld, vault, vaultPath } from "./support/backupFixture";

const CONTAINER = vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}`);
const REGISTER_BODY = {
    properties: { containerType: "StorageContainer", backupManagementType: "AzureStorage", sourceResourceId: accountId, friendlyName: names.accountName, acquireStorageAccountLock: "Acquire" },
};

describe("emulator Azure Backup: protection containers (register, get, inquire, unregister)", function () {
    this.timeout(30_000);
    const world = useBackupWorld();

    it("registers a storage account as an operation: 202 with both poll URLs, then 200 with the container, and a Register job", async () => {
        const started = await world.arm.send("PUT", CONTAINER, { body: REGISTER_BODY });
        assert.equal(started.status, 202, started.text);
        assert.equal(started.headers["content-length"], "0");
        const base = `${world.emulator.url}/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupFabrics/Azure/protectionContainers/${storageContainer}`;
        assert.ok(String(started.headers["azure-asyncoperation"]).startsWith(`${base}/operationsStatus/`), String(started.headers["azure-asyncoperation"]));
        assert.ok(String(started.headers.location).startsWith(`${base}/operationResults/`));
        assert.equal(started.headers["retry-after"], "0");
        const status = await world.arm.waitForStatus(started);
        assert.equal(status.status, "Succeeded");
        const result = await world.arm.follow(String(started.headers.location));
        assert.equal(result.status, 200);
        assert.deepEqual(result.json, {
            id: `/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupFabrics/Azure/protectionContainers/${storageContainer}`,
            name: storageContainer,
            type: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers",
            properties: {
                backupManagementType: "AzureStorage",
                containerType: "StorageContainer",
                friendlyName: names.accountName,
                healthStatus: "Healthy",
                protectedItemCount: 0,
                registrationStatus: "Registered",
                sourceResourceId: accountId,
                acquireStorageAccountLock: "Acquire",
            },
        });
        const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
        assert.equal(job.json.properties.operation, "Register");
        assert.equal(job.json.properties.status, "Completed");
        assert.equal(job.json.properties.jobType, "AzureStorageJob");
        assert.equal(job.json.properties.entityFriendlyName, names.accountName);
        const listed = await world.arm.send("GET", vaultPath(`/backupProtectionContainers?$filter=${encodeURIComponent("backupManagementType eq 'AzureStorage'")}`));
        assert.deepEqual(listed.json.value.map((container: any) => container.name), [storageContainer]);
    });

    it("answers 200 with the container at once in sync mode, and 200 again for an account already registered", async () => {
        await world.emulator.control.setRecoveryServicesBehaviour({ registerMode: "sync" });
        const first = await world.arm.send("PUT", CONTAINER, { body: REGISTER_BODY });
        assert.equal(first.status, 200, first.text);
        assert.equal(first.json.properties.registrationStatus, "Registered");
        // Another spelling of the same container (`Storage`, as the register example writes it).
        const again = await world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/StorageContainer;Storage;${names.resourceGroupName};${names.accountName}`), { body: REGISTER_BODY });
        assert.equal(again.status, 200);
        assert.equal(again.json.name, storageContainer);
        const jobs = await world.emulator.control.listJobs(vault);
        assert.deepEqual(jobs.map((job) => [job.properties.operation, job.properties.status]), [["Register", "Completed"]]);
    });

    it("refuses a storage account that does not exist, and container kinds it does not register", async () => {
        const missing = await world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/StorageContainer;storage;${names.resourceGroupName};nosuchaccount`), {
            body: { properties: { containerType: "StorageContainer", backupManagementType: "AzureStorage" } },
        });
        assert.equal(missing.status, 400);
        assert.equal(missing.json.error.code, "UserErrorStorageAccountNotFound");
        assert.equal(missing.json.error.message, "Operation failed as the specified storage account does not exist anymore.");
        const vmContainer = await world.arm.send("PUT", vaultPath("/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;vm-rg;vm1"), { body: { properties: {} } });
        assert.equal(vmContainer.status, 400);
        assert.equal(vmContainer.json.error.code, "UserErrorInvalidRequestParameter");
    });

    it("gets a registered container, and answers 404 for one that is not", async () => {
        const missing = await world.arm.send("GET", CONTAINER);
        assert.equal(missing.status, 404);
        assert.equal(missing.json.error.code, "BMSUserErrorContainerObjectNotFound");
        await world.arm.registerStorageAccount();
        const found = await world.arm.send("GET", CONTAINER);
        assert.equal(found.status, 200);
        assert.equal(found.json.properties.friendlyName, names.accountName);
    });

    it("inquires a container as an operation: 202, then 200 with the container", async () => {
        await world.arm.registerStorageAccount();
        const started = await world.arm.send("POST", `${CONTAINER}/inquire`);
        assert.equal(started.status, 202);
        assert.ok(started.headers["azure-asyncoperation"]);
        const status = await world.arm.waitForStatus(started);
        assert.equal(status.status, "Succeeded");
        assert.equal(status.properties, undefined, "an inquiry opens no job");
        const result = await world.arm.follow(String(started.headers.location));
        assert.equal(result.status, 200);
        assert.equal(result.json.name, storageContainer);
    });

    it("refuses to unregister while items remain, soft-deleted ones included; then unregisters (202, UnRegister job, 204)", async () => {
        await world.arm.registerStorageAccount();
        await world.arm.refresh("AzureStorage");
        await world.arm.protectShare();
        const refused = await world.arm.send("DELETE", CONTAINER);
        assert.equal(refused.status, 400);
        assert.equal(refused.json.error.code, "BMSUserErrorContainerHasDatasources");
        assert.equal(
            refused.json.error.message,
            "There are backup items associated with the server. Stop protection and delete backups for each of the backup items to delete the server's registration. If the issue persists, contact support. Refer to https://aka.ms/DeleteBackupItems for more info.",
        );
        await world.emulator.control.softDeleteItem(vault, names.shareName);
        assert.equal((await world.arm.send("DELETE", CONTAINER)).json.error.code, "BMSUserErrorContainerHasDatasources");
        await world.emulator.control.deleteItem(vault, names.shareName);
        const started = await world.arm.send("DELETE", CONTAINER);
        assert.equal(started.status, 202, started.text);
        const status = await world.arm.waitForStatus(started);
        assert.equal(status.status, "Succeeded");
        const result = await world.arm.follow(String(started.headers.location));
        assert.equal(result.status, 204);
        assert.equal((await world.arm.send("GET", CONTAINER)).status, 404);
        const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
        assert.equal(job.json.properties.operation, "UnRegister");
        assert.equal((await world.arm.send("DELETE", CONTAINER)).status, 204, "unregistering what is not registered is done already");
    });
});
