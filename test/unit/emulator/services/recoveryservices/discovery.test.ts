import * as assert from "node:assert/strict";
import { fileShareSystemName } from "../../../../../emulator/services/recoveryservices/names/backupNames";
import { accountId, names, shareId, storageContainer, useBackupWorld, vaultPath, vmId } from "./support/backupFixture";

const VM_FILTER = encodeURIComponent("backupManagementType eq 'AzureIaasVM'");
const STORAGE_FILTER = encodeURIComponent("backupManagementType eq 'AzureStorage' and workloadType eq 'AzureFileShare'");

describe("emulator Azure Backup: discovery (refresh, protectable items and containers) and the resources it finds", function () {
    this.timeout(30_000);
    const world = useBackupWorld();

    it("answers refreshContainers 202 with Location, Retry-After and no body; the Location answers 202, then 204", async () => {
        await world.emulator.control.setRecoveryServicesBehaviour({ refreshMs: 300, retryAfterSeconds: 7 });
        const started = await world.arm.send("POST", vaultPath(`/backupFabrics/Azure/refreshContainers?$filter=${VM_FILTER}`));
        assert.equal(started.status, 202);
        assert.equal(started.text, "");
        assert.equal(started.headers["content-length"], "0");
        assert.equal(started.headers["retry-after"], "7");
        const location = String(started.headers.location);
        assert.match(location, new RegExp(`^${world.emulator.url}/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupFabrics/Azure/operationResults/[0-9a-f-]{36}\\?api-version=2023-06-01$`));
        const running = await world.arm.follow(location);
        assert.equal(running.status, 202);
        assert.equal(running.headers.location, location);
        const operationId = location.split("/operationResults/")[1].split("?")[0];
        const status = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/operationsStatus/${operationId}`));
        assert.equal(status.json.status, "InProgress");
        assert.equal(status.json.endTime, "0001-01-01T00:00:00.00000Z");
        const done = await world.arm.waitForLocation(started);
        assert.equal(done.status, 204);
        assert.equal(done.text, "");
        const finished = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/operationsStatus/${operationId}`));
        assert.equal(finished.json.status, "Succeeded");
        assert.equal(finished.json.name, operationId);
    });

    it("lists a VM as protectable only after a refresh that ran after it was seeded", async () => {
        const before = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${VM_FILTER}`));
        assert.deepEqual(before.json, { value: [] });
        await world.arm.refresh("AzureIaasVM");
        await world.emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, "Late");
        const after = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${VM_FILTER}`));
        assert.equal(after.status, 200);
        assert.equal(after.json.value.length, 1);
        const [item] = after.json.value;
        assert.equal(item.name, "iaasvmcontainerv2;vm-rg;vm1");
        assert.equal(item.type, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectableItems");
        assert.equal(item.id, `/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/protectionContainers/IaasVMContainer;iaasvmcontainerv2;vm-rg;vm1/protectableItems/vm;iaasvmcontainerv2;vm-rg;vm1`);
        assert.deepEqual(item.properties, {
            backupManagementType: "AzureIaasVM",
            friendlyName: names.vmName,
            protectableItemType: "Microsoft.Compute/virtualMachines",
            protectionState: "NotProtected",
            virtualMachineId: vmId,
            workloadType: "VM",
        });
        await world.arm.refresh("AzureIaasVM");
        const again = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${VM_FILTER}`));
        assert.deepEqual(again.json.value.map((entry: any) => entry.properties.friendlyName).sort(), ["Late", names.vmName]);
    });

    it("discovers only VMs of the vault's region", async () => {
        await world.emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, "Elsewhere", { location: "eastus" });
        await world.arm.refresh("AzureIaasVM");
        const listed = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${VM_FILTER}`));
        assert.deepEqual(listed.json.value.map((entry: any) => entry.properties.friendlyName), [names.vmName]);
    });

    it("lists file shares after an AzureStorage refresh, with a hashed system name and the share's name as friendlyName", async () => {
        await world.arm.refresh("AzureIaasVM");
        assert.deepEqual((await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${STORAGE_FILTER}`))).json.value, []);
        await world.arm.refresh("AzureStorage");
        const listed = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${STORAGE_FILTER}`));
        assert.equal(listed.json.value.length, 1);
        const [share] = listed.json.value;
        assert.equal(share.name, `azurefileshare;${fileShareSystemName(shareId)}`);
        assert.match(share.name, /^azurefileshare;[0-9a-f]{64}$/);
        assert.equal(share.properties.friendlyName, names.shareName);
        assert.equal(share.properties.protectableItemType, "AzureFileShare");
        assert.equal(share.properties.parentContainerFabricId, accountId);
        assert.equal(share.properties.parentContainerFriendlyName, names.accountName);
        assert.match(share.id, new RegExp(`/protectionContainers/${storageContainer}/protectableItems/azurefileshare;`));
    });

    it("holds discovered shares back for the configured number of list calls", async () => {
        await world.emulator.control.setRecoveryServicesBehaviour({ fileShareVisibleAfterListCalls: 2 });
        await world.arm.refresh("AzureStorage");
        const counts: number[] = [];
        for (let call = 0; call < 3; call++) counts.push((await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${STORAGE_FILTER}`))).json.value.length);
        assert.deepEqual(counts, [0, 0, 1]);
    });

    it("filters by friendlyName and pages with $skipToken and an absolute nextLink that keeps the filter", async () => {
        for (const share of ["alpha", "beta", "gamma"]) await world.emulator.control.putFileShare(names.subscriptionId, names.resourceGroupName, names.accountName, share);
        await world.arm.refresh("AzureStorage");
        const byName = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureStorage' and friendlyName eq 'BETA'")}`));
        assert.deepEqual(byName.json.value.map((entry: any) => entry.properties.friendlyName), ["beta"]);
        const seen: string[] = [];
        let page = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${STORAGE_FILTER}`));
        let pages = 1;
        for (;;) {
            seen.push(...page.json.value.map((entry: any) => entry.properties.friendlyName));
            if (!page.json.nextLink) break;
            assert.ok(page.json.nextLink.startsWith(`${world.emulator.url}/Subscriptions/`), page.json.nextLink);
            assert.match(page.json.nextLink, /\$skipToken=\d+/);
            assert.match(decodeURIComponent(page.json.nextLink), /\$filter=backupManagementType eq 'AzureStorage'/);
            page = await world.arm.follow(page.json.nextLink);
            pages++;
        }
        assert.equal(pages, 2, "page size 2, four shares");
        assert.deepEqual(seen.sort(), ["alpha", "beta", "docs", "gamma"]);
        const bad = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$skipToken=not-a-token`));
        assert.equal(bad.status, 400);
        assert.equal(bad.json.error.code, "UserErrorInvalidRequestParameter");
    });

    it("lists storage accounts to register until they are registered", async () => {
        await world.arm.refresh("AzureStorage");
        const listed = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectableContainers?$filter=${STORAGE_FILTER}`));
        assert.equal(listed.status, 200);
        assert.deepEqual(listed.json.value, [
            {
                id: `/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupFabrics/Azure/protectableContainers/${storageContainer}`,
                name: storageContainer,
                type: "Microsoft.RecoveryServices/vaults/backupFabrics/protectableContainers",
                properties: { backupManagementType: "AzureStorage", containerId: accountId, friendlyName: names.accountName, healthStatus: "Healthy", protectableContainerType: "StorageContainer" },
            },
        ]);
        await world.arm.registerStorageAccount();
        assert.deepEqual((await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectableContainers?$filter=${STORAGE_FILTER}`))).json.value, []);
    });

    it("accepts /Subscriptions/ with a capital S and names sent percent-encoded (;) in any casing", async () => {
        await world.arm.refresh("AzureIaasVM");
        await world.arm.protectVm();
        const path = `/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName.toLowerCase()}/backupFabrics/Azure/protectionContainers/${encodeURIComponent("iaasvmcontainer;iaasvmcontainerv2;VM-RG;VM1")}/protectedItems/${encodeURIComponent("vm;iaasvmcontainerv2;vm-rg;vm1")}`;
        const read = await world.arm.send("GET", path);
        assert.equal(read.status, 200, read.text);
        assert.equal(read.json.name, "VM;iaasvmcontainerv2;vm-rg;vm1");
        const withoutPrefix = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/${encodeURIComponent("iaasvmcontainerv2;vm-rg;vm1")}/protectedItems/${encodeURIComponent("iaasvmcontainerv2;vm-rg;vm1")}`));
        assert.equal(withoutPrefix.status, 200, withoutPrefix.text);
    });

    it("checks api-versions against the configured list, every version from 2023-06-01 to 2026-11-01 included", async () => {
        for (const version of ["2023-06-01", "2024-04-01", "2025-08-01", "2026-11-01"]) {
            assert.equal((await world.arm.send("GET", vaultPath(`/backupPolicies?api-version=${version}`))).status, 200, version);
        }
        const unsupported = await world.arm.send("GET", vaultPath("/backupPolicies?api-version=2016-12-01"));
        assert.equal(unsupported.status, 400);
        assert.equal(unsupported.json.error.code, "NoRegisteredProviderFound");
        assert.match(unsupported.json.error.message, /for type 'vaults\/backupPolicies'.*2023-06-01.*2026-11-01/);
        const missing = await world.arm.send("GET", vaultPath("/backupPolicies?other=1&api-version="));
        assert.equal(missing.status, 400);
        assert.equal(missing.json.error.code, "MissingApiVersionParameter");
    });

    it("answers ARM errors for an unknown vault, resource group or subscription", async () => {
        const vault = await world.arm.send("GET", vaultPath("/backupPolicies").replace(names.vaultName, "NoVault"));
        assert.equal(vault.status, 404);
        assert.equal(vault.json.error.code, "ResourceNotFound");
        assert.match(vault.json.error.message, /Microsoft\.RecoveryServices\/vaults\/NoVault/);
        const group = await world.arm.send("GET", vaultPath("/backupPolicies").replace(names.resourceGroupName, "NoGroup"));
        assert.equal(group.json.error.code, "ResourceGroupNotFound");
    });

    it("serves the seeded VM, storage account and share on their own ids, and 404 ResourceNotFound otherwise", async () => {
        const vm = await world.arm.send("GET", `${vmId}?api-version=2024-07-01`);
        assert.equal(vm.status, 200, vm.text);
        assert.equal(vm.json.id, vmId);
        assert.deepEqual(vm.json.properties.storageProfile.dataDisks.map((disk: any) => disk.lun), [0, 1]);
        const account = await world.arm.send("GET", `${accountId}?api-version=2024-01-01`);
        assert.equal(account.status, 200);
        assert.equal(account.json.kind, "StorageV2");
        const share = await world.arm.send("GET", `${shareId}?api-version=2024-01-01`);
        assert.equal(share.status, 200);
        assert.equal(share.json.name, names.shareName);
        assert.equal(share.json.type, "Microsoft.Storage/storageAccounts/fileServices/shares");
        for (const [path, type] of [
            [vmId.replace(names.vmName, "Nope"), "Microsoft.Compute/virtualMachines/Nope"],
            [accountId.replace(names.accountName, "nope"), "Microsoft.Storage/storageAccounts/nope"],
            [shareId.replace(/docs$/, "nope"), `Microsoft.Storage/storageAccounts/${names.accountName}/fileServices/default/shares/nope`],
        ]) {
            const missing = await world.arm.send("GET", `${path}?api-version=${path.includes("Compute") ? "2024-07-01" : "2024-01-01"}`);
            assert.equal(missing.status, 404, path);
            assert.equal(missing.json.error.code, "ResourceNotFound");
            assert.match(missing.json.error.message, new RegExp(`The Resource '${type.replace(/\//g, "\\/")}' under resource group`));
        }
    });
});
