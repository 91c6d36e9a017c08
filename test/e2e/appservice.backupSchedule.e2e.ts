import * as assert from "node:assert/strict";
import { BackupSchedule, type BackupScheduleArgs } from "../../provider/appservice/backupSchedule";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, readBackendFiles, type LocalStack } from "../../harness/localStack";
import { fakeContainerSasUrl } from "../../harness/fakeSas";
import { EngineOutput, assertNoSecrets, errorText } from "./support/engineOutput";

const sub = "00000000-0000-0000-0000-00000000e2e1";
const rg = "e2e-rg";
const app = "Shop-App";
const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${app}`;
const connectionString = "Server=tcp:fake.database.windows.net;Database=orders;User ID=app;Password=FAKEpassword-e2e-1";

async function seed(emulator: RunningEmulator): Promise<void> {
    await emulator.control.putSubscription(sub);
    await emulator.control.putResourceGroup(sub, rg, "westeurope");
    await emulator.control.putSite(sub, rg, app, "westeurope");
}

/** A stack whose single BackupSchedule takes whatever `args()` returns at each run. */
async function scheduleStack(emulator: RunningEmulator, projectName: string, args: () => BackupScheduleArgs): Promise<LocalStack> {
    return createLocalStack({
        projectName,
        program: async () => {
            const schedule = new BackupSchedule("schedule", args());
            return { retention: schedule.retentionPeriodInDays, container: schedule.storageContainerUrl };
        },
        env: { ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20" },
    });
}

describe("BackupSchedule through the Pulumi engine", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    const output = new EngineOutput();
    const sas = fakeContainerSasUrl({ account: "shopbackups", container: "app-backups", expiresInDays: 60 });
    const signature = new URL(sas).searchParams.get("sig")!;
    let args: BackupScheduleArgs;

    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
        args = {
            // The lower-case id proves names are case-insensitive end to end.
            siteId: siteId.toLowerCase(),
            frequencyInterval: 1,
            frequencyUnit: "Day",
            retentionPeriodInDays: 30,
            startTime: "2026-01-01T02:00:00Z",
            storageAccountUrl: sas,
            databases: [{ databaseType: "SqlAzure", name: "orders", connectionString }],
        };
        local = await scheduleStack(emulator, "backup-schedule-e2e", () => args);
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up creates the schedule", async () => {
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.create, 2);
        const live = await emulator.control.getBackupConfiguration(siteId);
        assert.equal(live.properties.enabled, true);
        assert.equal(live.properties.storageAccountUrl, sas);
        assert.deepEqual(
            { ...live.properties.backupSchedule, lastExecutionTime: undefined },
            { frequencyInterval: 1, frequencyUnit: "Day", keepAtLeastOneBackup: true, retentionPeriodInDays: 30, startTime: "2026-01-01T02:00:00.000Z", lastExecutionTime: undefined },
        );
        assert.equal(live.properties.databases[0].connectionString, connectionString);
        assert.equal(result.outputs.retention.value, 30);
        assert.equal(result.outputs.container.value, "https://shopbackups.blob.core.windows.net/app-backups");
    });

    it("a second preview shows no change", async () => {
        const preview = await local.stack.preview({ onOutput: output.onOutput });
        assert.deepEqual(preview.changeSummary, { same: 2 });
        const refreshed = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        assert.deepEqual(refreshed.changeSummary, { same: 2 });
    });

    it("a retention change in code is an in-place update", async () => {
        args = { ...args, retentionPeriodInDays: 14 };
        const preview = await local.stack.preview({ onOutput: output.onOutput });
        assert.deepEqual(preview.changeSummary, { same: 1, update: 1 });
        const result = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.update, 1);
        assert.equal((await emulator.control.getBackupConfiguration(siteId)).properties.backupSchedule?.retentionPeriodInDays, 14);
    });

    it("a retention change out of band fails the drift check, naming the field", async () => {
        await emulator.control.patchBackupConfiguration(siteId, { backupSchedule: { retentionPeriodInDays: 5 } });
        const drift = new EngineOutput();
        await assert.rejects(
            local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: drift.onOutput }),
            (error: unknown) => {
                const text = `${errorText(error)}\n${drift.text()}`;
                assert.match(text, /no changes were expected/i);
                assert.match(text, /retentionPeriodInDays/);
                return true;
            },
        );
    });

    it("up repairs the drift", async () => {
        const result = await local.stack.up({ refresh: true, onOutput: output.onOutput });
        assert.equal(result.summary.resourceChanges?.update, 1);
        assert.equal((await emulator.control.getBackupConfiguration(siteId)).properties.backupSchedule?.retentionPeriodInDays, 14);
        const again = await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        assert.deepEqual(again.changeSummary, { same: 2 });
    });

    it("keeps the SAS signature and the connection string out of state and engine output", async () => {
        // Every file of the project: stack config, the backend's state, history and backups (the
        // Automation API's exportStack decrypts secrets, so it is not what lands on disk).
        const files = readBackendFiles(local.workDir);
        assert.ok(Object.keys(files).some((f) => f.endsWith(".json")), "the backend holds state files");
        assertNoSecrets({ ...files, "engine output": output.text() }, [signature, connectionString, "FAKEpassword-e2e-1"]);
        const resource = (await local.stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("BackupSchedule"));
        assert.ok(resource.outputs.storageAccountUrlFingerprint.startsWith("sha256:"));
        // The serialized provider shell stays small: one configure that require()s the implementation.
        const shell = String(resource.inputs.__provider);
        assert.ok(shell.length < 1024, `__provider is ${shell.length} bytes`);
    });

    it("destroy removes the schedule", async () => {
        await local.stack.destroy({ onOutput: output.onOutput });
        await assert.rejects(emulator.control.getBackupConfiguration(siteId));
    });
});

describe("BackupSchedule input errors at preview", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());

    const good: BackupScheduleArgs = {
        siteId,
        frequencyInterval: 1,
        frequencyUnit: "Day",
        storageAccountUrl: fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 10 }),
    };
    const cases: Array<[string, BackupScheduleArgs, RegExp]> = [
        ["an unknown frequency unit", { ...good, frequencyUnit: "Week" as "Day" }, /frequencyUnit must be one of Day, Hour; got "Week"/],
        ["an expired SAS", { ...good, storageAccountUrl: fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: -2 }) }, /storageAccountUrl expired at/],
        ["a read-only SAS", { ...good, storageAccountUrl: fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 5, permissions: "rl" }) }, /storageAccountUrl must grant the permissions "w"/],
        ["a database without a type we know", { ...good, databases: [{ databaseType: "Oracle" as "MySql", name: "x", connectionString: "Server=fake" }] }, /databases\[0\]\.databaseType must be one of SqlAzure, MySql, LocalMySql, PostgreSql/],
        // Issue 6: these crashed the engine's struct conversion ("Unexpected struct type") or reached the API.
        ["a null database", { ...good, databases: [null as never] }, /databases\[0\] must be \{ databaseType, name, connectionStringName\?, connectionString\? \}; got null/],
        ["a database without a name", { ...good, databases: [{ databaseType: "SqlAzure", connectionString: "Server=fake" } as never] }, /databases\[0\]\.name is required/],
        ["an impossible date", { ...good, startTime: "2026-02-30T02:00:00Z" }, /startTime is not a date: 2026-02 has 28 days; accepted: an ISO 8601 date-time with a UTC offset/],
        ["a time without an offset", { ...good, startTime: "2026-02-03T02:00:00" }, /startTime has no UTC offset/],
        ["an app name the service cannot hold", { ...good, siteId: undefined, site: { subscriptionId: sub, resourceGroupName: rg, name: "shop app!" } }, /site\.name must be 2 to 60 letters, digits or hyphens, not starting or ending with a hyphen; got "shop app!"/],
        ["a subscription that is not a GUID", { ...good, siteId: siteId.replace(sub, "my-subscription") }, /siteId: the subscription must be a subscription id \(a GUID/],
        ["a backup name with a path", { ...good, backupName: "a/../b" }, /backupName must be 1 to 80 letters, digits, "-", "_" or "\."/],
    ];
    for (const [what, args, expected] of cases) {
        it(`rejects ${what} before any API call`, async () => {
            const local = await scheduleStack(emulator, "backup-schedule-bad-input", () => args);
            try {
                await emulator.control.clearRequests();
                await assert.rejects(local.stack.preview(), (error: unknown) => {
                    assert.match(errorText(error), expected);
                    assert.ok(!errorText(error).includes("Unexpected struct type"), "the engine must get struct-safe inputs");
                    assert.ok(!errorText(error).includes("FAKEsig"), "the error must not quote the SAS");
                    return true;
                });
                const requests = await emulator.control.getRequests();
                assert.equal(requests.armRequests, 0, "no ARM call may happen before inputs are valid");
            } finally {
                await local.remove();
            }
        });
    }
});

describe("BackupSchedule under throttling, server errors and resets", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await seed(emulator);
    });
    after(async () => emulator?.close());

    it("converges with exactly one configuration when 30% of ARM requests fail", async () => {
        const sas = fakeContainerSasUrl({ account: "shopbackups", container: "app-backups", expiresInDays: 60 });
        const args: BackupScheduleArgs = { siteId, frequencyInterval: 6, frequencyUnit: "Hour", retentionPeriodInDays: 7, storageAccountUrl: sas };
        const local = await scheduleStack(emulator, "backup-schedule-faults", () => args);
        try {
            for (const kind of ["429", "503", "reset"] as const) {
                await emulator.control.addFault({ pathPattern: "^/subscriptions/", kind, rate: 0.1, retryAfterSeconds: 1, seed: 7 });
            }
            await local.stack.up();
            await local.stack.preview({ refresh: true, expectNoChanges: true });
            await local.stack.destroy();
            await local.stack.up();
            const requests = await emulator.control.getRequests();
            assert.ok(requests.faultsInjected > 0, "faults were injected");
            await emulator.control.clearFaults();
            const live = await emulator.control.getBackupConfiguration(siteId);
            assert.equal(live.properties.backupSchedule?.frequencyUnit, "Hour");
            assert.equal(live.properties.backupSchedule?.retentionPeriodInDays, 7);
            const state = await local.stack.exportStack();
            assert.equal(state.deployment.resources.filter((r: { type: string }) => r.type.endsWith("BackupSchedule")).length, 1);
            await local.stack.destroy();
        } finally {
            await emulator.control.clearFaults();
            await local.remove();
        }
    });
});
