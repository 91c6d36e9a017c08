import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { startSyncanoEmulator, type RunningSyncanoEmulator } from "../../emulator/services/syncano/syncanoEmulator";
import { createLocalStack, repoRoot, type LocalStack } from "../../harness/localStack";
import { FullBackup } from "../../provider/syncano/fullBackup";

// The drift report on the Syncano family: a backup failed or deleted behind the stack's back.

const owner = "ops@report.example";

describe("declarative-backups drift on Syncano backups", function () {
    let emulator: RunningSyncanoEmulator;
    let local: LocalStack;
    let apiKey: string;

    const drift = (): Promise<{ code: number; report: { resources: Array<{ type: string; drift: string; health: Array<{ check: string; message: string }> }> }; raw: string }> =>
        new Promise((resolve) => {
            execFile(
                process.execPath,
                [path.join(repoRoot, "dist", "report", "cli.js"), "drift", "--no-progress", "--format", "json"],
                {
                    cwd: local.workDir,
                    env: {
                        ...process.env,
                        ...emulator.env,
                        ...local.backendEnv,
                    },
                },
                (error, stdout) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, report: JSON.parse(stdout), raw: stdout }),
            );
        });

    before(async () => {
        emulator = await startSyncanoEmulator();
        await emulator.control.setBehaviour({ scheduledMs: 50, runningMs: 100 });
        apiKey = (await emulator.control.putAccount({ email: owner })).apiKey;
        await emulator.control.putInstance(owner, "shop", { class: [{ name: "books" }], data_object: [{ class: "books", title: "Dune" }] });
        local = await createLocalStack({
            projectName: "syncano-report",
            stackName: "prod",
            program: async () => {
                new FullBackup("nightly", { instanceName: "shop", keepLast: 3, triggers: ["2026-12-05"] });
            },
            env: { ...emulator.env, DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "50" },
        });
        await local.stack.setConfig("declarative-backups:syncanoApiKey", { value: apiKey, secret: true });
        await local.stack.up();
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("a healthy backup exits 0; the account key never appears", async () => {
        const run = await drift();
        assert.equal(run.code, 0);
        assert.deepEqual(run.report.resources.map((r) => `${r.type} ${r.drift} ${r.health.length}`), ["syncano:FullBackup ok 0"]);
        assert.ok(!run.raw.includes(apiKey));
    });

    it("a backup marked failed out of band is unhealthy, with Syncano's reason (exit 2)", async () => {
        const [backup] = await emulator.control.listBackups(owner);
        await emulator.control.setBackupStatus(backup.id, "error", "Instance no longer exists.");
        const run = await drift();
        assert.equal(run.code, 2);
        assert.deepEqual(run.report.resources[0].health, [{ check: "backup-failed", message: "the backup's status is error: Instance no longer exists." }]);
    });

    it("a backup deleted out of band is reported deleted (exit 2)", async () => {
        const [backup] = await emulator.control.listBackups(owner);
        await emulator.control.deleteBackup(backup.id);
        const run = await drift();
        assert.equal(run.code, 2);
        assert.equal(run.report.resources[0].drift, "deleted");
    });
});
