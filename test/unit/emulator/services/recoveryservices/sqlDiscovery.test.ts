import * as assert from "node:assert/strict";
import { names, sql, SQL_FILTER, useBackupWorld, vault, vaultPath } from "./support/backupFixture";

const CONTAINER = vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}`);
const DISPLAY_VAULT = `/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}`;
const REGISTER_BODY = { properties: { containerType: "VMAppContainer", backupManagementType: "AzureWorkload", workloadType: "SQLDataBase", sourceResourceId: sql.vmId, friendlyName: sql.vmName } };

describe("emulator Azure Backup: SQL in VMs, discovery (refresh, VMAppContainer registration, inquiry, protectable instances and databases)", function () {
    this.timeout(30_000);
    const world = useBackupWorld({ sql: "seeded" });

    async function protectableContainers(filter = SQL_FILTER): Promise<any[]> {
        const answer = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectableContainers?$filter=${filter}`));
        assert.equal(answer.status, 200, answer.text);
        return answer.json.value;
    }

    it("finds VMs running SQL Server with an AzureWorkload refresh and lists them as protectable containers until registered", async () => {
        assert.deepEqual(await protectableContainers(), [], "nothing before a refresh");
        await world.arm.refresh("AzureWorkload");
        const found = await protectableContainers();
        assert.deepEqual(found, [
            {
                id: `${DISPLAY_VAULT}/backupFabrics/Azure/protectableContainers/${sql.container}`,
                name: sql.container,
                type: "Microsoft.RecoveryServices/vaults/backupFabrics/protectableContainers",
                properties: { backupManagementType: "AzureWorkload", containerId: sql.vmId, friendlyName: sql.vmName, healthStatus: "Healthy", protectableContainerType: "VMAppContainer" },
            },
        ]);
        assert.deepEqual(await protectableContainers(encodeURIComponent("backupManagementType eq 'AzureWorkload' and workloadType eq 'SAPHanaDatabase'")), []);
        assert.deepEqual((await protectableContainers(encodeURIComponent("backupManagementType eq 'AzureStorage'"))).map((container) => container.name), [], "no storage refresh ran");
        // A VM without SQL Server (Vm1) is not a SQL container; a VM given SQL Server later needs another refresh.
        await world.emulator.control.putSqlInstance({ ...sql.vm, vmName: names.vmName }, "MSSQLSERVER", { databases: ["late"] });
        assert.equal((await protectableContainers()).length, 1);
        await world.arm.refresh("AzureWorkload");
        assert.deepEqual((await protectableContainers()).map((container) => container.name), [sql.container, `VMAppContainer;Compute;${names.vmResourceGroup};${names.vmName}`]);
        await world.steps.register();
        assert.deepEqual((await protectableContainers()).map((container) => container.name), [`VMAppContainer;Compute;${names.vmResourceGroup};${names.vmName}`]);
    });

    it("registers the VM as an operation (202, both poll URLs, a Register job of the AzureWorkload kind), then 200 with the container", async () => {
        await world.arm.refresh("AzureWorkload");
        const started = await world.arm.send("PUT", CONTAINER, { body: REGISTER_BODY });
        assert.equal(started.status, 202, started.text);
        const base = `${world.emulator.url}${DISPLAY_VAULT}/backupFabrics/Azure/protectionContainers/${sql.container}`;
        assert.ok(String(started.headers["azure-asyncoperation"]).startsWith(`${base}/operationsStatus/`));
        assert.ok(String(started.headers.location).startsWith(`${base}/operationResults/`));
        const status = await world.arm.waitForStatus(started);
        assert.equal(status.status, "Succeeded");
        const result = await world.arm.follow(String(started.headers.location));
        assert.equal(result.status, 200);
        assert.deepEqual(result.json, {
            id: `${DISPLAY_VAULT}/backupFabrics/Azure/protectionContainers/${sql.container}`,
            name: sql.container,
            type: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers",
            properties: {
                backupManagementType: "AzureWorkload",
                containerType: "VMAppContainer",
                friendlyName: sql.vmName,
                healthStatus: "Healthy",
                registrationStatus: "Registered",
                sourceResourceId: sql.vmId,
                extendedInfo: { hostServerName: "sqlvm1", nodesList: [] },
            },
        });
        const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
        assert.equal(job.json.properties.operation, "Register");
        assert.equal(job.json.properties.jobType, "AzureWorkloadJob");
        assert.equal(job.json.properties.workloadType, "SQLDataBase");
        assert.equal(job.json.properties.entityFriendlyName, sql.vmName);
        const listed = await world.arm.send("GET", vaultPath(`/backupProtectionContainers?$filter=${encodeURIComponent("backupManagementType eq 'AzureWorkload'")}`));
        assert.deepEqual(listed.json.value.map((container: any) => container.name), [sql.container]);
        // Any spelling of the name finds it; registering again answers it as it is.
        assert.equal((await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/vmappcontainer;compute;vm-rg;sqlvm1`))).json.name, sql.container);
        assert.equal((await world.arm.send("PUT", CONTAINER, { body: REGISTER_BODY })).status, 200);
    });

    it("refuses to register a VM no AzureWorkload refresh found, and bodies that do not fit the container", async () => {
        const undiscovered = await world.arm.send("PUT", CONTAINER, { body: REGISTER_BODY });
        assert.equal(undiscovered.status, 400);
        assert.equal(undiscovered.json.error.code, "UserErrorWorkloadVmNotDiscovered");
        await world.arm.refresh("AzureWorkload");
        const wrongWorkload = await world.arm.send("PUT", CONTAINER, { body: { properties: { ...REGISTER_BODY.properties, workloadType: "SAPHanaDatabase" } } });
        assert.equal(wrongWorkload.json.error.code, "UserErrorInvalidRequestParameter");
        assert.equal(wrongWorkload.json.error.message, "Parameter workloadType in request is invalid.");
        const wrongSource = await world.arm.send("PUT", CONTAINER, { body: { properties: { ...REGISTER_BODY.properties, sourceResourceId: sql.vmId.replace("SqlVm1", "Vm1") } } });
        assert.equal(wrongSource.json.error.message, "Parameter sourceResourceId in request is invalid.");
        const wrongType = await world.arm.send("PUT", CONTAINER, { body: { properties: { ...REGISTER_BODY.properties, containerType: "StorageContainer" } } });
        assert.equal(wrongType.json.error.message, "Parameter containerType in request is invalid.");
        const noSql = await world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;${names.vmResourceGroup};${names.vmName}`), { body: { properties: { containerType: "VMAppContainer" } } });
        assert.equal(noSql.json.error.code, "UserErrorWorkloadVmNotDiscovered", "a VM without SQL Server is not a SQL container");
        assert.deepEqual(await world.emulator.control.listContainers(vault), []);
    });

    it("makes the instance and its databases protectable once an inquiry ends (SQLInstance and SQLDataBase items, under the container, paged)", async () => {
        await world.steps.register();
        assert.deepEqual(await world.steps.protectableItems(), [], "nothing before an inquiry");
        await world.emulator.control.setRecoveryServicesBehaviour({ inquireMs: 300 });
        const started = await world.arm.send("POST", `${CONTAINER}/inquire`);
        assert.equal(started.status, 202);
        assert.equal((await world.arm.follow(String(started.headers.location))).status, 202);
        assert.deepEqual(await world.steps.protectableItems(), [], "an inquiry still running has found nothing yet");
        const status = await world.arm.waitForStatus(started);
        assert.equal(status.status, "Succeeded");
        const result = await world.arm.follow(String(started.headers.location));
        assert.equal(result.status, 200, "the inquiry's result is the container (ProtectionContainers_Inquire_Result.json)");
        assert.deepEqual(result.json.properties.extendedInfo.inquiryInfo.inquiryDetails, [
            { type: "sql", inquiryValidation: { errorDetail: { code: "Success", message: "Not Available", recommendations: ["Not Available"] }, status: "Success" }, itemCount: 3 },
        ]);
        const items = await world.steps.protectableItems();
        assert.deepEqual(items.map((item) => item.name), ["SQLInstance;MSSQLSERVER", sql.item("customers"), sql.item("orders")]);
        const [instance, , orders] = items;
        assert.equal(instance.id, `${DISPLAY_VAULT}/backupFabrics/Azure/protectionContainers/${sql.container}/protectableItems/SQLInstance;MSSQLSERVER`);
        assert.equal(instance.type, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectableItems");
        assert.deepEqual(instance.properties, {
            backupManagementType: "AzureWorkload",
            friendlyName: "MSSQLSERVER",
            isAutoProtectable: true,
            isAutoProtected: false,
            isProtectable: true,
            parentName: "MSSQLSERVER",
            protectableItemType: "SQLInstance",
            protectionState: "NotProtected",
            serverName: "sqlvm1",
            subinquireditemcount: 2,
            subprotectableitemcount: 2,
            workloadType: "SQLDataBase",
        });
        assert.equal(orders.id, `${DISPLAY_VAULT}/backupFabrics/Azure/protectionContainers/${sql.container}/protectableItems/${sql.item("orders")}`);
        assert.deepEqual(orders.properties, {
            backupManagementType: "AzureWorkload",
            friendlyName: "orders",
            isAutoProtectable: false,
            isProtectable: true,
            parentName: "MSSQLSERVER",
            parentUniqueName: "MSSQLSERVER",
            protectableItemType: "SQLDataBase",
            protectionState: "NotProtected",
            serverName: "sqlvm1",
            workloadType: "SQLDataBase",
        });
        // The list is paged (pageSize 2) and filtered like the others.
        const first = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${SQL_FILTER}`));
        assert.equal(first.json.value.length, 2);
        assert.ok(first.json.nextLink);
        const byName = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureWorkload' and friendlyName eq 'orders'")}`));
        assert.deepEqual(byName.json.value.map((item: any) => item.name), [sql.item("orders")]);
        const vms = await world.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM'")}`));
        assert.deepEqual(vms.json.value, [], "SQL items are not VMs");
    });

    it("shows a database created after an inquiry only after the next inquiry, and leaves out one dropped since", async () => {
        await world.steps.discover();
        await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "inventory", { content: "inventory v1" });
        await world.emulator.control.deleteSqlDatabase(sql.vm, sql.instance, "customers");
        assert.deepEqual((await world.steps.protectableItems()).map((item) => item.name), ["SQLInstance;MSSQLSERVER", sql.item("orders")]);
        const early = await world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}/protectedItems/${sql.item("inventory")}`), {
            body: { properties: { protectedItemType: "AzureVmWorkloadSQLDatabase", sourceResourceId: sql.vmId, policyId: `${vaultPath()}/backupPolicies/SqlDaily` } },
        });
        assert.equal(early.status, 400, "a database the vault has not inquired cannot be protected");
        assert.equal(early.json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
        await world.steps.inquire();
        assert.deepEqual((await world.steps.protectableItems()).map((item) => item.name), ["SQLInstance;MSSQLSERVER", sql.item("inventory"), sql.item("orders")]);
        const container = await world.arm.send("GET", CONTAINER);
        assert.equal(container.json.properties.extendedInfo.inquiryInfo.inquiryDetails[0].itemCount, 3);
    });

    it("fails an inquiry with a forced failure and keeps what the last one found", async () => {
        await world.steps.discover();
        await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "inventory");
        await world.emulator.control.forceFailure({ operation: "Inquire", code: "UserErrorSQLNoSysadminMembership", message: "SQL permissions are missing.", entityFriendlyName: sql.vmName });
        const status = await world.steps.inquire();
        assert.equal(status.status, "Failed");
        assert.equal(status.error.code, "UserErrorSQLNoSysadminMembership");
        assert.equal((await world.steps.protectableItems()).length, 3);
    });

    it("unregisters only once no item is left (soft-deleted ones count), the container's inquiry going with it", async () => {
        await world.steps.discover();
        assert.equal((await world.steps.protect("orders")).status, "Succeeded");
        const refused = await world.arm.send("DELETE", CONTAINER);
        assert.equal(refused.status, 400);
        assert.equal(refused.json.error.code, "BMSUserErrorContainerHasDatasources");
        await world.emulator.control.softDeleteItem(vault, sql.item("orders"));
        assert.equal((await world.arm.send("DELETE", CONTAINER)).json.error.code, "BMSUserErrorContainerHasDatasources");
        await world.emulator.control.deleteItem(vault, sql.item("orders"));
        const started = await world.arm.send("DELETE", CONTAINER);
        assert.equal(started.status, 202, started.text);
        const status = await world.arm.waitForStatus(started);
        assert.equal(status.status, "Succeeded");
        assert.equal((await world.arm.follow(String(started.headers.location))).status, 204);
        assert.equal((await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`))).json.properties.operation, "UnRegister");
        assert.deepEqual(await world.steps.protectableItems(), [], "an unregistered VM's databases are no longer protectable");
        assert.equal((await protectableContainers()).length, 1, "the VM can be registered again");
    });
});
