import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { repoRoot } from "../../harness/localStack";
import { backupEnv, backupWorld, seedBackupWorld } from "./support/backupWorld";

const run = promisify(execFile);

/** The environment without what `npx mocha` added for itself (npm_* settings a nested npm would obey). */
function userEnv(): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

// What a new user does: pack the package, install the tarball into a folder of their own (outside
// this repository), run a program there through the real engine, and check it with the report command.

const world = backupWorld("1a57a");

// The user's program, run as an inline program (this sandbox serves no Node language host): it
// requires only what the tarball installed.
const userScript = `
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const step = process.argv[2];
(async () => {
    const pulumiCommand = process.env.PULUMI_ROOT ? await PulumiCommand.get({ root: process.env.PULUMI_ROOT }) : undefined;
    const program = async () => {
        const { VmProtection } = require("declarative-backups");
        const vm = new VmProtection("web1", { vaultId: process.env.VAULT_ID, vmId: process.env.VM_ID, policyName: "VmNightly" });
        return { state: vm.protectionState };
    };
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: "dev", projectName: "infra", program }, { workDir: __dirname, pulumiCommand, projectSettings: { name: "infra", runtime: "nodejs" } });
    if (step === "up") console.log(JSON.stringify((await stack.up()).outputs));
    if (step === "preview-refresh") console.log(JSON.stringify((await stack.preview({ refresh: true, expectNoChanges: true })).changeSummary));
    if (step === "destroy") console.log(JSON.stringify((await stack.destroy()).summary.resourceChanges));
})().catch((error) => { console.error(error.message); process.exit(1); });
`;

describe("the package as a user installs it", function () {
    let emulator: RunningEmulator;
    let scratch: string;
    let env: NodeJS.ProcessEnv;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await seedBackupWorld(emulator, world);
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "declarative-backups-user-"));
        env = {
            ...userEnv(),
            ...backupEnv(emulator),
            VAULT_ID: world.vaultId,
            VM_ID: world.vmId,
            PULUMI_BACKEND_URL: `file://${path.join(scratch, ".state")}`,
            PULUMI_HOME: path.join(scratch, ".pulumi-home"),
            PULUMI_CONFIG_PASSPHRASE: "user-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        };
        fs.mkdirSync(path.join(scratch, ".state"));
    });

    after(async () => {
        await emulator?.close();
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    it("the tarball holds the compiled provider, the command, types, README and license: no sources, tests or emulator", async () => {
        const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: repoRoot, env: userEnv(), maxBuffer: 16 * 1024 * 1024 });
        const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
        const files = packed.files.map((f) => f.path);
        assert.ok(files.includes("dist/provider/index.js") && files.includes("dist/provider/index.d.ts"));
        assert.ok(files.includes("dist/report/cli.js"));
        assert.ok(files.includes("README.md") && files.includes("LICENSE"));
        const stray = files.filter((f) => !/^(dist\/(provider|report)\/.*\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/.test(f));
        assert.deepEqual(stray, []);
        assert.ok(files.length < 250, `${files.length} files`);
        fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "infra", private: true }));
        // Offline first: CI has just installed the same dependencies into npm's cache.
        await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(scratch, packed.filename)], { cwd: scratch, env: userEnv(), timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
        assert.ok(fs.existsSync(path.join(scratch, "node_modules", "declarative-backups", "dist", "provider", "index.js")));
    });

    it("a program in the user's folder runs through the engine: up, then a refresh preview with no changes", async () => {
        fs.writeFileSync(path.join(scratch, "index.js"), userScript);
        const up = await run(process.execPath, [path.join(scratch, "index.js"), "up"], { cwd: scratch, env });
        assert.match(JSON.parse(up.stdout.trim().split("\n").pop()!).state.value, /^(IRPending|Protected)$/);
        assert.ok(await emulator.control.findProtectedItem(world.vault, "VM;iaasvmcontainerv2;app-rg;web1"));
        const again = await run(process.execPath, [path.join(scratch, "index.js"), "preview-refresh"], { cwd: scratch, env });
        assert.deepEqual(JSON.parse(again.stdout.trim().split("\n").pop()!), { same: 2 });
    });

    it("the installed command reports the stack clean, then the drift made out of band (exit 2)", async () => {
        const bin = path.join(scratch, "node_modules", ".bin", "declarative-backups");
        const clean = await run(bin, ["drift", "--no-progress", "--format", "json"], { cwd: scratch, env });
        assert.equal(JSON.parse(clean.stdout).exitCode, 0);
        await emulator.control.setItemPolicy(world.vault, "VM;iaasvmcontainerv2;app-rg;web1", "VmEarly");
        await assert.rejects(run(bin, ["drift", "--no-progress"], { cwd: scratch, env }), (error: { code?: number; stdout?: string }) => {
            assert.equal(error.code, 2);
            assert.match(String(error.stdout), /policyId/);
            return true;
        });
    });

    it("destroy, from the user's folder", async () => {
        const destroyed = await run(process.execPath, [path.join(scratch, "index.js"), "destroy"], { cwd: scratch, env });
        assert.deepEqual(JSON.parse(destroyed.stdout.trim().split("\n").pop()!), { delete: 2 });
    });
});
