import * as assert from "node:assert/strict";
import { numericErrorCode } from "../../../../../emulator/services/recoveryservices/work/jobBook";
import { names, useBackupWorld, vault, vaultPath, vmItemPath } from "./support/backupFixture";

describe("emulator Azure Backup: jobs (list filters, paging, details) and forced failures", function () {
    this.timeout(30_000);
    const world = useBackupWorld();
    beforeEach(() => world.arm.refresh("AzureIaasVM"));

    async function listAll(filter?: string): Promise<any[]> {
        const jobs: any[] = [];
        let page = await world.arm.send("GET", vaultPath(`/backupJobs${filter ? `?$filter=${encodeURIComponent(filter)}` : ""}`));
        for (;;) {
            assert.equal(page.status, 200, page.text);
            jobs.push(...page.json.value);
            if (!page.json.nextLink) return jobs;
            page = await world.arm.follow(page.json.nextLink);
        }
    }

    it("fails a forced ConfigureBackup with the given code and message: failed status, error on the Location, Failed job with errorDetails, no item", async () => {
        await world.emulator.control.forceFailure({ operation: "ConfigureBackup", code: "UserErrorVmProvisioningStateFailed", message: "The VM is in failed provisioning state." });
        const status = await world.arm.protectVm();
        assert.equal(status.status, "Failed");
        assert.deepEqual(status.error, { code: "UserErrorVmProvisioningStateFailed", message: "The VM is in failed provisioning state." });
        const job = await world.arm.send("GET", vaultPath(`/backupJobs/${status.properties.jobId}`));
        assert.equal(job.json.properties.status, "Failed");
        assert.equal(job.json.properties.operation, "ConfigureBackup");
        assert.deepEqual(job.json.properties.errorDetails, [
            { errorCode: numericErrorCode("UserErrorVmProvisioningStateFailed"), errorTitle: "UserErrorVmProvisioningStateFailed", errorString: "The VM is in failed provisioning state.", recommendations: [] },
        ]);
        assert.ok(job.json.properties.endTime);
        assert.equal((await world.arm.send("GET", vmItemPath())).status, 404, "a failed protection leaves no item");
        assert.deepEqual(await world.emulator.control.listForcedFailures(), [], "count 1 is used up");
        assert.equal((await world.arm.protectVm()).status, "Succeeded");
    });

    it("fails forced scheduled backups: Backup job Failed, lastBackupStatus Failed, no recovery point; later ones succeed", async () => {
        await world.arm.protectVm();
        await world.emulator.control.forceFailure({ operation: "Backup", code: "UserErrorGuestAgentStatusUnavailable", entityFriendlyName: names.vmName.toUpperCase() });
        await world.emulator.control.advanceBackupClock({ days: 1 });
        let item = (await world.arm.send("GET", vmItemPath())).json.properties;
        assert.equal(item.lastBackupStatus, "Failed");
        assert.equal(item.protectionState, "IRPending");
        assert.equal(item.protectionStatus, "Unhealthy");
        assert.equal((await world.arm.send("GET", vmItemPath("/recoveryPoints"))).json.value.length, 0);
        const [failed] = await listAll("operation eq 'Backup' and status eq 'Failed'");
        assert.equal(failed.properties.errorDetails[0].errorTitle, "UserErrorGuestAgentStatusUnavailable");
        assert.equal(failed.properties.errorDetails[0].errorString, "The Backup operation failed (UserErrorGuestAgentStatusUnavailable).");
        await world.emulator.control.advanceBackupClock({ days: 1 });
        item = (await world.arm.send("GET", vmItemPath())).json.properties;
        assert.equal(item.lastBackupStatus, "Completed");
        assert.equal(item.protectionState, "Protected");
    });

    it("filters jobs by operation, status, backupManagementType, startTime and endTime, newest first, paged", async () => {
        await world.arm.protectVm();
        await world.emulator.control.advanceBackupClock({ days: 3 });
        const all = await listAll();
        assert.equal(all.length, 4);
        assert.deepEqual(all.map((job) => job.properties.operation), ["Backup", "Backup", "Backup", "ConfigureBackup"]);
        const starts = all.map((job) => Date.parse(job.properties.startTime));
        assert.deepEqual(starts, [...starts].sort((a, b) => b - a));
        assert.equal((await listAll("operation eq 'Backup'")).length, 3);
        assert.equal((await listAll("operation eq 'ConfigureBackup' and status eq 'Completed'")).length, 1);
        assert.equal((await listAll("backupManagementType eq 'AzureStorage'")).length, 0);
        assert.equal((await listAll("backupManagementType eq 'AzureIaasVM' and status eq 'InProgress'")).length, 0);
        // The service's own time format (ListJobsWithAllSupportedFilters.json): `yyyy-MM-dd hh:mm:ss AM`.
        const second = new Date(starts[1]);
        const formatted = `${second.toISOString().slice(0, 10)} ${String(second.getUTCHours() % 12 === 0 ? 12 : second.getUTCHours() % 12).padStart(2, "0")}:${String(second.getUTCMinutes()).padStart(2, "0")}:${String(second.getUTCSeconds()).padStart(2, "0")} ${second.getUTCHours() < 12 ? "AM" : "PM"}`;
        const fromSecond = await listAll(`operation eq 'Backup' and startTime eq '${formatted}'`);
        assert.equal(fromSecond.length, 2);
        const untilSecond = await listAll(`startTime eq '2000-01-01 00:00:00 AM' and endTime eq '${new Date(starts[1]).toISOString()}' and operation eq 'Backup'`);
        assert.equal(untilSecond.length, 2);
        const first = await world.arm.send("GET", vaultPath("/backupJobs"));
        assert.equal(first.json.value.length, 2, "page size 2");
        assert.match(first.json.nextLink, /\$skipToken=2$/);
        const bad = await world.arm.send("GET", vaultPath(`/backupJobs?$filter=${encodeURIComponent("startTime eq 'yesterday'")}`));
        assert.equal(bad.status, 400);
        assert.equal(bad.json.error.code, "UserErrorInvalidRequestParameter");
        assert.equal(bad.json.error.message, "Parameter startTime in request is invalid.");
    });

    it("answers job details with extendedInfo (task list, property bag) and a running job's duration so far; 404 for an unknown job", async () => {
        await world.emulator.control.setRecoveryServicesBehaviour({ backupMs: 3_600_000 });
        await world.arm.protectVm();
        // Just past the policy's 02:00: the hour-long backup has started and not ended.
        const now = Date.parse((await world.emulator.control.getBackupClock()).now);
        const twoAm = Math.floor(now / 86_400_000) * 86_400_000 + 2 * 3_600_000;
        await world.emulator.control.advanceBackupClock({ to: new Date((twoAm > now ? twoAm : twoAm + 86_400_000) + 60_000).toISOString() });
        const [running] = await listAll("operation eq 'Backup' and status eq 'InProgress'");
        const details = await world.arm.send("GET", vaultPath(`/backupJobs/${running.name}`));
        assert.equal(details.status, 200);
        assert.equal(details.json.properties.endTime, undefined);
        assert.match(details.json.properties.duration, /^PT\d+(\.\d+)?S$/);
        assert.deepEqual(details.json.properties.extendedInfo.tasksList.map((task: any) => [task.taskId, task.status]), [
            ["Take Snapshot", "InProgress"],
            ["Transfer data to vault", "NotStarted"],
        ]);
        assert.equal(details.json.properties.extendedInfo.propertyBag["VM Name"], names.vmName);
        const missing = await world.arm.send("GET", vaultPath("/backupJobs/00000000-0000-0000-0000-000000000000"));
        assert.equal(missing.status, 404);
        assert.equal(missing.json.error.code, "BMSUserErrorJobNotFound");
    });

    it("forces refresh and register failures too, and lists and clears forced failures", async () => {
        await world.emulator.control.forceFailure({ operation: "Refresh", code: "BMSUserErrorDiscoveryFailed", message: "Discovery failed.", count: "all" });
        const started = await world.arm.send("POST", vaultPath("/backupFabrics/Azure/refreshContainers"));
        const result = await world.arm.waitForLocation(started);
        assert.equal(result.status, 400);
        assert.equal(result.json.error.code, "BMSUserErrorDiscoveryFailed");
        const rules = await world.emulator.control.listForcedFailures();
        assert.equal(rules.length, 1);
        assert.equal(rules[0].applied, 1);
        assert.equal(await world.emulator.control.clearForcedFailures(), 1);
        const invalid = await world.emulator.control.forceFailure({ operation: "Nope" as never, code: "X" }).catch((error: Error) => error);
        assert.match(String(invalid), /400/);
        assert.deepEqual(await world.emulator.control.listJobs(vault), []);
    });
});
