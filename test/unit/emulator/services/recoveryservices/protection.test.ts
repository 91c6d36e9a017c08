import * as assert from "node:assert/strict";
import { fileShareSystemName } from "../../../../../emulator/services/recoveryservices/names/backupNames";
import { accountId, names, policyId, shareId, storageContainer, useBackupWorld, vault, vaultPath, vmId, vmItemPath, vmNames } from "./support/backupFixture";



describe("emulator Azure Backup: protecting VMs and file shares, changing policy, stopping protection, scheduled backups", function () {
    this.timeout(30_000);
    const world = useBackupWorld();

    describe("a VM", () => {
        beforeEach(() => world.arm.refresh("AzureIaasVM"));

        it("answers 202 with item-level poll URLs; the status carries the ConfigureBackup job; the final Location GET answers 200 with the item", async () => {
            await world.emulator.control.setRecoveryServicesBehaviour({ configureMs: 300, retryAfterSeconds: 3 });
            const started = await world.arm.send("PUT", vmItemPath(), {
                body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("VmNightly"), extendedProperties: { diskExclusionProperties: { diskLunList: [1], isInclusionList: false } } } },
            });
            assert.equal(started.status, 202, started.text);
            assert.equal(started.text, "");
            assert.equal(started.headers["retry-after"], "3");
            const itemUrl = `${world.emulator.url}/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupFabrics/Azure/protectionContainers/${vmNames.container}/protectedItems/${vmNames.item}`;
            assert.match(String(started.headers["azure-asyncoperation"]), new RegExp(`^${escape(itemUrl)}/operationsStatus/[0-9a-f-]{36}\\?api-version=2023-06-01$`));
            assert.match(String(started.headers.location), new RegExp(`^${escape(itemUrl)}/operationResults/[0-9a-f-]{36}\\?api-version=2023-06-01$`));
            const running = await world.arm.follow(String(started.headers["azure-asyncoperation"]));
            assert.equal(running.status, 200);
            assert.equal(running.headers["retry-after"], "3");
            assert.deepEqual(Object.keys(running.json).sort(), ["endTime", "id", "name", "properties", "startTime", "status"]);
            assert.equal(running.json.status, "InProgress");
            assert.equal(running.json.properties.objectType, "OperationStatusJobExtendedInfo");
            assert.equal((await world.arm.follow(String(started.headers.location))).status, 202);
            assert.equal((await world.arm.send("GET", vmItemPath())).status, 404, "the item exists once ConfigureBackup ends");
            const status = await world.arm.waitForStatus(started);
            assert.equal(status.status, "Succeeded");
            assert.ok(Date.parse(status.endTime) >= Date.parse(status.startTime));
            const result = await world.arm.follow(String(started.headers.location));
            assert.equal(result.status, 200);
            assert.equal(result.json.name, vmNames.item);
            const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
            assert.equal(job.json.properties.operation, "ConfigureBackup");
            assert.equal(job.json.properties.status, "Completed");
            assert.equal(job.json.properties.jobType, "AzureIaaSVMJob");
            assert.equal(job.json.properties.extendedInfo.propertyBag["VM Name"], names.vmName);
        });

        it("answers GET with the read-only fields inferred from protectedItemType, ids with /Subscriptions/", async () => {
            await world.arm.protectVm("VmNightly", { extendedProperties: { diskExclusionProperties: { diskLunList: [1], isInclusionList: false } } });
            const item = await world.arm.send("GET", vmItemPath());
            assert.equal(item.status, 200);
            assert.ok(item.json.id.startsWith("/Subscriptions/"));
            assert.equal(item.json.type, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems");
            const p = item.json.properties;
            assert.equal(p.protectedItemType, "Microsoft.Compute/virtualMachines");
            assert.equal(p.backupManagementType, "AzureIaasVM");
            assert.equal(p.workloadType, "VM");
            assert.equal(p.friendlyName, names.vmName);
            assert.equal(p.virtualMachineId, vmId);
            assert.equal(p.sourceResourceId, vmId);
            assert.equal(p.containerName, "iaasvmcontainerv2;vm-rg;vm1");
            assert.equal(p.protectionState, "IRPending");
            assert.equal(p.protectionStatus, "Healthy");
            assert.equal(p.healthStatus, "Passed");
            assert.match(p.protectedItemDataId, /^\d{18}$/);
            assert.equal(p.policyId, policyId("VmNightly"));
            assert.equal(p.lastBackupTime, undefined, "no backup yet: the first backup is a scheduled one");
            assert.deepEqual(p.extendedProperties, { diskExclusionProperties: { diskLunList: [1], isInclusionList: false } });
            const listed = await world.arm.send("GET", vaultPath(`/backupProtectedItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'")}`));
            assert.deepEqual(listed.json.value.map((entry: any) => entry.name), [vmNames.item]);
            assert.deepEqual((await world.arm.send("GET", vaultPath(`/backupProtectedItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureStorage'")}`))).json.value, []);
            const container = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${vmNames.container}`));
            assert.equal(container.json.properties.containerType, "Microsoft.Compute/virtualMachines");
            const protectable = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM'")}`));
            assert.deepEqual(protectable.json.value, [], "a protected VM is no longer offered");
        });

        it("refuses a VM no refresh found, a policy of another kind, and an unknown policy, with the service's errors", async () => {
            await world.emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, "Fresh");
            const undiscovered = await world.arm.send("PUT", vaultPath("/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;vm-rg;fresh/protectedItems/VM;iaasvmcontainerv2;vm-rg;fresh"), {
                body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: policyId("VmNightly") } },
            });
            assert.equal(undiscovered.status, 400);
            assert.equal(undiscovered.json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
            assert.equal(undiscovered.json.error.message, "Input for configure protection is not in proper format\r\nPlease ensure that container exists and other parameters are in valid format");
            const wrongKind = await world.arm.send("PUT", vmItemPath(), { body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("FilesDaily") } } });
            assert.equal(wrongKind.status, 400);
            assert.equal(wrongKind.json.error.code, "BMSUserErrorInvalidPolicyForGivenProvider");
            assert.equal(wrongKind.json.error.message, "Policy is not valid for given provider type. Please choose valid policy for given provider.");
            const unknown = await world.arm.send("PUT", vmItemPath(), { body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("Nope") } } });
            assert.equal(unknown.status, 404);
            assert.equal(unknown.json.error.code, "BMSUserErrorPolicyNotFound");
            assert.equal((await world.arm.send("GET", vmItemPath())).json.error.code, "BMSUserErrorDataSourceObjectNotFound");
        });

        it("changes policy (a ConfigureBackup job, protectedItemsCount of both policies updated)", async () => {
            await world.emulator.control.putPolicy(vault, "VmMorning", { properties: { ...(await vmPolicy(7)) } });
            await world.arm.protectVm("VmNightly");
            assert.equal((await world.arm.send("GET", vaultPath("/backupPolicies/VmNightly"))).json.properties.protectedItemsCount, 1);
            const status = await world.arm.protectVm("VmMorning");
            assert.equal(status.status, "Succeeded");
            assert.equal((await world.arm.send("GET", vmItemPath())).json.properties.policyId, policyId("VmMorning"));
            assert.equal((await world.arm.send("GET", vaultPath("/backupPolicies/VmNightly"))).json.properties.protectedItemsCount, 0);
            assert.equal((await world.arm.send("GET", vaultPath("/backupPolicies/VmMorning"))).json.properties.protectedItemsCount, 1);
            const jobs = await world.arm.send("GET", vaultPath(`/backupJobs?$filter=${encodeURIComponent("operation eq 'ConfigureBackup'")}&$skipToken=`));
            assert.equal(jobs.json.value.length, 2);
        });

        it("refuses a second configure while one runs", async () => {
            await world.emulator.control.setRecoveryServicesBehaviour({ configureMs: 2000 });
            const body = { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId("VmNightly") } };
            assert.equal((await world.arm.send("PUT", vmItemPath(), { body })).status, 202);
            const second = await world.arm.send("PUT", vmItemPath(), { body });
            assert.equal(second.status, 400);
            assert.equal(second.json.error.code, "BMSUserErrorConflictingProtectionOperation");
            assert.equal(second.json.error.message, "Another configure protection operation is in progress for this item.");
        });

        it("runs scheduled backups as the backup clock passes the policy's time: Backup jobs, recovery points, last backup fields, IRPending → Protected", async () => {
            await world.arm.protectVm("VmNightly");
            const before = await world.emulator.control.getBackupClock();
            const moved = await world.emulator.control.advanceBackupClock({ days: 3 });
            assert.equal(moved.ran.backupsStarted, 3);
            assert.equal(moved.aheadSeconds - before.aheadSeconds, 3 * 86_400);
            const item = (await world.arm.send("GET", vmItemPath())).json.properties;
            assert.equal(item.protectionState, "Protected");
            assert.equal(item.lastBackupStatus, "Completed");
            assert.match(item.lastBackupTime, /T02:00:00\.000Z$/, "the policy runs at 02:00 UTC");
            assert.equal(item.lastRecoveryPoint, item.lastBackupTime);
            const points = await world.arm.send("GET", vmItemPath("/recoveryPoints"));
            assert.equal(points.json.value.length, 3);
            assert.ok(points.json.value.every((point: any) => point.properties.objectType === "IaasVMRecoveryPoint"));
            assert.deepEqual(
                points.json.value.map((point: any) => point.properties.recoveryPointTime),
                [...points.json.value.map((point: any) => point.properties.recoveryPointTime)].sort().reverse(),
                "newest first",
            );
            const one = await world.arm.send("GET", vmItemPath(`/recoveryPoints/${points.json.value[0].name}`));
            assert.equal(one.json.properties.recoveryPointTime, item.lastRecoveryPoint);
            const backups = await world.arm.send("GET", vaultPath(`/backupJobs?$filter=${encodeURIComponent("operation eq 'Backup' and status eq 'Completed'")}`));
            const all: any[] = [...backups.json.value];
            let next = backups.json.nextLink;
            while (next) {
                const page = await world.arm.follow(next);
                all.push(...page.json.value);
                next = page.json.nextLink;
            }
            assert.equal(all.length, 3);
            assert.ok(all.every((job) => job.properties.isUserTriggered === false));
        });

        it("runs the first backup right after protection with the firstBackupImmediately knob", async () => {
            await world.emulator.control.setRecoveryServicesBehaviour({ firstBackupImmediately: true });
            await world.arm.protectVm("VmNightly");
            await world.emulator.control.waitForItem(vault, vmNames.item, (item) => item?.properties.lastBackupStatus === "Completed");
            const item = (await world.arm.send("GET", vmItemPath())).json.properties;
            assert.equal(item.protectionState, "Protected");
            assert.equal((await world.arm.send("GET", vmItemPath("/recoveryPoints"))).json.value.length, 1);
        });

        it("stops protection keeping data: DisableBackup job, ProtectionStopped, no policyId, recovery points kept, no more backups", async () => {
            await world.arm.protectVm("VmNightly");
            await world.emulator.control.advanceBackupClock({ days: 1 });
            const started = await world.arm.send("PUT", vmItemPath(), { body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: "", protectionState: "ProtectionStopped" } } });
            const status = await world.arm.waitForStatus(started);
            assert.equal(status.status, "Succeeded");
            const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
            assert.equal(job.json.properties.operation, "DisableBackup");
            const item = (await world.arm.send("GET", vmItemPath())).json.properties;
            assert.equal(item.protectionState, "ProtectionStopped");
            assert.equal("policyId" in item, false, "the service omits policyId once protection is stopped");
            assert.equal((await world.arm.send("GET", vaultPath("/backupPolicies/VmNightly"))).json.properties.protectedItemsCount, 0);
            const moved = await world.emulator.control.advanceBackupClock({ days: 2 });
            assert.equal(moved.ran.backupsStarted, 0);
            assert.equal((await world.arm.send("GET", vmItemPath("/recoveryPoints"))).json.value.length, 1, "the recovery point is kept");
            const resumed = await world.arm.protectVm("VmNightly");
            assert.equal(resumed.status, "Succeeded");
            assert.equal((await world.arm.send("GET", vmItemPath())).json.properties.protectionState, "Protected", "resumed with backups behind it");
        });

        it("refuses to suspend backups in a vault that is not immutable, with the service's (confusing) immutability error", async () => {
            await world.arm.protectVm("VmNightly");
            const refused = await world.arm.send("PUT", vmItemPath(), { body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, protectionState: "BackupsSuspended" } } });
            assert.equal(refused.status, 400);
            assert.equal(refused.json.error.code, "UserErrorOperationDeniedOnImmutableItem");
        });
    });

    describe("a file share", () => {
        beforeEach(async () => {
            await world.arm.registerStorageAccount();
            await world.arm.refresh("AzureStorage");
        });

        it("protects by share name, answering the item under its hashed system name with friendlyName = share", async () => {
            const status = await world.arm.protectShare("FilesDaily");
            assert.equal(status.status, "Succeeded");
            const systemName = `AzureFileShare;${fileShareSystemName(shareId)}`;
            for (const name of [`AzureFileShare;${names.shareName}`, systemName, `azurefileshare;${fileShareSystemName(shareId)}`]) {
                const item = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}/protectedItems/${encodeURIComponent(name)}`));
                assert.equal(item.status, 200, name);
                assert.equal(item.json.name, systemName);
                assert.deepEqual(
                    { ...item.json.properties, protectedItemDataId: undefined },
                    {
                        backupManagementType: "AzureStorage",
                        containerName: storageContainer,
                        friendlyName: names.shareName,
                        policyId: policyId("FilesDaily"),
                        protectedItemDataId: undefined,
                        protectedItemType: "AzureFileShareProtectedItem",
                        protectionState: "IRPending",
                        protectionStatus: "Healthy",
                        sourceResourceId: accountId,
                        workloadType: "AzureFileShare",
                    },
                );
            }
            const container = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}`));
            assert.equal(container.json.properties.protectedItemCount, 1);
        });

        it("captures the share's files in each recovery point (AzureFileShareRecoveryPoint)", async () => {
            await world.arm.protectShare("FilesDaily");
            await world.emulator.control.advanceBackupClock({ days: 1 });
            await world.emulator.control.putFileShareFiles(shareId, { "readme.txt": "v2" });
            await world.emulator.control.advanceBackupClock({ days: 1 });
            const points = await world.emulator.control.listRecoveryPoints(vault, names.shareName);
            assert.equal(points.length, 2);
            assert.deepEqual(points.map((point) => point.files), [{ "readme.txt": "v2" }, { "readme.txt": "v1", "dir/data.csv": "a,b" }]);
            const listed = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}/protectedItems/AzureFileShare;${names.shareName}/recoveryPoints`));
            assert.ok(listed.json.value.every((point: any) => point.properties.objectType === "AzureFileShareRecoveryPoint"));
            const item = (await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}/protectedItems/AzureFileShare;${names.shareName}`))).json.properties;
            assert.equal(item.protectionState, "Protected");
            assert.match(item.lastBackupTime, /T08:00:00\.000Z$/);
            const job = (await world.emulator.control.listJobs(vault)).find((entry) => entry.properties.operation === "Backup")!;
            assert.equal(job.properties.jobType, "AzureStorageJob");
            assert.deepEqual(job.properties.propertyBag, { "File Share Name": names.shareName, "Storage Account Name": names.accountName, "Policy Name": "FilesDaily" });
        });

        it("refuses a VM policy for a share, and a share whose account is not registered", async () => {
            const wrong = await world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}/protectedItems/AzureFileShare;${names.shareName}`), {
                body: { properties: { protectedItemType: "AzureFileShareProtectedItem", sourceResourceId: accountId, policyId: policyId("DefaultPolicy") } },
            });
            assert.equal(wrong.status, 400);
            assert.equal(wrong.json.error.code, "BMSUserErrorInvalidPolicyForGivenProvider");
            await world.emulator.control.putStorageAccount(names.subscriptionId, names.resourceGroupName, "otheracct");
            await world.emulator.control.putFileShare(names.subscriptionId, names.resourceGroupName, "otheracct", "other");
            await world.arm.refresh("AzureStorage");
            const unregistered = await world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/StorageContainer;storage;${names.resourceGroupName};otheracct/protectedItems/AzureFileShare;other`), {
                body: { properties: { protectedItemType: "AzureFileShareProtectedItem", policyId: policyId("FilesDaily") } },
            });
            assert.equal(unregistered.status, 400);
            assert.equal(unregistered.json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
        });
    });

    describe("a protection intent (AzureResourceItem)", () => {
        const intentPath = vaultPath("/backupFabrics/Azure/backupProtectionIntent/vm;iaasvmcontainerv2;vm-rg;vm1");

        it("protects the VM at once (200, no refresh needed) as the portal does at VM creation; GET and DELETE (204) answer the intent", async () => {
            const created = await world.arm.send("PUT", intentPath, { body: { properties: { protectionIntentItemType: "AzureResourceItem", sourceResourceId: vmId, policyId: policyId("VmNightly") } } });
            assert.equal(created.status, 200, created.text);
            assert.equal(created.json.type, "Microsoft.RecoveryServices/vaults/backupProtectionIntent");
            assert.equal(created.json.name, "vm;iaasvmcontainerv2;vm-rg;vm1");
            assert.equal(created.json.properties.protectionIntentItemType, "AzureResourceItem");
            assert.equal(created.json.properties.backupManagementType, "AzureIaasVM");
            assert.equal(created.json.properties.protectionState, "Protected");
            assert.equal(created.json.properties.policyId, policyId("VmNightly"));
            const item = await world.arm.send("GET", vmItemPath());
            assert.equal(item.status, 200);
            assert.equal(item.json.properties.protectionState, "IRPending");
            const jobs = await world.emulator.control.listJobs(vault);
            assert.deepEqual(jobs.map((job) => job.properties.operation), ["ConfigureBackup"]);
            assert.equal((await world.arm.send("GET", intentPath)).json.properties.itemId, item.json.id);
            const removed = await world.arm.send("DELETE", intentPath);
            assert.equal(removed.status, 204);
            assert.equal((await world.arm.send("GET", intentPath)).status, 404);
            assert.equal((await world.arm.send("GET", vmItemPath())).status, 200, "the protected item stays");
        });
    });
});

async function vmPolicy(hour: number): Promise<Record<string, unknown>> {
    const time = `2018-01-24T${String(hour).padStart(2, "0")}:00:00Z`;
    return {
        backupManagementType: "AzureIaasVM",
        schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: [time] },
        retentionPolicy: { retentionPolicyType: "LongTermRetentionPolicy", dailySchedule: { retentionDuration: { count: 7, durationType: "Days" }, retentionTimes: [time] } },
    };
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}


