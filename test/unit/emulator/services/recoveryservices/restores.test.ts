import * as assert from "node:assert/strict";
import type { RunningEmulator } from "../../../../../emulator/server";
import { accountId, ArmSession, names, seedSqlWorld, sql, sqlItemPath, SqlSteps, storageContainer, useBackupWorld, vault, vaultPath, vmId, vmItemPath } from "./support/backupFixture";

/** Path of the seeded share's item, named by its share name. */
function shareItemPath(suffix = ""): string {
    return vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}/protectedItems/AzureFileShare;${names.shareName}${suffix}`);
}

const shareId = (share: string) => `${accountId}/fileServices/default/shares/${share}`;
const vmGroupId = `/subscriptions/${names.subscriptionId}/resourceGroups/${names.vmResourceGroup}`;

describe("emulator Azure Backup: restores (VM disks, new VM, original VM; file shares; SQL databases)", function () {
    this.timeout(30_000);
    // The emulator, a fresh seeded world before each test (useBackupWorld), and this file's own setup.
    const world = useBackupWorld();
    let emulator: RunningEmulator;
    let arm: ArmSession;
    before(() => {
        emulator = world.emulator;
        arm = world.arm;
    });
    beforeEach(async () => {
        await emulator.control.setRecoveryServicesBehaviour({ restoreMs: 20 });
    });

    /** Takes an on-demand backup and returns the new recovery point's name. */
    async function backUp(itemPath: (suffix?: string) => string, properties: Record<string, unknown>): Promise<string> {
        const status = await arm.waitForStatus(await arm.send("POST", itemPath("/backup"), { body: { properties } }));
        assert.equal(status.status, "Succeeded");
        return (await arm.send("GET", itemPath("/recoveryPoints"))).json.value[0].name;
    }

    /** Triggers a restore, follows it to its end and returns the final status with the job. */
    async function restore(itemPath: (suffix?: string) => string, point: string, properties: Record<string, unknown>): Promise<{ status: any; job: any }> {
        const response = await arm.send("POST", itemPath(`/recoveryPoints/${point}/restore`), { body: { properties } });
        assert.equal(response.status, 202, response.text);
        assert.ok(response.headers["azure-asyncoperation"] && response.headers.location);
        const status = await arm.waitForStatus(response);
        const job = (await arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`))).json.properties;
        return { status, job };
    }

    describe("VMs", () => {
        let point: string;
        beforeEach(async () => {
            await arm.refresh("AzureIaasVM");
            await arm.protectVm();
            point = await backUp(vmItemPath, { objectType: "IaasVMBackupRequest" });
        });

        it("restores disks into a storage account: VHD blobs for the OS and data disks, the configuration and template blobs the Restore job names", async () => {
            const { status, job } = await restore(vmItemPath, point, { objectType: "IaasVMRestoreRequest", recoveryType: "RestoreDisks", recoveryPointId: point, sourceResourceId: vmId, storageAccountId: accountId, region: names.location });
            assert.equal(status.status, "Succeeded");
            assert.equal(job.operation, "Restore");
            assert.equal(job.status, "Completed");
            assert.equal(job.extendedInfo.propertyBag["Target Storage Account Name"], names.accountName);
            const container = job.extendedInfo.propertyBag["Config Blob Container Name"];
            const { blobs } = await emulator.control.getStorageAccountBlobs(accountId);
            assert.deepEqual(Object.keys(blobs).sort(), [
                `${container}/${job.extendedInfo.propertyBag["Config Blob Name"]}`,
                `${container}/azuredeploy-${status.properties.jobId}.json`,
                `${container}/vm1-datadisk-0.vhd`,
                `${container}/vm1-datadisk-1.vhd`,
                `${container}/vm1-osdisk.vhd`,
            ].sort());
            assert.equal(JSON.parse(blobs[`${container}/vm1-datadisk-1.vhd`]).recoveryPointId, point);
            const [record] = await emulator.control.listRestores(vault);
            assert.equal(record.jobId, status.properties.jobId);
            assert.equal(record.recoveryType, "RestoreDisks");
            // The Location answers 200 once done (the client's poller takes no 204 there).
            assert.equal((await arm.waitForLocation(await arm.send("POST", vmItemPath(`/recoveryPoints/${point}/restore`), { body: { properties: { objectType: "IaasVMRestoreRequest", recoveryType: "RestoreDisks", storageAccountId: accountId } } }))).status, 200);
        });

        it("refuses a missing storage account, an unknown recovery point, another workload's request and an unknown recovery type before starting", async () => {
            const send = (rp: string, properties: Record<string, unknown>) => arm.send("POST", vmItemPath(`/recoveryPoints/${rp}/restore`), { body: { properties } });
            const noAccount = await send(point, { objectType: "IaasVMRestoreRequest", recoveryType: "RestoreDisks", storageAccountId: `${accountId}x` });
            assert.equal(noAccount.status, 400);
            assert.equal(noAccount.json.error.code, "UserErrorStorageAccountNotFound");
            assert.equal((await send("123", { objectType: "IaasVMRestoreRequest", recoveryType: "RestoreDisks", storageAccountId: accountId })).json.error.code, "BMSUserErrorRecoveryPointNotFound");
            assert.equal((await send(point, { objectType: "AzureFileShareRestoreRequest", recoveryType: "OriginalLocation" })).json.error.message, "Parameter objectType in request is invalid.");
            assert.equal((await send(point, { objectType: "IaasVMRestoreRequest", recoveryType: "Sideways" })).json.error.message, "Parameter recoveryType in request is invalid.");
        });

        it("restores to a new VM in another resource group with the point's data disks; a second restore to the same name fails its job", async () => {
            const targetVirtualMachineId = `${vmGroupId}/providers/Microsoft.Compute/virtualMachines/Vm1Restored`;
            const body = { objectType: "IaasVMRestoreRequest", recoveryType: "AlternateLocation", targetVirtualMachineId, targetResourceGroupId: vmGroupId, storageAccountId: accountId, region: names.location };
            const { status } = await restore(vmItemPath, point, body);
            assert.equal(status.status, "Succeeded");
            const vm = await arm.send("GET", `${targetVirtualMachineId}?api-version=2024-07-01`);
            assert.equal(vm.status, 200, vm.text);
            assert.deepEqual(vm.json.properties.storageProfile.dataDisks.map((disk: any) => disk.lun), [0, 1]);
            assert.equal(vm.json.tags.recoveryPointId, point);
            const again = await restore(vmItemPath, point, body);
            assert.equal(again.status.status, "Failed");
            assert.equal(again.status.error.code, "UserErrorTargetVmExists");
            assert.equal(again.job.status, "Failed");
            assert.equal(again.job.errorDetails[0].errorTitle, "UserErrorTargetVmExists");
        });

        it("restores the original VM's disks as the point has them", async () => {
            await emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, names.vmName, { dataDiskLuns: [5] });
            const { status } = await restore(vmItemPath, point, { objectType: "IaasVMRestoreRequest", recoveryType: "OriginalLocation", sourceResourceId: vmId });
            assert.equal(status.status, "Succeeded");
            const vm = await arm.send("GET", `${vmId}?api-version=2024-07-01`);
            assert.deepEqual(vm.json.properties.storageProfile.dataDisks.map((disk: any) => disk.lun), [0, 1]);
        });
    });

    describe("file shares", () => {
        let point: string;
        beforeEach(async () => {
            await emulator.control.putFileShare(names.subscriptionId, names.resourceGroupName, names.accountName, "scratch", { files: { "readme.txt": "scratch", "keep.txt": "k" } });
            await arm.refresh("AzureStorage");
            await arm.registerStorageAccount();
            await arm.protectShare();
            point = await backUp(shareItemPath, { objectType: "AzureFileShareBackupRequest" });
            await emulator.control.putFileShareFiles(shareId(names.shareName), { "readme.txt": "v2", "new.txt": "n" });
        });

        it("restores the whole share in place with Overwrite (files added since stay)", async () => {
            const { status } = await restore(shareItemPath, point, { objectType: "AzureFileShareRestoreRequest", recoveryType: "OriginalLocation", sourceResourceId: accountId, copyOptions: "Overwrite", restoreRequestType: "FullShareRestore" });
            assert.equal(status.status, "Succeeded");
            assert.deepEqual((await emulator.control.getFileShareFiles(shareId(names.shareName))).files, { "readme.txt": "v1", "new.txt": "n", "dir/data.csv": "a,b" });
        });

        it("restores listed files into another share: CreateCopy keeps both, Skip keeps the target's, FailOnConflict fails the job and writes nothing", async () => {
            const alternate = (copyOptions: string, specs: Record<string, unknown>[]) =>
                restore(shareItemPath, point, {
                    objectType: "AzureFileShareRestoreRequest",
                    recoveryType: "AlternateLocation",
                    sourceResourceId: accountId,
                    copyOptions,
                    restoreRequestType: "ItemLevelRestore",
                    restoreFileSpecs: specs,
                    targetDetails: { name: "scratch", targetResourceId: accountId },
                });
            assert.equal((await alternate("CreateCopy", [{ path: "/readme.txt", fileSpecType: "File" }])).status.status, "Succeeded");
            assert.deepEqual((await emulator.control.getFileShareFiles(shareId("scratch"))).files, { "readme.txt": "scratch", "keep.txt": "k", "readme (1).txt": "v1" });
            assert.equal((await alternate("Skip", [{ path: "readme.txt", fileSpecType: "File" }, { path: "dir", fileSpecType: "Directory", targetFolderPath: "restored" }])).status.status, "Succeeded");
            const afterSkip = (await emulator.control.getFileShareFiles(shareId("scratch"))).files;
            assert.equal(afterSkip["readme.txt"], "scratch");
            assert.equal(afterSkip["restored/dir/data.csv"], "a,b");
            const failed = await alternate("FailOnConflict", [{ path: "readme.txt", fileSpecType: "File" }]);
            assert.equal(failed.status.status, "Failed");
            assert.equal(failed.job.errorDetails[0].errorTitle, "UserErrorRestoreFileConflict");
            assert.deepEqual((await emulator.control.getFileShareFiles(shareId("scratch"))).files, afterSkip);
            const [first] = await emulator.control.listRestores(vault);
            assert.deepEqual(first.target.copies, { "readme.txt": "readme (1).txt" });
        });

        it("refuses a missing target share and unknown copy options", async () => {
            const missing = await arm.send("POST", shareItemPath(`/recoveryPoints/${point}/restore`), {
                body: { properties: { objectType: "AzureFileShareRestoreRequest", recoveryType: "AlternateLocation", copyOptions: "Overwrite", restoreRequestType: "FullShareRestore", targetDetails: { name: "nope", targetResourceId: accountId } } },
            });
            assert.equal(missing.status, 400);
            assert.equal(missing.json.error.code, "UserErrorRestoreTargetNotFound");
            const badCopy = await arm.send("POST", shareItemPath(`/recoveryPoints/${point}/restore`), { body: { properties: { objectType: "AzureFileShareRestoreRequest", recoveryType: "OriginalLocation", copyOptions: "Merge" } } });
            assert.equal(badCopy.json.error.message, "Parameter copyOptions in request is invalid.");
        });
    });

    describe("SQL databases", () => {
        let full: string;
        beforeEach(async () => {
            await seedSqlWorld(emulator);
            const steps = new SqlSteps(arm);
            await steps.discover();
            await steps.protect("orders");
            full = await backUp((suffix = "") => sqlItemPath("orders", suffix), { objectType: "AzureWorkloadBackupRequest", backupType: "Full" });
        });

        const ordersPath = (suffix = "") => sqlItemPath("orders", suffix);
        const containerId = vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}`);

        it("restores to another database name from a full point, and refuses to overwrite the original without Overwrite", async () => {
            await emulator.control.putSqlDatabase(sql.vm, sql.instance, "orders", { content: "orders broken" });
            const alternate = await restore(ordersPath, full, {
                objectType: "AzureWorkloadSQLRestoreRequest",
                recoveryType: "AlternateLocation",
                sourceResourceId: sql.vmId,
                targetInfo: { overwriteOption: "FailOnConflict", containerId, databaseName: "MSSQLSERVER/orders_restored" },
            });
            assert.equal(alternate.status.status, "Succeeded");
            assert.equal((await emulator.control.getSqlDatabase(sql.vm, sql.instance, "orders_restored")).content, "orders v1");
            const refused = await restore(ordersPath, full, { objectType: "AzureWorkloadSQLRestoreRequest", recoveryType: "OriginalLocation", targetInfo: { overwriteOption: "FailOnConflict" } });
            assert.equal(refused.status.status, "Failed");
            assert.equal(refused.job.errorDetails[0].errorTitle, "UserErrorTargetDatabaseExists");
            const overwrite = await restore(ordersPath, full, { objectType: "AzureWorkloadSQLRestoreRequest", recoveryType: "OriginalLocation", targetInfo: { overwriteOption: "Overwrite" } });
            assert.equal(overwrite.status.status, "Succeeded");
            assert.equal((await emulator.control.getSqlDatabase(sql.vm, sql.instance, "orders")).content, "orders v1");
        });

        it("restores to a point in time inside a log range with the content then; refuses one outside", async () => {
            await emulator.control.advanceBackupClock({ minutes: 10 });
            await emulator.control.putSqlDatabase(sql.vm, sql.instance, "orders", { content: "orders v2" });
            await emulator.control.advanceBackupClock({ minutes: 10 });
            await backUp(ordersPath, { objectType: "AzureWorkloadBackupRequest", backupType: "Log" });
            await emulator.control.putSqlDatabase(sql.vm, sql.instance, "orders", { content: "orders v3" });
            const chain = await emulator.control.getLogChain(vault, "orders");
            const [, second] = chain.entries;
            const range = (await arm.send("GET", ordersPath("/recoveryPoints/DefaultRangeRecoveryPoint"))).json.properties.timeRanges[0];
            const inRange = new Date(Date.parse(second.time) - 1000).toISOString();
            const body = (pointInTime: string) => ({
                objectType: "AzureWorkloadSQLPointInTimeRestoreRequest",
                recoveryType: "AlternateLocation",
                sourceResourceId: sql.vmId,
                pointInTime,
                targetInfo: { overwriteOption: "Overwrite", containerId, databaseName: "MSSQLSERVER/orders_pit" },
            });
            assert.equal((await restore(ordersPath, "DefaultRangeRecoveryPoint", body(inRange))).status.status, "Succeeded");
            assert.equal((await emulator.control.getSqlDatabase(sql.vm, sql.instance, "orders_pit")).content, "orders v1");
            assert.equal((await restore(ordersPath, "DefaultRangeRecoveryPoint", body(range.endTime))).status.status, "Succeeded");
            assert.equal((await emulator.control.getSqlDatabase(sql.vm, sql.instance, "orders_pit")).content, "orders v2");
            const outside = await arm.send("POST", ordersPath("/recoveryPoints/DefaultRangeRecoveryPoint/restore"), { body: { properties: body(new Date(Date.parse(range.endTime) + 60_000).toISOString()) } });
            assert.equal(outside.status, 400);
            assert.equal(outside.json.error.code, "UserErrorPointInTimeOutsideLogRanges");
        });
    });
});
