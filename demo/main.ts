import { execFile } from "node:child_process";
import * as path from "node:path";
import { createLocalStack, repoRoot, type StateBackendOptions } from "../harness/localStack";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import { fakeContainerSasUrl } from "../harness/fakeSas";

/**
 * The narrated demo: the quickstart (root Pulumi.yaml → examples/quickstart) against the embedded
 * Azure emulator, through the real Pulumi engine: up, a second preview with no changes, a change
 * made out of band and caught by `preview --refresh --expect-no-changes`, the repair, and destroy.
 * DECLARATIVE_BACKUPS_DEMO_BACKEND=azblob keeps the stack's state in the emulator's blob storage
 * (`azblob://`, as a team would) instead of a local folder.
 */
async function main(): Promise<void> {
    const say = (text: string) => console.log(`\n=== ${text}`);
    const emulator = await startEmulator();
    const sub = "00000000-0000-0000-0000-0000000000d1";
    const rg = "demo-rg";
    const app = "demo-shop";
    const siteId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${app}`;
    const control = emulator.control;
    try {
        say(`Azure emulator at ${emulator.url} (ARM and token authority); seeding app ${app}`);
        await control.putSubscription(sub);
        await control.putResourceGroup(sub, rg, "westeurope");
        await control.putSite(sub, rg, app, "westeurope");

        const program = async () => {
            // A function export runs anew on every engine operation.
            const quickstart = require(path.join(repoRoot, "dist", "examples", "quickstart"));
            return quickstart();
        };
        const backend = demoBackend(emulator, process.env.DECLARATIVE_BACKUPS_DEMO_BACKEND);
        const local = await createLocalStack({
            projectName: "declarative-backups-quickstart",
            stackName: "demo",
            program,
            workDir: repoRoot,
            stateDir: path.join(repoRoot, ".tools", "demo-state"),
            env: emulator.env,
            backend,
        });
        const { stack } = local;
        console.log(`state backend: ${local.backend.url}`);
        const sas = fakeContainerSasUrl({ account: "demostore", container: "app-backups", expiresInDays: 90 });
        await stack.setConfig("siteId", { value: siteId });
        await stack.setConfig("storageAccountUrl", { value: sas, secret: true });
        await stack.setConfig("retentionPeriodInDays", { value: "30" });
        const print = (line: string) => process.stdout.write(line);

        say("pulumi up: create the backup schedule");
        await stack.up({ onOutput: print });
        const live = await control.getBackupConfiguration(siteId);
        console.log(`live schedule: every ${live.properties.backupSchedule!.frequencyInterval} ${live.properties.backupSchedule!.frequencyUnit}, retention ${live.properties.backupSchedule!.retentionPeriodInDays} days`);

        say("pulumi preview: nothing to do");
        const quiet = await stack.preview();
        console.log(`changes: ${JSON.stringify(quiet.changeSummary)}`);

        say("Someone lowers retention to 5 days in the portal (out of band)");
        await control.patchBackupConfiguration(siteId, { backupSchedule: { retentionPeriodInDays: 5 } });

        say("pulumi preview --refresh --expect-no-changes: the drift check CI runs");
        try {
            await stack.preview({ refresh: true, expectNoChanges: true, onOutput: print });
            console.log("no drift detected (unexpected)");
            process.exitCode = 1;
        } catch {
            console.log("\ndrift detected: the check failed, naming retentionPeriodInDays above");
        }

        const driftCommand = "declarative-backups drift --stack demo";
        say(`${driftCommand}: which field drifted, and is every backup healthy (exit 0 clean, 2 drift or unhealthy, 1 error)`);
        const report = await runDriftCommand(["--stack", "demo"], { ...emulator.env, ...local.backendEnv });
        process.stdout.write(`$ ${driftCommand}\n${report.stdout}${report.stderr}exit code ${report.status}\n`);
        if (report.status !== 2) process.exitCode = 1;

        say("pulumi up --refresh: repair");
        await stack.up({ refresh: true, onOutput: print });
        const repaired = await control.getBackupConfiguration(siteId);
        console.log(`live retention after repair: ${repaired.properties.backupSchedule!.retentionPeriodInDays} days`);

        say("pulumi destroy");
        await stack.destroy({ onOutput: print });
        const gone = await control.getBackupConfiguration(siteId).catch(() => undefined);
        console.log(`live schedule after destroy: ${gone ? "still there (unexpected)" : "none"}`);
        if (gone) process.exitCode = 1;
        await local.remove();
        say("done");
    } finally {
        await emulator.close();
    }
}

/** The state backend DECLARATIVE_BACKUPS_DEMO_BACKEND asks for: "file" (default) or "azblob" (the emulator's blob storage). */
function demoBackend(emulator: RunningEmulator, asked = "file"): StateBackendOptions {
    if (asked === "file") return { kind: "file" };
    if (asked === "azblob") return { kind: "azblob", storage: emulator.storage!, caFile: emulator.caFile, container: "demo-pulumi-state" };
    throw new Error(`DECLARATIVE_BACKUPS_DEMO_BACKEND must be file or azblob; got "${asked}"`);
}

/** Runs the compiled `declarative-backups drift` in the project's folder; asynchronously, as the emulator serves from this process. */
function runDriftCommand(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string; status: number }> {
    return new Promise((resolve) => {
        execFile(process.execPath, [path.join(repoRoot, "dist", "report", "cli.js"), "drift", "--no-progress", ...args], { cwd: repoRoot, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
            resolve({ stdout, stderr, status: error ? Number((error as { code?: number }).code ?? 1) : 0 }),
        );
    });
}

main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
