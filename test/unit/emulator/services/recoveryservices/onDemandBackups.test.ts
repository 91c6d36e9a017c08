import * as assert from "node:assert/strict";
import type { RunningEmulator } from "../../../../../emulator/server";
import { ArmSession, names, seedSqlWorld, sqlItemPath, SqlSteps, storageContainer, useBackupWorld, vault, vaultPath, vmItemPath } from "./support/backupFixture";

const DAY_MS = 86_400_000;

/** Path of the seeded share's item, named by its share name. */
function shareItemPath(suffix = ""): string {
    return vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}/protectedItems/AzureFileShare;${names.shareName}${suffix}`);
}

describe("emulator Azure Backup: on-demand backups, recovery points and job cancellation", function () {
    this.timeout(30_000);
    // The emulator, a fresh seeded world before each test (useBackupWorld), and this file's own setup.
    const world = useBackupWorld();
    let emulator: RunningEmulator;
    let arm: ArmSession;
    before(() => {
        emulator = world.emulator;
        arm = world.arm;
    });
    async function backupClockMs(): Promise<number> {
        return Date.parse((await emulator.control.getBackupClock()).now);
    }

    async function trigger(itemPath: (suffix?: string) => string, properties: Record<string, unknown>) {
        return arm.send("POST", itemPath("/backup"), { body: { properties } });
    }

    async function protectVm(): Promise<void> {
        await arm.refresh("AzureIaasVM");
        assert.equal((await arm.protectVm()).status, "Succeeded");
    }

    describe("VMs", () => {
        beforeEach(protectVm);

        it("answers 202 with both poll URLs; the status carries the job id; a user-triggered Backup job and a point with the asked expiry follow", async () => {
            const expiry = new Date((await backupClockMs()) + 10 * DAY_MS).toISOString();
            const response = await trigger(vmItemPath, { objectType: "IaasVMBackupRequest", recoveryPointExpiryTimeInUTC: expiry });
            assert.equal(response.status, 202, response.text);
            assert.match(String(response.headers["azure-asyncoperation"]), /\/protectedItems\/VM;iaasvmcontainerv2;vm-rg;vm1\/operationsStatus\//);
            assert.match(String(response.headers.location), /\/protectedItems\/VM;iaasvmcontainerv2;vm-rg;vm1\/operationResults\//);
            assert.equal(response.headers["retry-after"], "0");
            assert.equal(response.text, "");
            const status = await arm.waitForStatus(response);
            assert.equal(status.status, "Succeeded");
            assert.equal(status.properties.objectType, "OperationStatusJobExtendedInfo");
            const job = (await arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`))).json.properties;
            assert.equal(job.operation, "Backup");
            assert.equal(job.status, "Completed");
            assert.equal(job.isUserTriggered, true);
            assert.equal(job.extendedInfo.progressPercentage, 100);
            const points = (await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value;
            assert.equal(points.length, 1);
            assert.equal(points[0].properties.objectType, "IaasVMRecoveryPoint");
            assert.equal(points[0].properties.recoveryPointProperties.expiryTime, expiry);
            const one = await arm.send("GET", vmItemPath(`/recoveryPoints/${points[0].name}`));
            assert.equal(one.status, 200);
            assert.deepEqual(one.json, points[0]);
            const item = (await arm.send("GET", vmItemPath())).json.properties;
            assert.equal(item.protectionState, "Protected");
            assert.equal(item.lastBackupStatus, "Completed");
        });

        it("keeps 30 days without an expiry, and refuses an expiry in the past, beyond 99 years or unreadable, and a request of another workload", async () => {
            const now = await backupClockMs();
            await arm.waitForStatus(await trigger(vmItemPath, { objectType: "IaasVMBackupRequest" }));
            const [point] = (await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value;
            assert.ok(Math.abs(Date.parse(point.properties.recoveryPointProperties.expiryTime) - (now + 30 * DAY_MS)) < 60_000);
            for (const expiry of [new Date(now - 60_000).toISOString(), new Date(now + 100 * 365 * DAY_MS).toISOString(), "next tuesday"]) {
                const refused = await trigger(vmItemPath, { objectType: "IaasVMBackupRequest", recoveryPointExpiryTimeInUTC: expiry });
                assert.equal(refused.status, 400, expiry);
                assert.equal(refused.json.error.code, "UserErrorInvalidRequestParameter");
                assert.equal(refused.json.error.message, "Parameter recoveryPointExpiryTimeInUTC in request is invalid.");
            }
            const wrongType = await trigger(vmItemPath, { objectType: "AzureFileShareBackupRequest" });
            assert.equal(wrongType.status, 400);
            assert.equal(wrongType.json.error.message, "Parameter objectType in request is invalid.");
        });

        it("refuses an item whose protection is stopped, a soft-deleted one, one that does not exist, and a second backup while one runs", async () => {
            await emulator.control.setRecoveryServicesBehaviour({ backupMs: 60_000 });
            const first = await trigger(vmItemPath, { objectType: "IaasVMBackupRequest" });
            assert.equal(first.status, 202);
            const second = await trigger(vmItemPath, { objectType: "IaasVMBackupRequest" });
            assert.equal(second.status, 400);
            assert.equal(second.json.error.code, "BMSUserErrorObjectLocked");
            await emulator.control.advanceBackupClock({ minutes: 2 });
            await emulator.control.stopItemProtection(vault, names.vmName);
            const stopped = await trigger(vmItemPath, { objectType: "IaasVMBackupRequest" });
            assert.equal(stopped.status, 400);
            assert.equal(stopped.json.error.code, "BMSUserErrorItemNotProtected");
            await emulator.control.softDeleteItem(vault, names.vmName);
            assert.equal((await trigger(vmItemPath, { objectType: "IaasVMBackupRequest" })).json.error.code, "BMSUserErrorItemNotProtected");
            const missing = await arm.send("POST", vaultPath("/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;vm-rg;nope/protectedItems/VM;iaasvmcontainerv2;vm-rg;nope/backup"), {
                body: { properties: { objectType: "IaasVMBackupRequest" } },
            });
            assert.equal(missing.status, 404);
            assert.equal(missing.json.error.code, "BMSUserErrorDataSourceObjectNotFound");
        });

        it("removes an on-demand point when the backup clock passes its expiry (scheduled points stay)", async () => {
            const now = await backupClockMs();
            await arm.waitForStatus(await trigger(vmItemPath, { objectType: "IaasVMBackupRequest", recoveryPointExpiryTimeInUTC: new Date(now + 2 * DAY_MS).toISOString() }));
            const [onDemand] = (await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value;
            const moved = await emulator.control.advanceBackupClock({ days: 3 });
            assert.equal(moved.ran.pointsExpired, 1);
            const points = (await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value;
            assert.equal(points.length, 3, "the three scheduled daily backups remain");
            assert.ok(points.every((point: any) => point.name !== onDemand.name));
            const gone = await arm.send("GET", vmItemPath(`/recoveryPoints/${onDemand.name}`));
            assert.equal(gone.status, 404);
            assert.equal(gone.json.error.code, "BMSUserErrorRecoveryPointNotFound");
        });

        it("lists points between startDate and endDate as the CLI writes them", async () => {
            await emulator.control.advanceBackupClock({ days: 3 });
            const all = (await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value;
            assert.equal(all.length, 3);
            const middle = new Date(Date.parse(all[1].properties.recoveryPointTime));
            const cli = (date: Date) => {
                const hours = date.getUTCHours();
                const pad = (value: number) => String(value).padStart(2, "0");
                return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(hours % 12 || 12)}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? "AM" : "PM"}`;
            };
            const filter = `startDate eq '${cli(new Date(middle.getTime() - 60_000))}' and endDate eq '${cli(new Date(middle.getTime() + 60_000))}'`;
            const some = (await arm.send("GET", vmItemPath(`/recoveryPoints?$filter=${encodeURIComponent(filter)}`))).json.value;
            assert.deepEqual(some.map((point: any) => point.name), [all[1].name]);
            const fromIso = (await arm.send("GET", vmItemPath(`/recoveryPoints?$filter=${encodeURIComponent(`startDate eq '${middle.toISOString()}'`)}`))).json.value;
            assert.deepEqual(fromIso.map((point: any) => point.name), [all[0].name, all[1].name]);
            const bad = await arm.send("GET", vmItemPath(`/recoveryPoints?$filter=${encodeURIComponent("startDate eq 'soon'")}`));
            assert.equal(bad.status, 400);
        });
    });

    describe("jobs: progress and cancellation", () => {
        beforeEach(async () => {
            await protectVm();
            await emulator.control.setRecoveryServicesBehaviour({ backupMs: 100_000, cancelMs: 10_000 });
        });

        it("shows the progress percentage of a running job in its details, then cancels it: Cancelling, then Cancelled, the operation Canceled, no point", async () => {
            const status = await arm.waitForStatus(await trigger(vmItemPath, { objectType: "IaasVMBackupRequest" }), 200).catch(() => undefined);
            assert.equal(status, undefined, "still running");
            const jobs = await emulator.control.listJobs(vault);
            const jobName = jobs.find((job) => job.properties.operation === "Backup")!.name;
            await emulator.control.advanceBackupClock({ seconds: 50 });
            const running = (await arm.send("GET", vaultPath(`/backupJobs/${jobName}`))).json.properties;
            assert.equal(running.status, "InProgress");
            assert.ok(running.extendedInfo.progressPercentage >= 49 && running.extendedInfo.progressPercentage <= 52, String(running.extendedInfo.progressPercentage));
            assert.match(running.extendedInfo.estimatedRemainingDuration, /^PT\d+(\.\d+)?S$/);
            const listed = (await arm.send("GET", vaultPath(`/backupJobs?$filter=${encodeURIComponent("status eq 'InProgress'")}`))).json.value;
            assert.equal(listed[0].properties.extendedInfo, undefined, "the list shows no extended info");

            const cancel = await arm.send("POST", vaultPath(`/backupJobs/${jobName}/cancel`));
            assert.equal(cancel.status, 202, cancel.text);
            assert.match(String(cancel.headers.location), new RegExp(`/backupJobs/${jobName}/operationResults/`));
            assert.match(String(cancel.headers["azure-asyncoperation"]), /\/backupOperations\//);
            assert.equal((await arm.send("GET", vaultPath(`/backupJobs/${jobName}`))).json.properties.status, "Cancelling");
            assert.equal((await arm.follow(String(cancel.headers.location))).status, 202);
            await emulator.control.advanceBackupClock({ seconds: 11 });
            assert.equal((await arm.follow(String(cancel.headers.location))).status, 204);
            const cancelStatus = (await arm.follow(String(cancel.headers["azure-asyncoperation"]))).json;
            assert.equal(cancelStatus.status, "Succeeded");
            assert.equal(cancelStatus.properties.jobId, jobName);
            const job = (await arm.send("GET", vaultPath(`/backupJobs/${jobName}`))).json.properties;
            assert.equal(job.status, "Cancelled");
            assert.equal(job.errorDetails, undefined);
            assert.ok(job.endTime);
            assert.equal((await arm.send("GET", vmItemPath("/recoveryPoints"))).json.value.length, 0);
            const cancelledList = (await arm.send("GET", vaultPath(`/backupJobs?$filter=${encodeURIComponent("status eq 'Cancelled'")}`))).json.value;
            assert.deepEqual(cancelledList.map((entry: any) => entry.name), [jobName]);
        });

        it("refuses to cancel a job that has ended or is not a backup or restore, and an unknown job", async () => {
            const configure = (await emulator.control.listJobs(vault)).find((job) => job.properties.operation === "ConfigureBackup")!;
            const refused = await arm.send("POST", vaultPath(`/backupJobs/${configure.name}/cancel`));
            assert.equal(refused.status, 400);
            assert.equal(refused.json.error.code, "UserErrorJobNotCancellable");
            const unknown = await arm.send("POST", vaultPath("/backupJobs/00000000-0000-0000-0000-000000000000/cancel"));
            assert.equal(unknown.status, 404);
            assert.equal(unknown.json.error.code, "BMSUserErrorJobNotFound");
        });

        it("fails a forced on-demand backup with the given error in the job's errorDetails and the operation status", async () => {
            await emulator.control.setRecoveryServicesBehaviour({ backupMs: 20 });
            await emulator.control.forceFailure({ operation: "Backup", code: "UserErrorVmNotFound", message: "The VM was not found." });
            const status = await arm.waitForStatus(await trigger(vmItemPath, { objectType: "IaasVMBackupRequest" }));
            assert.equal(status.status, "Failed");
            assert.deepEqual(status.error, { code: "UserErrorVmNotFound", message: "The VM was not found." });
            const job = (await arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`))).json.properties;
            assert.equal(job.status, "Failed");
            assert.equal(job.errorDetails[0].errorTitle, "UserErrorVmNotFound");
            assert.equal(job.errorDetails[0].errorString, "The VM was not found.");
        });
    });

    describe("file shares", () => {
        beforeEach(async () => {
            await arm.refresh("AzureStorage");
            await arm.registerStorageAccount();
            assert.equal((await arm.protectShare()).status, "Succeeded");
        });

        it("backs a share up on demand: an AzureStorage job and an AzureFileShareRecoveryPoint holding the share's files; 10 years at most", async () => {
            const now = await backupClockMs();
            const status = await arm.waitForStatus(await trigger(shareItemPath, { objectType: "AzureFileShareBackupRequest", recoveryPointExpiryTimeInUTC: new Date(now + 5 * 365 * DAY_MS).toISOString() }));
            assert.equal(status.status, "Succeeded");
            const job = (await arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`))).json.properties;
            assert.equal(job.jobType, "AzureStorageJob");
            assert.equal(job.entityFriendlyName, names.shareName);
            const [point] = (await arm.send("GET", shareItemPath("/recoveryPoints"))).json.value;
            assert.equal(point.properties.objectType, "AzureFileShareRecoveryPoint");
            const [stored] = await emulator.control.listRecoveryPoints(vault, names.shareName);
            assert.deepEqual(stored.files, { "readme.txt": "v1", "dir/data.csv": "a,b" });
            const tooLong = await trigger(shareItemPath, { objectType: "AzureFileShareBackupRequest", recoveryPointExpiryTimeInUTC: new Date(now + 11 * 365 * DAY_MS).toISOString() });
            assert.equal(tooLong.status, 400);
            assert.equal(tooLong.json.error.code, "UserErrorInvalidRequestParameter");
        });
    });

    describe("SQL databases", () => {
        let steps: SqlSteps;
        beforeEach(async () => {
            await seedSqlWorld(emulator);
            steps = new SqlSteps(arm);
            await steps.discover();
            assert.equal((await steps.protect("orders")).status, "Succeeded");
        });

        const sqlTrigger = (backupType?: string, extra: Record<string, unknown> = {}) =>
            arm.send("POST", sqlItemPath("orders", "/backup"), { body: { properties: { objectType: "AzureWorkloadBackupRequest", ...(backupType ? { backupType } : {}), ...extra } } });

        it("takes Full, Log, Differential and CopyOnlyFull backups: jobs named by kind, Full points with the content, log ranges from the log backup", async () => {
            for (const refusedType of ["Differential", "Log"]) {
                const refused = await sqlTrigger(refusedType);
                assert.equal(refused.status, 400);
                assert.equal(refused.json.error.code, "UserErrorFullBackupRequired");
            }
            assert.equal((await sqlTrigger("Sometimes")).json.error.message, "Parameter backupType in request is invalid.");
            const full = await arm.waitForStatus(await sqlTrigger("Full"));
            assert.equal((await arm.send("GET", vaultPath(`/backupJobs/${full.properties.jobId}`))).json.properties.operation, "Backup (Full)");
            await emulator.control.putSqlDatabase({ subscriptionId: names.subscriptionId, resourceGroupName: names.vmResourceGroup, vmName: "SqlVm1" }, "MSSQLSERVER", "orders", { content: "orders v2" });
            await emulator.control.advanceBackupClock({ minutes: 5 });
            const log = await arm.waitForStatus(await sqlTrigger("Log"));
            assert.equal((await arm.send("GET", vaultPath(`/backupJobs/${log.properties.jobId}`))).json.properties.operation, "Backup (Log)");
            const chain = await emulator.control.getLogChain(vault, "orders");
            assert.deepEqual(chain.entries.map((entry) => entry.content), ["orders v1", "orders v2"]);
            await arm.waitForStatus(await sqlTrigger("Differential"));
            await arm.waitForStatus(await sqlTrigger("CopyOnlyFull"));
            const points = (await arm.send("GET", sqlItemPath("orders", "/recoveryPoints"))).json.value;
            assert.deepEqual(points.map((point: any) => [point.properties.objectType, point.properties.type]), [
                ["AzureWorkloadSQLRecoveryPoint", "Full"],
                ["AzureWorkloadSQLRecoveryPoint", "Differential"],
                ["AzureWorkloadSQLRecoveryPoint", "Full"],
                ["AzureWorkloadSQLPointInTimeRecoveryPoint", "Log"],
            ]);
            assert.deepEqual(points[3].properties.timeRanges, [{ startTime: chain.startTime, endTime: chain.endTime }]);
            const stored = await emulator.control.listRecoveryPoints(vault, "orders");
            assert.deepEqual(stored.map((point) => point.content), ["orders v2", "orders v2", "orders v1"]);
            assert.equal((await emulator.control.getLogChain(vault, "orders")).endTime, chain.endTime, "a copy-only full leaves the log chain alone");
        });

        it("refuses a log backup kept longer than the policy keeps logs (15 days)", async () => {
            await arm.waitForStatus(await sqlTrigger("Full"));
            const now = await backupClockMs();
            const refused = await sqlTrigger("Log", { recoveryPointExpiryTimeInUTC: new Date(now + 20 * DAY_MS).toISOString() });
            assert.equal(refused.status, 400);
            assert.equal(refused.json.error.code, "UserErrorInvalidRequestParameter");
            assert.equal((await sqlTrigger("Log", { recoveryPointExpiryTimeInUTC: new Date(now + 10 * DAY_MS).toISOString() })).status, 202);
        });
    });
});
