import * as assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, readBackendFiles, repoRoot } from "../../harness/localStack";
import { fakeContainerSasUrl } from "../../harness/fakeSas";
import { EngineOutput, assertNoSecrets } from "./support/engineOutput";

/** Runs a compiled example (a function export) as the stack's program, as the demo does. */
function exampleProgram(name: string) {
    return async () => require(path.join(repoRoot, "dist", "examples", name))();
}

describe("examples through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    const sub = "00000000-0000-0000-0000-0000000e4a01";
    const rg = "examples-rg";

    before(async () => {
        emulator = await startEmulator();
        await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: "shop", slotNames: ["staging"] });
    });
    after(async () => emulator?.close());

    it("app-service-backups: production and a paused staging slot, no second-run changes, clean destroy", async () => {
        const local = await createLocalStack({ projectName: "app-service-backups", program: exampleProgram("app-service-backups"), env: emulator.env });
        const output = new EngineOutput();
        const sas = fakeContainerSasUrl({ account: "shopbackups", container: "app-backups", expiresInDays: 90 });
        const ordersDb = "Server=tcp:orders.fake;Database=orders;User ID=app;Password=FAKEpassword-example";
        try {
            await local.stack.setAllConfig({
                subscriptionId: { value: sub },
                resourceGroupName: { value: rg },
                appName: { value: "shop" },
                storageAccountUrl: { value: sas, secret: true },
                ordersConnectionString: { value: ordersDb, secret: true },
            });
            const up = await local.stack.up({ onOutput: output.onOutput });
            assert.equal(up.summary.resourceChanges?.create, 3);
            const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/shop`;
            const production = await emulator.control.getBackupConfiguration(siteId);
            assert.equal(production.properties.backupName, "shop-daily");
            assert.deepEqual(production.properties.databases?.map((d) => [d.databaseType, d.name]), [["SqlAzure", "orders"], ["MySql", "sessions"]]);
            const staging = await emulator.control.getBackupConfiguration(`${siteId}/slots/staging`);
            assert.equal(staging.properties.enabled, false);
            assert.equal(staging.properties.backupSchedule?.frequencyUnit, "Hour");
            assert.equal(staging.properties.backupSchedule?.frequencyInterval, 12);

            const again = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
            assert.deepEqual(again.changeSummary, { same: 3 });

            // Turning staging backups on is an in-place update of that schedule only.
            await local.stack.setConfig("stagingBackupsEnabled", { value: "true" });
            const enable = await local.stack.up({ onOutput: output.onOutput });
            assert.equal(enable.summary.resourceChanges?.update, 1);
            assert.equal((await emulator.control.getBackupConfiguration(`${siteId}/slots/staging`)).properties.enabled, true);

            assertNoSecrets({ ...readBackendFiles(local.workDir), "engine output": output.text() }, [new URL(sas).searchParams.get("sig")!, "FAKEpassword-example"]);
            await local.stack.destroy({ onOutput: output.onOutput });
            assert.equal(await emulator.control.findBackupConfiguration(siteId), undefined);
            assert.equal(await emulator.control.findBackupConfiguration(`${siteId}/slots/staging`), undefined);
        } finally {
            await local.remove();
        }
    });

    it("app-service-sas-rotation: a minted SAS in the schedule and the backup, no second-run changes", async () => {
        const local = await createLocalStack({
            projectName: "app-service-sas-rotation",
            program: exampleProgram("app-service-sas-rotation"),
            env: { ...emulator.env, DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100" },
        });
        const output = new EngineOutput();
        const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/shop`;
        const storage = emulator.storage!;
        const container = "rotated-backups";
        await emulator.control.createContainer(container);
        const bootstrapSas = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 2 * 86_400_000) });
        try {
            await local.stack.setAllConfig({
                subscriptionId: { value: sub },
                resourceGroupName: { value: rg },
                appName: { value: "shop" },
                month: { value: "2026-12" },
                bootstrapStorageAccountUrl: { value: bootstrapSas, secret: true },
                storageAccountName: { value: storage.accountName },
                storageAccountKey: { value: storage.accountKey, secret: true },
                container: { value: container },
                blobEndpoint: { value: storage.blobEndpoint },
            });
            const up = await local.stack.up({ onOutput: output.onOutput });
            assert.equal(up.outputs.backupsUpdated.value, 1);
            const schedule = (await emulator.control.getBackupConfiguration(siteId)).properties.storageAccountUrl;
            const [backup] = (await emulator.control.listStoredBackups(siteId)).value;
            assert.equal(backup.properties.status, "Succeeded");
            assert.equal(backup.properties.storageAccountUrl, schedule, "the backup holds the minted SAS too");
            assert.notEqual(schedule, bootstrapSas);
            assert.equal(Date.parse(new URL(schedule).searchParams.get("se")!), Date.parse(up.outputs.sasExpiresOn.value));

            const again = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
            assert.deepEqual(again.changeSummary, { same: 4 });

            assertNoSecrets({ ...readBackendFiles(local.workDir), "engine output": output.text() }, [
                new URL(bootstrapSas).searchParams.get("sig")!,
                new URL(schedule).searchParams.get("sig")!,
                storage.accountKey,
            ]);
            // retainOnDelete: destroy keeps the backup, whose blob the minted SAS wrote.
            await local.stack.destroy({ onOutput: output.onOutput });
            assert.equal(await emulator.control.findBackupConfiguration(siteId), undefined);
            assert.deepEqual((await emulator.control.listBlobs(container)).map((b) => b.name), [backup.properties.blobName]);
        } finally {
            await local.remove();
        }
    });

    it("quickstart: the program of the root Pulumi.yaml", async () => {
        const local = await createLocalStack({ projectName: "quickstart", program: exampleProgram("quickstart"), env: emulator.env });
        try {
            const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/shop`;
            await local.stack.setAllConfig({
                siteId: { value: siteId },
                storageAccountUrl: { value: fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 30 }), secret: true },
            });
            const up = await local.stack.up();
            assert.equal(up.outputs.retentionPeriodInDays.value, 30);
            assert.equal((await emulator.control.getBackupConfiguration(siteId)).properties.backupSchedule?.retentionPeriodInDays, 30);
            assert.deepEqual((await local.stack.preview()).changeSummary, { same: 2 });
            await local.stack.destroy();
        } finally {
            await local.remove();
        }
    });
});
