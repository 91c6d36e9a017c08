import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { VmProtection } from "../../provider/azurebackup/vmProtection";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createLocalStack, repoRoot, type LocalStack } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";

// examples/ci/backups.yml as GitHub would run it: each job's `run:` steps that call the command,
// verbatim, in bash, in a project whose node_modules/.bin has the command (as `npm ci` leaves it).

interface Step {
    name?: string;
    run?: string;
    uses?: string;
    "continue-on-error"?: boolean;
}
interface Workflow {
    on: Record<string, unknown>;
    env: Record<string, string>;
    jobs: Record<string, { if: string; steps: Step[] }>;
}

const world = backupWorld("c1c1a");
const workflow = yaml.load(fs.readFileSync(path.join(repoRoot, "examples", "ci", "backups.yml"), "utf8")) as Workflow;
const reportSteps = (job: string) => workflow.jobs[job].steps.filter((s) => s.run?.includes("declarative-backups drift"));

describe("examples/ci: the workflow's steps against the emulator", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;

    /** Runs a step's script as the runner does (bash -e), with the workflow's STACK and a job summary file. */
    const runStep = (step: Step, summary: string): Promise<{ code: number; stdout: string; stderr: string }> =>
        new Promise((resolve) => {
            execFile("bash", ["-e", "-c", step.run!], {
                cwd: local.workDir,
                env: {
                    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
                    ...backupEnv(emulator),
                    STACK: workflow.env.STACK,
                    GITHUB_STEP_SUMMARY: summary,
                    ...local.backendEnv,
                },
            }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
        });

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        local = await createLocalStack({
            projectName: "infra",
            stackName: workflow.env.STACK,
            program: async () => {
                new VmProtection("web1", { vaultId: world.vaultId, vmId: world.vmId, policyName: "VmNightly" });
            },
            env: backupEnv(emulator),
        });
        await local.stack.up();
        // What `npm ci` leaves in the user's project: the package's command in node_modules/.bin.
        const bin = path.join(local.workDir, "node_modules", ".bin");
        fs.mkdirSync(bin, { recursive: true });
        fs.writeFileSync(path.join(bin, "declarative-backups"), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, "dist", "report", "cli.js")}" "$@"\n`, { mode: 0o755 });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("runs on pull requests and on a schedule, one job each", () => {
        assert.ok("pull_request" in workflow.on && "schedule" in workflow.on);
        assert.equal(reportSteps("pull-request").length, 1);
        assert.equal(reportSteps("scheduled-check").length, 1);
        assert.equal(reportSteps("pull-request")[0]["continue-on-error"], true, "informational on pull requests");
    });

    it("a clean stack: the summary says so, the scheduled job passes with a JUnit report", async () => {
        const summary = path.join(local.workDir, "summary.md");
        const pr = await runStep(reportSteps("pull-request")[0], summary);
        assert.equal(pr.code, 0, pr.stderr);
        assert.match(fs.readFileSync(summary, "utf8"), /No drift; every backup is healthy\./);
        const scheduled = await runStep(reportSteps("scheduled-check")[0], summary);
        assert.equal(scheduled.code, 0, scheduled.stderr);
        assert.match(fs.readFileSync(path.join(local.workDir, "drift.xml"), "utf8"), /<testsuite name="declarative-backups drift: prod" tests="1" failures="0"/);
    });

    it("drift made out of band: the summary names the field, the scheduled job fails with exit 2", async () => {
        await emulator.control.setItemPolicy(world.vault, "VM;iaasvmcontainerv2;app-rg;web1", "VmEarly");
        const summary = path.join(local.workDir, "summary-drift.md");
        const pr = await runStep(reportSteps("pull-request")[0], summary);
        assert.equal(pr.code, 2, "the step fails; continue-on-error keeps the job going");
        assert.match(fs.readFileSync(summary, "utf8"), /`policyId`: \S+VmNightly → \S+VmEarly/);
        const scheduled = await runStep(reportSteps("scheduled-check")[0], summary);
        assert.equal(scheduled.code, 2);
        assert.match(fs.readFileSync(path.join(local.workDir, "drift.xml"), "utf8"), /<failure message="drift: policyId:/);
        assert.match(scheduled.stdout, /1 drifted/, "the table still goes to the log");
        await emulator.control.setItemPolicy(world.vault, "VM;iaasvmcontainerv2;app-rg;web1", "VmNightly");
    });
});
