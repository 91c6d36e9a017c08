import * as assert from "node:assert/strict";
import { names, policyId, sql, sqlItemPath, sqlPolicyBody, useBackupWorld, vault, vaultPath } from "./support/backupFixture";

const GUARD = `/subscriptions/${names.subscriptionId}/resourceGroups/Guard-RG/providers/Microsoft.DataProtection/resourceGuards/guard1`;
const STOP = { properties: { protectedItemType: "AzureVmWorkloadSQLDatabase", sourceResourceId: sql.vmId, policyId: "", protectionState: "ProtectionStopped" } };
const HOUR_MS = 3_600_000;

describe("emulator Azure Backup: SQL databases in VMs, protected (AzureVmWorkloadSQLDatabase), backed up (full, differential, log) and through the lifecycle", function () {
    this.timeout(30_000);
    const world = useBackupWorld({ seed: "manual", sql: "discovered" });

    async function allJobs(filter: string): Promise<any[]> {
        const all: any[] = [];
        let page = await world.arm.send("GET", vaultPath(`/backupJobs?$filter=${encodeURIComponent(filter)}`));
        for (;;) {
            all.push(...page.json.value);
            if (!page.json.nextLink) return all;
            page = await world.arm.follow(page.json.nextLink);
        }
    }

    describe("protection", () => {
        beforeEach(() => world.reseed());

        it("protects a database the inquiry found: 202, item-level poll URLs, a ConfigureBackup job naming instance, database and server; 200 with the item", async () => {
            const started = await world.arm.send("PUT", sqlItemPath("orders"), {
                body: { properties: { protectedItemType: "AzureVmWorkloadSQLDatabase", workloadType: "SQLDataBase", sourceResourceId: sql.vmId, policyId: policyId("SqlDaily") } },
            });
            assert.equal(started.status, 202, started.text);
            assert.match(String(started.headers["azure-asyncoperation"]), new RegExp(`/protectionContainers/${sql.container}/protectedItems/${sql.item("orders")}/operationsStatus/`));
            const status = await world.arm.waitForStatus(started);
            assert.equal(status.status, "Succeeded");
            const result = await world.arm.follow(String(started.headers.location));
            assert.equal(result.status, 200);
            assert.equal(result.json.name, sql.item("orders"));
            const job = (await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`))).json.properties;
            assert.equal(job.operation, "ConfigureBackup");
            assert.equal(job.jobType, "AzureWorkloadJob");
            assert.equal(job.workloadType, "SQLDataBase");
            assert.equal(job.entityFriendlyName, "MSSQLSERVER/orders [sqlvm1]");
            assert.equal(job.extendedInfo.propertyBag["Policy Name"], "SqlDaily");
        });

        it("answers GET with the read-only fields inferred from protectedItemType, under any spelling of the names", async () => {
            await world.steps.protect("orders");
            const item = await world.arm.send("GET", vaultPath(`/backupFabrics/Azure/protectionContainers/vmappcontainer;compute;vm-rg;sqlvm1/protectedItems/sqldatabase;mssqlserver;ORDERS`));
            assert.equal(item.status, 200, item.text);
            assert.equal(item.json.id, `/Subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupFabrics/Azure/protectionContainers/${sql.container}/protectedItems/${sql.item("orders")}`);
            assert.equal(item.json.name, sql.item("orders"));
            const p = item.json.properties;
            assert.equal(p.protectedItemType, "AzureVmWorkloadSQLDatabase");
            assert.equal(p.backupManagementType, "AzureWorkload");
            assert.equal(p.workloadType, "SQLDataBase");
            assert.equal(p.friendlyName, "orders");
            assert.equal(p.serverName, "sqlvm1");
            assert.equal(p.parentName, "MSSQLSERVER");
            assert.equal(p.parentType, "AzureVmWorkloadSQLInstance");
            assert.equal(p.containerName, sql.container);
            assert.equal(p.sourceResourceId, sql.vmId);
            assert.equal(p.policyId, policyId("SqlDaily"));
            assert.equal(p.protectionState, "IRPending");
            assert.equal(p.protectionStatus, "Healthy");
            assert.equal(p.protectedItemHealthStatus, "IRPending");
            assert.match(p.protectedItemDataSourceId, /^\d{18}$/);
            assert.equal(p.lastBackupTime, undefined, "the first backup is a scheduled one (seed 002)");
            const listed = await world.arm.send("GET", vaultPath(`/backupProtectedItems?$filter=${encodeURIComponent("backupManagementType eq 'AzureWorkload' and itemType eq 'SQLDataBase'")}`));
            assert.deepEqual(listed.json.value.map((entry: any) => entry.name), [sql.item("orders")]);
            assert.equal((await world.arm.send("GET", vaultPath("/backupPolicies/SqlDaily"))).json.properties.protectedItemsCount, 1);
            const protectable = await world.steps.protectableItems();
            assert.deepEqual(protectable.map((entry) => entry.name), ["SQLInstance;MSSQLSERVER", sql.item("customers")], "a protected database is no longer offered");
            assert.equal(protectable[0].properties.subprotectableitemcount, 1);
        });

        it("refuses policies of another kind or workload, wrong item types and sources, and databases of unregistered VMs", async () => {
            const put = (database: string, properties: Record<string, unknown>, container: string = sql.container) =>
                world.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${container}/protectedItems/${sql.item(database)}`), {
                    body: { properties: { protectedItemType: "AzureVmWorkloadSQLDatabase", sourceResourceId: sql.vmId, policyId: policyId("SqlDaily"), ...properties } },
                });
            const vmPolicy = await put("orders", { policyId: policyId("VmNightly") });
            assert.equal(vmPolicy.status, 400);
            assert.equal(vmPolicy.json.error.code, "BMSUserErrorInvalidPolicyForGivenProvider");
            await world.emulator.control.putPolicy(vault, "HanaDaily", { properties: { ...sqlPolicyBody().properties, workLoadType: "SAPHanaDatabase" } });
            const hanaPolicy = await put("orders", { policyId: policyId("HanaDaily") });
            assert.equal(hanaPolicy.status, 400);
            assert.equal(hanaPolicy.json.error.code, "BMSUserErrorInvalidPolicyForGivenProvider", "an AzureWorkload policy for another workload is refused the same way");
            const oddLogs = await world.arm.send("PUT", vaultPath("/backupPolicies/SqlOdd"), { body: sqlPolicyBody(1, 45) });
            assert.equal(oddLogs.status, 400, "log backups run at the service's steps only (15 minutes to a day)");
            assert.equal(oddLogs.json.error.code, "BMSUserErrorInvalidPolicyInput");
            assert.equal((await put("orders", { protectedItemType: "Microsoft.Compute/virtualMachines" })).json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
            assert.equal((await put("orders", { sourceResourceId: sql.vmId.replace("SqlVm1", "Vm1") })).json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
            assert.equal((await put("nosuch", {})).json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
            const unregistered = await put("orders", {}, `VMAppContainer;Compute;${names.vmResourceGroup};${names.vmName}`);
            assert.equal(unregistered.json.error.code, "BMSUserErrorInvalidConfigureProtectionRequest");
            const stopUnknown = await world.arm.send("PUT", sqlItemPath("customers"), { body: STOP });
            assert.equal(stopUnknown.status, 404);
            assert.equal(stopUnknown.json.error.code, "BMSUserErrorDataSourceObjectNotFound");
            assert.deepEqual(await world.emulator.control.listProtectedItems(vault), []);
        });

        it("changes policy with a body without protectedItemType (the SQL REST article's), and stops keeping data: no policyId, no more backups", async () => {
            await world.emulator.control.putPolicy(vault, "SqlEvening", sqlPolicyBody(20, 120));
            await world.steps.protect("orders");
            await world.emulator.control.advanceBackupClock({ days: 1 });
            const changed = await world.arm.send("PUT", sqlItemPath("orders"), { body: { properties: { backupManagementType: "AzureWorkload", workloadType: "SQLDataBase", policyId: policyId("SqlEvening") } } });
            assert.equal((await world.arm.waitForStatus(changed)).status, "Succeeded");
            const item = await world.emulator.control.getProtectedItem(vault, sql.item("orders"));
            assert.equal(item.properties.policyId, policyId("SqlEvening"));
            assert.equal(item.properties.protectionState, "Protected");
            assert.match(new Date(item.properties.nextBackupAtMs!).toISOString(), /T20:00:00\.000Z$/);
            const now = Date.parse((await world.emulator.control.getBackupClock()).now);
            assert.ok(item.properties.nextLogBackupAtMs! - now <= 2 * HOUR_MS && item.properties.nextLogBackupAtMs! > now, "logs every two hours from now");
            const stopped = await world.arm.waitForStatus(await world.arm.send("PUT", sqlItemPath("orders"), { body: STOP }));
            assert.equal(stopped.status, "Succeeded");
            assert.equal((await world.arm.send("GET", vaultPath(`/backupJobs/${stopped.properties.jobId}`))).json.properties.operation, "DisableBackup");
            const read = (await world.arm.send("GET", sqlItemPath("orders"))).json.properties;
            assert.equal(read.protectionState, "ProtectionStopped");
            assert.equal("policyId" in read, false);
            const points = (await world.arm.send("GET", sqlItemPath("orders", "/recoveryPoints"))).json.value.length;
            const moved = await world.emulator.control.advanceBackupClock({ days: 2 });
            assert.equal(moved.ran.backupsStarted, 0);
            assert.equal(moved.ran.logBackupsRun, 0);
            assert.equal((await world.arm.send("GET", sqlItemPath("orders", "/recoveryPoints"))).json.value.length, points, "recovery points (and the log chain) are kept");
            assert.equal((await world.steps.protect("orders")).status, "Succeeded");
            assert.equal((await world.arm.send("GET", sqlItemPath("orders"))).json.properties.protectionState, "Protected", "resumed");
        });
    });

    describe("scheduled backups", () => {
        beforeEach(() => world.reseed());

        it("runs full backups at the Full sub-policy's time (AzureWorkloadSQLRecoveryPoint, the content captured, Backup (Full) jobs) and no job for log backups", async () => {
            await world.steps.protect("orders");
            const moved = await world.emulator.control.advanceBackupClock({ days: 2 });
            assert.equal(moved.ran.backupsStarted, 2);
            assert.ok(moved.ran.logBackupsRun >= 20, `hourly log backups after the first full one (${moved.ran.logBackupsRun})`);
            const item = (await world.arm.send("GET", sqlItemPath("orders"))).json.properties;
            assert.equal(item.protectionState, "Protected");
            assert.equal(item.lastBackupStatus, "Healthy");
            assert.equal(item.protectedItemHealthStatus, "Healthy");
            assert.match(item.lastBackupTime, /T01:00:00\.000Z$/);
            const points = (await world.arm.send("GET", sqlItemPath("orders", "/recoveryPoints"))).json.value;
            const full = points.filter((point: any) => point.properties.objectType === "AzureWorkloadSQLRecoveryPoint");
            assert.equal(full.length, 2);
            assert.deepEqual(Object.keys(full[0].properties).sort(), ["extendedInfo", "objectType", "recoveryPointProperties", "recoveryPointTierDetails", "recoveryPointTimeInUTC", "type"]);
            assert.equal(full[0].properties.type, "Full");
            assert.equal(full[0].properties.recoveryPointTimeInUTC, item.lastRecoveryPoint);
            assert.equal(full[0].properties.recoveryPointProperties.ruleName, "DailyRule");
            assert.equal(Date.parse(full[0].properties.recoveryPointProperties.expiryTime) - Date.parse(full[0].properties.recoveryPointTimeInUTC), 10 * 86_400_000);
            const one = await world.arm.send("GET", sqlItemPath("orders", `/recoveryPoints/${full[1].name}`));
            assert.equal(one.json.properties.type, "Full");
            const stored = await world.emulator.control.listRecoveryPoints(vault, sql.item("orders"));
            assert.deepEqual(stored.map((point) => point.content), ["orders v1", "orders v1"]);
            const backups = await allJobs("operation eq 'Backup'");
            assert.equal(backups.length, 2, "log backups open no job");
            assert.ok(backups.every((job) => job.properties.operation === "Backup (Full)" && job.properties.status === "Completed"));
            assert.equal((await allJobs("operation eq 'Backup (Full)'")).length, 2);
            const details = await world.arm.send("GET", vaultPath(`/backupJobs/${backups[0].name}`));
            assert.deepEqual(details.json.properties.extendedInfo.tasksList.map((task: any) => task.taskId), ["Transfer data to vault"]);
        });

        it("keeps a log chain from the first full backup (DefaultRangeRecoveryPoint with timeRanges) and the content over time for point-in-time restores", async () => {
            await world.steps.protect("orders");
            const protectedAt = Date.parse((await world.emulator.control.getBackupClock()).now);
            // A day brings the first full backup at 01:00; two hours more make sure a log backup followed it.
            await world.emulator.control.advanceBackupClock({ days: 1, hours: 2 });
            assert.equal((await world.arm.send("GET", sqlItemPath("orders", `/recoveryPoints/DefaultRangeRecoveryPoint`))).status, 200);
            await world.emulator.control.putSqlDatabase(sql.vm, sql.instance, "orders", { content: "orders v2" });
            await world.emulator.control.advanceBackupClock({ hours: 3 });
            const points = (await world.arm.send("GET", sqlItemPath("orders", "/recoveryPoints"))).json.value;
            const range = points.find((point: any) => point.name === "DefaultRangeRecoveryPoint");
            assert.equal(range.properties.objectType, "AzureWorkloadSQLPointInTimeRecoveryPoint");
            assert.equal(range.properties.type, "Log");
            assert.equal(range.properties.timeRanges.length, 1);
            // Newest first: the chain's start is the oldest full (a second one falls in the window when the day starts after 20:00 UTC).
            const first = points.filter((point: any) => point.properties.type === "Full").pop();
            assert.equal(range.properties.timeRanges[0].startTime, first.properties.recoveryPointTimeInUTC, "the chain starts at the first full backup");
            const now = Date.parse((await world.emulator.control.getBackupClock()).now);
            const end = Date.parse(range.properties.timeRanges[0].endTime);
            assert.ok(end <= now && now - end < HOUR_MS, "and reaches the last hourly log backup");
            assert.ok(Date.parse(first.properties.recoveryPointTimeInUTC) > protectedAt);
            const chain = await world.emulator.control.getLogChain(vault, sql.item("orders"));
            assert.equal(chain.startTime, range.properties.timeRanges[0].startTime);
            assert.equal(chain.endTime, range.properties.timeRanges[0].endTime);
            assert.deepEqual(chain.entries.map((entry) => entry.content), ["orders v1", "orders v2"]);
            const logOnly = await world.arm.send("GET", sqlItemPath("orders", `/recoveryPoints?$filter=${encodeURIComponent("restorePointQueryType eq 'Log' and startDate eq '2017-01-01 00:00:00 AM'")}`));
            assert.deepEqual(logOnly.json.value.map((point: any) => point.name), ["DefaultRangeRecoveryPoint"]);
            const fullOnly = await world.arm.send("GET", sqlItemPath("orders", `/recoveryPoints?$filter=${encodeURIComponent("restorePointQueryType eq 'FullAndDifferential'")}`));
            assert.ok(fullOnly.json.value.length > 0 && fullOnly.json.value.every((point: any) => point.properties.type === "Full"));
        });

        it("runs differentials on the Differential sub-policy's days and fulls on the Full's, the first backup always a full one", async () => {
            await world.emulator.control.putPolicy(vault, "SqlWeekly", sqlPolicyBody(1, 60, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]));
            await world.steps.protect("orders", "SqlWeekly");
            await world.emulator.control.advanceBackupClock({ days: 8 });
            const points = (await world.arm.send("GET", sqlItemPath("orders", "/recoveryPoints"))).json.value.filter((point: any) => point.properties.objectType === "AzureWorkloadSQLRecoveryPoint");
            assert.equal(points.length, 8);
            const oldestFirst = [...points].reverse();
            assert.equal(oldestFirst[0].properties.type, "Full", "a differential needs a full base");
            for (const point of oldestFirst.slice(1)) {
                const sunday = new Date(point.properties.recoveryPointTimeInUTC).getUTCDay() === 0;
                assert.equal(point.properties.type, sunday ? "Full" : "Differential", point.properties.recoveryPointTimeInUTC);
            }
            const differential = oldestFirst.find((point: any) => point.properties.type === "Differential");
            assert.equal(differential.properties.recoveryPointProperties.ruleName, undefined);
            assert.equal(Date.parse(differential.properties.recoveryPointProperties.expiryTime) - Date.parse(differential.properties.recoveryPointTimeInUTC), 30 * 86_400_000);
            assert.ok((await allJobs("operation eq 'Backup'")).some((job) => job.properties.operation === "Backup (Differential)"));
        });

        it("fails the backup of a database dropped since it was protected (UserErrorSQLPODoesNotExist), and a forced failure, without a recovery point", async () => {
            await world.steps.protect("orders");
            await world.steps.protect("customers");
            await world.emulator.control.deleteSqlDatabase(sql.vm, sql.instance, "orders");
            await world.emulator.control.forceFailure({ operation: "Backup", code: "UserErrorSQLNoSysadminMembership", entityFriendlyName: "customers" });
            await world.emulator.control.advanceBackupClock({ days: 1 });
            const failed = await allJobs("operation eq 'Backup' and status eq 'Failed'");
            assert.deepEqual(failed.map((job) => job.properties.entityFriendlyName).sort(), ["MSSQLSERVER/customers [sqlvm1]", "MSSQLSERVER/orders [sqlvm1]"]);
            const dropped = failed.find((job) => job.properties.entityFriendlyName.includes("orders"));
            assert.equal(dropped.properties.errorDetails[0].errorTitle, "UserErrorSQLPODoesNotExist");
            assert.equal(dropped.properties.errorDetails[0].errorString, "SQL database does not exist.");
            const item = (await world.arm.send("GET", sqlItemPath("orders"))).json.properties;
            assert.equal(item.lastBackupStatus, "Unhealthy");
            assert.equal(item.protectionStatus, "Unhealthy");
            assert.equal(item.protectedItemHealthStatus, "Unhealthy");
            assert.equal(item.protectionState, "IRPending");
            assert.deepEqual((await world.arm.send("GET", sqlItemPath("orders", "/recoveryPoints"))).json.value, []);
        });
    });

    describe("deletion and the vault's guards", () => {
        it("soft-deletes (DELETE 202 at the vault level), undeletes with isRehydrate, and purges with the points and the log chain after the retention days", async () => {
            await world.reseed();
            await world.steps.protect("orders");
            await world.emulator.control.advanceBackupClock({ days: 1 });
            const deleting = await world.arm.send("DELETE", sqlItemPath("orders"));
            assert.equal(deleting.status, 202);
            assert.match(String(deleting.headers.location), /\/backupOperationResults\//);
            assert.equal((await world.arm.waitForStatus(deleting)).status, "Succeeded");
            const deleted = (await world.arm.send("GET", sqlItemPath("orders"))).json.properties;
            assert.equal(deleted.isScheduledForDeferredDelete, true);
            assert.equal(deleted.protectionState, "ProtectionStopped");
            const again = await world.arm.send("PUT", sqlItemPath("orders"), { body: { properties: { protectedItemType: "AzureVmWorkloadSQLDatabase", sourceResourceId: sql.vmId, policyId: policyId("SqlDaily") } } });
            assert.equal(again.json.error.code, "UserErrorBackupItemSoftDeleted");
            const undeleted = await world.arm.waitForStatus(await world.arm.send("PUT", sqlItemPath("orders"), { body: { properties: { ...STOP.properties, isRehydrate: true } } }));
            assert.equal(undeleted.status, "Succeeded");
            assert.equal((await world.arm.send("GET", vaultPath(`/backupJobs/${undeleted.properties.jobId}`))).json.properties.operation, "Undelete");
            const back = (await world.arm.send("GET", sqlItemPath("orders"))).json.properties;
            assert.equal(back.isScheduledForDeferredDelete, undefined);
            assert.equal(back.protectionState, "ProtectionStopped");
            assert.equal((await world.arm.waitForStatus(await world.arm.send("DELETE", sqlItemPath("orders")))).status, "Succeeded");
            const moved = await world.emulator.control.advanceBackupClock({ days: 15 });
            assert.equal(moved.ran.itemsPurged, 1);
            assert.equal((await world.arm.send("GET", sqlItemPath("orders"))).status, 404);
            assert.deepEqual((await world.emulator.control.listContainers(vault)).map((container) => container.name), [sql.container], "a registered container stays");
            assert.ok((await world.steps.protectableItems()).some((entry) => entry.name === sql.item("orders")), "the database can be protected again");
        });

        it("in an immutable vault, fails stop-and-delete with UserErrorDeleteBackupItemOnImmutableItem", async () => {
            await world.reseed({ immutabilityState: "Unlocked" });
            await world.steps.protect("orders");
            const status = await world.arm.waitForStatus(await world.arm.send("DELETE", sqlItemPath("orders")));
            assert.equal(status.status, "Failed");
            assert.equal(status.error.code, "UserErrorDeleteBackupItemOnImmutableItem");
            assert.equal((await world.arm.send("GET", sqlItemPath("orders"))).json.properties.protectionState, "IRPending");
        });

        it("under multi-user authorization, refuses stop without the guard's request and DELETE without an unlock", async () => {
            await world.reseed({ resourceGuardId: GUARD });
            await world.steps.protect("orders");
            const stop = await world.arm.send("PUT", sqlItemPath("orders"), { body: STOP });
            assert.equal(stop.status, 400);
            assert.equal(stop.json.error.code, "UserErrorResourceGuardOperationRequestMissing");
            const approved = await world.arm.send("PUT", sqlItemPath("orders"), { body: { properties: { ...STOP.properties, resourceGuardOperationRequests: [`${GUARD}/updateProtectedItemRequests/default`] } } });
            assert.equal((await world.arm.waitForStatus(approved)).status, "Succeeded");
            assert.equal((await world.arm.send("DELETE", sqlItemPath("orders"))).json.error.code, "UserErrorResourceGuardOperationRequestMissing");
            const item = (await world.arm.send("GET", sqlItemPath("orders"))).json;
            const unlocked = await world.arm.send("POST", vaultPath("/backupResourceGuardProxies/VaultProxy/unlockDelete"), {
                body: { resourceGuardOperationRequests: [`${GUARD}/deleteProtectedItemRequests/default`], resourceToBeDeleted: item.id },
            });
            assert.equal(unlocked.status, 200);
            assert.equal((await world.arm.waitForStatus(await world.arm.send("DELETE", sqlItemPath("orders")))).status, "Succeeded");
        });
    });
});
