import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { BackupSchedule } from "../../provider/appservice/backupSchedule";
import { VmProtection } from "../../provider/azurebackup/vmProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { fakeContainerSasUrl } from "../../harness/fakeSas";
import { createLocalStack, repoRoot, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";

// `declarative-backups drift` as a user runs it: the compiled command in a child process, in the
// project's folder, against stacks on a file backend whose live state the tests change out of band.

const world = backupWorld("d21f7");
const itemName = "VM;iaasvmcontainerv2;app-rg;web1";
const siteId = `/subscriptions/${world.subscriptionId}/resourceGroups/App-RG/providers/Microsoft.Web/sites/Shop-App`;
const connectionString = "Server=tcp:fake.database.windows.net;Database=orders;User ID=app;Password=FAKEpassword-drift-1";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

describe("declarative-backups drift: what drifted and whether backups are healthy", function () {
    let emulator: RunningEmulator;
    let prod: LocalStack;
    let staging: LocalStack;
    let sasDays = 60;
    const sas = () => fakeContainerSasUrl({ account: "shopbackups", container: "app-backups", expiresInDays: sasDays });
    let signatures: string[] = [];

    /** Runs the command in the project's folder with the stacks' backend and the emulator's endpoints. */
    const drift = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
        new Promise((resolve) => {
            execFile(
                process.execPath,
                [path.join(repoRoot, "dist", "report", "cli.js"), "drift", "--no-progress", ...args],
                {
                    cwd: prod.workDir,
                    env: {
                        ...process.env,
                        ...backupEnv(emulator),
                        ...prod.backendEnv,
                        ...env,
                    },
                    maxBuffer: 16 * 1024 * 1024,
                },
                (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
            );
        });
    const json = async (args: string[] = []) => {
        const run = await drift(["--format", "json", ...args]);
        return { run, report: JSON.parse(run.stdout) };
    };

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        await emulator.control.putSite(world.subscriptionId, "App-RG", "Shop-App", "westeurope");
        const program = (withSchedule: boolean) => async () => {
            new VmProtection("web1", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" });
            if (withSchedule) {
                const url = sas();
                signatures.push(new URL(url).searchParams.get("sig")!);
                new BackupSchedule("nightly", { siteId, frequencyInterval: 1, frequencyUnit: "Day", retentionPeriodInDays: 30, storageAccountUrl: url, databases: [{ databaseType: "SqlAzure", name: "orders", connectionString }] });
            }
        };
        // Two stacks of one project, as a team keeps prod and staging.
        prod = await createLocalStack({ projectName: "shop-backups", stackName: "prod", program: program(true), env: backupEnv(emulator) });
        await prod.stack.up();
        staging = await createLocalStack({ projectName: "shop-backups", stackName: "staging", program: program(false), env: backupEnv(emulator), workDir: prod.workDir });
    });

    after(async () => {
        await prod?.stack.destroy().catch(() => undefined);
        await prod?.remove();
        await emulator?.close();
    });

    it("a clean project exits 0, every resource of every stack ok", async () => {
        const { run, report } = await json();
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(report.stacks.sort(), ["prod", "staging"]);
        assert.deepEqual(
            report.resources.map((r: { stack: string; type: string; drift: string; health: unknown[] }) => `${r.stack} ${r.type} ${r.drift} ${r.health.length}`).sort(),
            ["prod appservice:BackupSchedule ok 0", "prod azurebackup:VmProtection ok 0"],
        );
        assert.equal(report.exitCode, 0);
    });

    it("a policy changed out of band is drift naming the field, exit 2; nothing is written to state", async () => {
        const before = JSON.stringify((await prod.stack.exportStack()).deployment.resources.map((r: { outputs: unknown }) => r.outputs));
        await emulator.control.setItemPolicy(world.vault, itemName, "VmEarly");
        const { run, report } = await json(["--stack", "prod"]);
        assert.equal(run.code, 2);
        const vm = report.resources.find((r: { type: string }) => r.type === "azurebackup:VmProtection");
        assert.equal(vm.drift, "drifted");
        assert.deepEqual(vm.changes.map((c: { field: string }) => c.field), ["policyId"]);
        assert.match(vm.changes[0].desired, /VmNightly$/);
        assert.match(vm.changes[0].live, /VmEarly$/);
        assert.equal(JSON.stringify((await prod.stack.exportStack()).deployment.resources.map((r: { outputs: unknown }) => r.outputs)), before, "a preview-only refresh");
        await emulator.control.setItemPolicy(world.vault, itemName, "VmNightly");
    });

    it("protection stopped out of band: drift and unhealthy, in the table, Markdown and JUnit", async () => {
        await emulator.control.stopItemProtection(world.vault, itemName);
        const table = await drift(["--stack", "prod"]);
        assert.equal(table.code, 2);
        // The table wraps long cells: look for the pieces.
        assert.match(table.stdout, /protectionState: Protected ->/);
        assert.match(table.stdout, /ProtectionStopped/);
        assert.match(table.stdout, /protection-stopped: protection is stopped:/);
        assert.match(table.stdout, /1 stack\(s\), 2 resource\(s\): 1 drifted, 0 deleted, 1 unhealthy, 0 error\(s\)/);
        const markdown = await drift(["--stack", "prod", "--format", "markdown"]);
        assert.match(markdown.stdout, /^## Backup drift and health/);
        assert.match(markdown.stdout, /\| prod \| azurebackup:VmProtection `web1` \| `protectionState`: Protected → ProtectionStopped/);
        const junit = await drift(["--stack", "prod", "--format", "junit"]);
        assert.match(junit.stdout, /^<\?xml version="1.0"/);
        assert.match(junit.stdout, /<testsuite name="declarative-backups drift: prod" tests="2" failures="1"/);
        assert.match(junit.stdout, /<failure message="drift: protectionState: Protected -(&gt;|>) ProtectionStopped/);
    });

    it("deleted out of band is reported as such", async () => {
        await emulator.control.deleteItem(world.vault, itemName);
        const { run, report } = await json(["--stack", "prod"]);
        assert.equal(run.code, 2);
        assert.equal(report.resources.find((r: { type: string }) => r.type === "azurebackup:VmProtection").drift, "deleted");
        await prod.stack.up({ refresh: true });
    });

    it("a SAS expiring within the warning window is unhealthy; --sas-warning-days moves the window", async () => {
        sasDays = 5;
        await prod.stack.up();
        const { run, report } = await json(["--stack", "prod"]);
        assert.equal(run.code, 2);
        const schedule = report.resources.find((r: { type: string }) => r.type === "appservice:BackupSchedule");
        assert.deepEqual(schedule.health.map((h: { check: string }) => h.check), ["sas-expiring"]);
        assert.equal((await json(["--stack", "prod", "--sas-warning-days", "2"])).run.code, 0);
    });

    it("no secret in any output, whatever the format", async () => {
        for (const format of ["table", "json", "markdown", "junit"]) {
            const run = await drift(["--format", format, "--sas-warning-days", "1"]);
            for (const secret of [...signatures, connectionString, "FAKEpassword-drift-1"]) {
                assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `${format} output holds a secret`);
            }
        }
    });

    it("an unreachable API exits 1 with a clear message; so do a missing stack and bad arguments", async () => {
        const down = await drift(["--stack", "prod"], { DECLARATIVE_BACKUPS_ARM_ENDPOINT: "https://127.0.0.1:9", DECLARATIVE_BACKUPS_RETRY_BASE_MS: "1" });
        assert.equal(down.code, 1);
        assert.match(down.stdout, /error in stack prod: .*(ECONNREFUSED|connect|unreachable)/i);
        const missing = await drift(["--stack", "nope"]);
        assert.equal(missing.code, 1);
        assert.match(missing.stdout, /error in stack nope: .*nope/);
        const bad = await drift(["--rpo-hours", "-3"]);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /--rpo-hours must be a positive number; got "-3"/);
    });
});
