import * as assert from "node:assert/strict";
import { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import { ClientSecretCredential } from "@azure/identity";
import type { RunningEmulator } from "../../../../../emulator/server";
import { startTestEmulator } from "../../support/emulatorFixture";
import { accountId, ArmSession, names, seedBackupWorld, vault, vmId, vmNames } from "./support/backupFixture";

const { vaultName, resourceGroupName } = names;
const FABRIC = "Azure";

// The official @azure/arm-recoveryservicesbackup 12.0.0 client, unchanged, on the operations past protection:
// backups.trigger (202, not long-running in the client), recoveryPoints.list / get, restores.beginTriggerAndWait
// (long-running: its poller follows Azure-AsyncOperation, then the Location's 200), itemLevelRecoveryConnections
// provision / revoke, jobCancellations.trigger. Kept apart from officialClient.test.ts, which walks protection.
describe("emulator Azure Backup operations through the official @azure/arm-recoveryservicesbackup client", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let client: RecoveryServicesBackupClient;
    let arm: ArmSession;
    const statuses: string[] = [];

    before(async () => {
        emulator = await startTestEmulator({ storage: false });
        const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
            authorityHost: emulator.url,
            disableInstanceDiscovery: true,
            tlsOptions: { ca: emulator.caPem },
        });
        client = new RecoveryServicesBackupClient(credential, names.subscriptionId, {
            endpoint: emulator.url,
            credentialScopes: ["https://management.azure.com/.default"],
            tlsOptions: { ca: emulator.caPem },
        } as never);
        client.pipeline.addPolicy({
            name: "statusRecorder",
            async sendRequest(request, next) {
                const response = await next(request);
                statuses.push(`${request.method} ${new URL(request.url).pathname.split("/").slice(-2).join("/")} ${response.status}`);
                return response;
            },
        });
        arm = new ArmSession(emulator);
        await emulator.control.reset();
        await seedBackupWorld(emulator);
        await emulator.control.setRecoveryServicesBehaviour({ restoreMs: 20, ilrProvisionMs: 20 });
        await arm.refresh("AzureIaasVM");
        await arm.protectVm();
    });
    after(() => emulator?.close());

    /** Follows an operation the client started (its Azure-AsyncOperation id) to its end with the client's operation-status call. */
    async function waitForOperation(asyncOperation: string): Promise<any> {
        const operationId = new URL(asyncOperation).pathname.split("/").pop()!;
        for (;;) {
            const status = await client.protectedItemOperationStatuses.get(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item, operationId);
            if (status.status !== "InProgress") return status;
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    }

    let pointName: string;

    it("triggers an on-demand backup (backups.trigger 202), follows it to the job (jobDetails.get) and lists and reads the new point", async () => {
        let asyncOperation = "";
        const expiry = new Date(Date.now() + 7 * 86_400_000);
        await client.backups.trigger(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item, { properties: { objectType: "IaasVMBackupRequest", recoveryPointExpiryTimeInUTC: expiry } }, {
            onResponse: (raw) => (asyncOperation = raw.headers.get("azure-asyncoperation") ?? ""),
        });
        const status = await waitForOperation(asyncOperation);
        assert.equal(status.status, "Succeeded");
        const jobId = (status.properties as { jobId: string }).jobId;
        const job = await client.jobDetails.get(vaultName, resourceGroupName, jobId);
        assert.equal(job.properties?.operation, "Backup");
        assert.equal(job.properties?.status, "Completed");
        const points = [];
        for await (const point of client.recoveryPoints.list(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item, { filter: `startDate eq '${new Date(Date.now() - 3_600_000).toISOString()}'` })) points.push(point);
        assert.equal(points.length, 1);
        assert.equal(points[0].properties?.objectType, "IaasVMRecoveryPoint");
        pointName = points[0].name!;
        const one = await client.recoveryPoints.get(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item, pointName);
        assert.equal((one.properties as { recoveryPointProperties?: { expiryTime?: string } }).recoveryPointProperties?.expiryTime, expiry.toISOString());
    });

    it("restores the VM's disks through the client's poller (restores.beginTriggerAndWait) and the disks land in the storage account", async () => {
        await client.restores.beginTriggerAndWait(
            vaultName,
            resourceGroupName,
            FABRIC,
            vmNames.container,
            vmNames.item,
            pointName,
            { properties: { objectType: "IaasVMRestoreRequest", recoveryType: "RestoreDisks", recoveryPointId: pointName, sourceResourceId: vmId, storageAccountId: accountId, region: names.location } as never },
            { updateIntervalInMs: 20 },
        );
        const { blobs } = await emulator.control.getStorageAccountBlobs(accountId);
        assert.ok(Object.keys(blobs).some((name) => name.endsWith("vm1-datadisk-1.vhd")));
        const [restore] = await emulator.control.listRestores(vault);
        assert.equal((await client.jobDetails.get(vaultName, resourceGroupName, restore.jobId)).properties?.status, "Completed");
    });

    it("provisions file-level recovery (itemLevelRecoveryConnections.provision 202; the status carries the scripts) and revokes it", async () => {
        let asyncOperation = "";
        await client.itemLevelRecoveryConnections.provision(
            vaultName,
            resourceGroupName,
            FABRIC,
            vmNames.container,
            vmNames.item,
            pointName,
            { properties: { objectType: "IaasVMILRRegistrationRequest", recoveryPointId: pointName, virtualMachineId: vmId, initiatorName: "iqn.restore-host", renewExistingRegistration: true } as never },
            { onResponse: (raw) => (asyncOperation = raw.headers.get("azure-asyncoperation") ?? "") },
        );
        const status = await waitForOperation(asyncOperation);
        assert.equal(status.status, "Succeeded");
        const properties = status.properties as { objectType: string; recoveryTarget: { clientScripts: { scriptNameSuffix: string }[] } };
        assert.equal(properties.objectType, "OperationStatusProvisionILRExtendedInfo");
        const suffix = properties.recoveryTarget.clientScripts[0].scriptNameSuffix;
        const offset = suffix.lastIndexOf("_") + 33;
        assert.equal(suffix.substring(offset, offset + 15), (await emulator.control.getIlrSession(vault, names.vmName, pointName)).password);
        let revokeOperation = "";
        await client.itemLevelRecoveryConnections.revoke(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item, pointName, {
            onResponse: (raw) => (revokeOperation = raw.headers.get("azure-asyncoperation") ?? ""),
        });
        assert.equal((await waitForOperation(revokeOperation)).status, "Succeeded");
        await assert.rejects(emulator.control.getIlrSession(vault, names.vmName, pointName));
    });

    it("cancels a running backup (jobCancellations.trigger 202): the job goes Cancelling, then Cancelled", async () => {
        await emulator.control.setRecoveryServicesBehaviour({ backupMs: 100_000, cancelMs: 1_000 });
        await client.backups.trigger(vaultName, resourceGroupName, FABRIC, vmNames.container, vmNames.item, { properties: { objectType: "IaasVMBackupRequest" } });
        const running = (await emulator.control.listJobs(vault)).find((job) => job.properties.status === "InProgress")!;
        const before = await client.jobDetails.get(vaultName, resourceGroupName, running.name);
        assert.equal(typeof (before.properties as { extendedInfo?: { progressPercentage?: number } }).extendedInfo?.progressPercentage, "number");
        await client.jobCancellations.trigger(vaultName, resourceGroupName, running.name);
        assert.equal((await client.jobDetails.get(vaultName, resourceGroupName, running.name)).properties?.status, "Cancelling");
        await emulator.control.advanceBackupClock({ seconds: 2 });
        assert.equal((await client.jobDetails.get(vaultName, resourceGroupName, running.name)).properties?.status, "Cancelled");
    });

    it("answered every call with a status the client accepts", () => {
        assert.ok(statuses.length > 0);
        assert.deepEqual(statuses.filter((entry) => / (4|5)\d\d$/.test(entry)), []);
        if (process.env.RS_OFFICIAL_CLIENT_REPORT) for (const entry of new Set(statuses)) process.stdout.write(`    ${entry}\n`);
    });
});
