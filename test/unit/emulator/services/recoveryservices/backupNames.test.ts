import * as assert from "node:assert/strict";
import { fileShareItemName, parseContainerName, parseItemName, vmContainerName, vmItemName } from "../../../../../emulator/services/recoveryservices/names/backupNames";
import { parseODataFilter } from "../../../../../emulator/services/recoveryservices/requests/odataFilter";

describe("Azure Backup names and filters", () => {
    it("parses container names in every spelling clients send into one canonical name", () => {
        for (const raw of ["IaasVMContainer;iaasvmcontainerv2;VM-RG;Vm1", "iaasvmcontainer;iaasvmcontainerv2;vm-rg;vm1", "iaasvmcontainerv2;vm-rg;vm1"]) {
            const parsed = parseContainerName(raw)!;
            assert.equal(parsed.containerType, "IaasVMContainer", raw);
            assert.equal(parsed.key, "iaasvmcontainer;iaasvmcontainerv2;vm-rg;vm1");
        }
        assert.equal(parseContainerName("StorageContainer;Storage;rg;acct")!.name, "StorageContainer;Storage;rg;acct");
        assert.equal(parseContainerName("storagecontainer;storage;rg;acct")!.containerType, "StorageContainer");
        assert.equal(parseContainerName("VMAppContainer;Compute;rg;sqlvm")!.containerType, "VMAppContainer");
        for (const bad of ["", "IaasVMContainer;storage;rg;acct", "iaasvmcontainerv2;rg", "Other;x;y;z", "StorageContainer;storage;;acct"]) assert.equal(parseContainerName(bad), undefined, bad);
    });

    it("names VM containers and items the service's way (lower-case resource group and VM)", () => {
        assert.equal(vmContainerName("VM-RG", "Vm1").name, "IaasVMContainer;iaasvmcontainerv2;vm-rg;vm1");
        assert.equal(vmItemName("VM-RG", "Vm1"), "VM;iaasvmcontainerv2;vm-rg;vm1");
        assert.match(fileShareItemName("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/fileServices/default/shares/s"), /^AzureFileShare;[0-9a-f]{64}$/);
        assert.equal(
            fileShareItemName("/subscriptions/X/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/A/fileServices/default/shares/S"),
            fileShareItemName("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/fileServices/default/shares/s"),
            "ids compare case-insensitively, so their hashes do too",
        );
    });

    it("parses item names with or without their type prefix", () => {
        assert.deepEqual(parseItemName("VM;iaasvmcontainerv2;rg;vm"), { kind: "VM", reference: "iaasvmcontainerv2;rg;vm" });
        assert.deepEqual(parseItemName("vm;iaasvmcontainerv2;rg;vm"), { kind: "VM", reference: "iaasvmcontainerv2;rg;vm" });
        assert.deepEqual(parseItemName("iaasvmcontainerv2;rg;vm"), { kind: "VM", reference: "iaasvmcontainerv2;rg;vm" });
        assert.deepEqual(parseItemName("AzureFileShare;docs"), { kind: "AzureFileShare", reference: "docs" });
        assert.deepEqual(parseItemName("SQLDataBase;mssqlserver;db1"), { kind: "SQLDataBase", reference: "mssqlserver;db1" });
        assert.equal(parseItemName("nothing"), undefined);
        assert.equal(parseItemName("VM;"), undefined);
    });

    it("reads the $filter dialect: conditions joined by and, quoted values with doubled quotes", () => {
        assert.deepEqual(parseODataFilter("backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'"), { backupmanagementtype: "AzureIaasVM", itemtype: "VM" });
        assert.deepEqual(parseODataFilter("friendlyName eq 'it''s' AND status eq InProgress"), { friendlyname: "it's", status: "InProgress" });
        assert.deepEqual(parseODataFilter(undefined), {});
        for (const bad of ["backupManagementType", "a eq 'b' or c eq 'd'", "a ne 'b'"]) assert.throws(() => parseODataFilter(bad), /Parameter \$filter in request is invalid/, bad);
    });
});
