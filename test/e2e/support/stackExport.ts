import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { LocalStack } from "../../../harness/localStack";

/**
 * `pulumi stack export` as a user runs it, as text: secrets stay ciphertext. (The Automation API's
 * exportStack adds --show-secrets and hands secrets back as `{plaintext}` envelopes.)
 */
export async function exportStackText(local: LocalStack): Promise<string> {
    const workspace = local.stack.workspace as LocalWorkspace;
    const pulumi = process.env.PULUMI_ROOT ? path.join(process.env.PULUMI_ROOT, "bin", "pulumi") : "pulumi";
    const env = { ...process.env, ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}), ...workspace.envVars };
    const { stdout } = await promisify(execFile)(pulumi, ["stack", "export", "--stack", local.stack.name], { cwd: workspace.workDir, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
}
