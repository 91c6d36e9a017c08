import * as assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, readBackendFiles, repoRoot, type LocalStack } from "../../harness/localStack";
import { EngineOutput, assertNoSecrets } from "./support/engineOutput";

const sub = "00000000-0000-0000-0000-0000000e0a50";
const rg = "operations-rg";
const app = "shop";
const stagingApp = "shop-staging";
const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${app}`;
const stagingId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${stagingApp}`;
const container = "release-backups";
const release1 = { files: { "index.html": "<h1>release 1</h1>" }, appSettings: { FEATURE_X: "off" } };

describe("examples/app-service-operations against the emulator", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let sas: string;
    const output = new EngineOutput();

    before(async () => {
        emulator = await startEmulator();
        await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: app });
        await emulator.control.putSite(sub, rg, stagingApp, "westeurope");
        await emulator.control.putSiteContent(siteId, release1);
        await emulator.control.createContainer(container);
        sas = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 30 * 86_400_000) });
        local = await createLocalStack({
            projectName: "app-service-operations",
            // A function export runs anew on every engine operation, reading the config of that run.
            program: async () => require(path.join(repoRoot, "dist", "examples", "app-service-operations"))(),
            env: { ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20", DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100" },
        });
        await local.stack.setAllConfig({
            subscriptionId: { value: sub },
            resourceGroupName: { value: rg },
            appName: { value: app },
            stagingAppName: { value: stagingApp },
            release: { value: "2026.03.1" },
            storageAccountUrl: { value: sas, secret: true },
        });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up backs production up and refreshes staging from the backup", async () => {
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.outputs.backupStatus.value, "Succeeded");
        assert.deepEqual(await emulator.control.getSiteContent(stagingId), release1);
        const preview = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        assert.deepEqual(preview.changeSummary, { same: 3 });
    });

    it("a bad release is rolled back by config", async () => {
        await emulator.control.putSiteContent(siteId, { files: { "index.html": "<h1>release 2, broken</h1>" }, appSettings: { FEATURE_X: "on" } });
        await local.stack.setConfig("rollback", { value: "true" });
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.ok(result.outputs.rolledBackAt.value);
        assert.deepEqual(await emulator.control.getSiteContent(siteId), release1);
    });

    it("the next release takes a new backup and keeps the previous one", async () => {
        await local.stack.setConfig("rollback", { value: "false" });
        await local.stack.setConfig("release", { value: "2026.03.2" });
        await local.stack.up({ onOutput: output.onOutput });
        const statuses = (await emulator.control.listStoredBackups(siteId)).value.map((b) => b.properties.status);
        assert.deepEqual(statuses, ["Succeeded", "Succeeded"]);
    });

    it("keeps the SAS out of the project's files and engine output", async () => {
        const sig = new URL(sas).searchParams.get("sig")!;
        assertNoSecrets({ ...readBackendFiles(local.workDir), "engine output": output.text() }, [sig, emulator.storage!.accountKey]);
    });
});
