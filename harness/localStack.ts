import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { EngineRunGuard, isolateEngineChannels } from "./engineRunGuard";
import { openStateBackend, readBackendFiles, type StateBackend, type StateBackendOptions } from "./stateBackend";

export { readBackendFiles };
export type { AzureBlobBackendOptions, StateBackend, StateBackendOptions } from "./stateBackend";

/** Repository root (this file lives in harness/ or dist/harness/). */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
    let dir = start;
    while (!fs.existsSync(path.join(dir, "package.json")) || dir.endsWith(`${path.sep}dist`)) {
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`no package.json above ${start}`);
        dir = parent;
    }
    return dir;
}

/** Options of a stack run by the real Pulumi engine on a self-managed backend (a local folder or blob storage). */
export interface LocalStackOptions {
    /** Project name written to Pulumi.yaml. */
    projectName: string;
    /** Stack name. */
    stackName?: string;
    /** The program, run in this process (an Automation API inline program: no language host needed). */
    program: () => Promise<Record<string, unknown> | void>;
    /** Environment for the CLI and, through it, the dynamic-provider process (credentials, endpoints, CA). */
    env?: Record<string, string>;
    /** Folder for the project, the backend and PULUMI_HOME; created if missing. Must sit inside the
     * repository so the dynamic-provider process resolves node_modules from it. When it already holds a
     * Pulumi.yaml, that project is used as it is. */
    workDir?: string;
    /** Folder of the file backend and PULUMI_HOME; defaults to `<workDir>/.pulumi-local`. */
    stateDir?: string;
    /** Where the state lives; default a file backend in `stateDir`. */
    backend?: StateBackendOptions;
}

/** A stack on a self-managed backend, with the folders it owns. */
export interface LocalStack {
    stack: Stack;
    workDir: string;
    /** The file backend's folder; undefined when the state is in blob storage. */
    backendDir?: string;
    /** The backend: its URL and environment, and read access to what it stores. */
    backend: StateBackend;
    /** The backend (with its credentials), PULUMI_HOME and passphrase of this stack: for a command run beside it (the drift report, a CI step). */
    backendEnv: Record<string, string>;
    /** Removes the stack and the folders this harness created (after destroy). */
    remove(): Promise<void>;
}

/**
 * Creates (or selects) a stack on a file backend in `workDir` (or the blob backend asked for), driven by the Pulumi CLI that
 * scripts/bootstrap.sh provides (PULUMI_ROOT), with plugin downloads and update checks off.
 */
export async function createLocalStack(options: LocalStackOptions): Promise<LocalStack> {
    const workDir = options.workDir ?? path.join(repoRoot, ".test-work", `${options.projectName}-${process.pid}-${Date.now()}`);
    const stateDir = options.stateDir ?? path.join(workDir, ".pulumi-local");
    const pulumiHome = path.join(stateDir, "home");
    fs.mkdirSync(pulumiHome, { recursive: true });
    const backend = await openStateBackend(options.backend ?? { kind: "file" }, stateDir);
    const pulumiRoot = process.env.PULUMI_ROOT;
    const pulumiCommand = pulumiRoot ? await PulumiCommand.get({ root: pulumiRoot }) : undefined;
    const cliSettings: Record<string, string> = {
        ...backend.env,
        PULUMI_CONFIG_PASSPHRASE: "local-test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    // The workspace is given pulumiHome itself; a command run beside the stack needs it in its environment.
    const backendEnv = { ...cliSettings, PULUMI_HOME: pulumiHome };
    const envVars: Record<string, string> = { ...cliSettings, ...options.env };
    // Many inline runs share this process: see engineRunGuard.ts for what the SDK leaves behind.
    isolateEngineChannels();
    const guard = new EngineRunGuard();
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: options.stackName ?? "dev", projectName: options.projectName, program: guard.wrap(options.program) },
        {
            workDir,
            pulumiHome,
            pulumiCommand,
            envVars,
            // An existing Pulumi.yaml (the repository's own) is kept; otherwise one is written.
            projectSettings: fs.existsSync(path.join(workDir, "Pulumi.yaml")) ? undefined : { name: options.projectName, runtime: "nodejs" },
        },
    );
    guard.guard(stack);
    return {
        stack,
        workDir,
        backendDir: backend.dir,
        backend,
        backendEnv,
        async remove() {
            await stack.workspace.removeStack(stack.name).catch(() => undefined);
            fs.rmSync(options.workDir ? stateDir : workDir, { recursive: true, force: true });
        },
    };
}
