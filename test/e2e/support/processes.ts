import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalStack } from "../../../harness/localStack";
import { errorText } from "./engineOutput";

interface ProcessInfo {
    pid: number;
    ppid: number;
    argv: string[];
    cwd?: string;
}

/** Every process this user can see in /proc, with its parent, command line and working directory. */
export function listProcesses(): ProcessInfo[] {
    const processes: ProcessInfo[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            // The command name is in parentheses and may hold spaces: the parent pid follows the last ")".
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            const argv = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
            let cwd: string | undefined;
            try {
                cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
            } catch {
                cwd = undefined;
            }
            processes.push({ pid: Number(entry), ppid, argv, cwd });
        } catch {
            // Gone between the listing and the read.
        }
    }
    return processes;
}

/** The pid of the `pulumi <command>` CLI the Automation API runs in `workDir`, if one is running. */
export function findPulumiCli(workDir: string, command: string): number | undefined {
    const wanted = path.resolve(workDir);
    return listProcesses().find((p) => p.argv.length > 1 && path.basename(p.argv[0]) === "pulumi" && p.argv.includes(command) && p.cwd === wanted)?.pid;
}

/** Pids of every descendant of `pid`, children first. */
export function descendantsOf(pid: number): number[] {
    const all = listProcesses();
    const found: number[] = [];
    const walk = (parent: number) => {
        for (const child of all.filter((p) => p.ppid === parent)) {
            found.push(child.pid);
            walk(child.pid);
        }
    };
    walk(pid);
    return found;
}

/** SIGKILLs a process and all its descendants (the dynamic-provider host among them), as a crash would. */
export function killTree(pid: number): number[] {
    const victims = [...descendantsOf(pid), pid];
    for (const victim of victims) {
        try {
            process.kill(victim, "SIGKILL");
        } catch {
            // Already gone.
        }
    }
    return victims;
}

/**
 * Runs `up` on `local` and, once `reached()` says the operation to interrupt is under way, SIGKILLs
 * the CLI and its descendants (the dynamic-provider host among them), as a crash would. Resolves with
 * the pids killed once the interrupted `up` has ended; fails when `reached()` never holds, or when
 * `up` finished on its own.
 */
export async function killUpOnceRunning(local: LocalStack, reached: () => Promise<boolean>, timeoutMs = 30_000): Promise<number[]> {
    const interrupted = local.stack.up().then(
        () => "finished",
        (error: unknown) => errorText(error),
    );
    await waitFor("the operation to interrupt starts", reached, timeoutMs, 50);
    const cli = findPulumiCli(local.workDir, "up");
    if (cli === undefined) throw new Error("no pulumi up process to kill");
    const killed = killTree(cli);
    if ((await interrupted) === "finished") throw new Error("up finished before it could be killed");
    return killed;
}

/**
 * Clears the lock a killed update leaves on a file backend by deleting it. (On blob storage, tests
 * clear it as a user would: `pulumi cancel`, see backend.azblob.e2e.ts.)
 */
export function removeStaleLock(local: LocalStack): void {
    if (!local.backendDir) throw new Error("removeStaleLock deletes a file backend's lock folder; this stack's state is elsewhere: use stack.cancel()");
    fs.rmSync(path.join(local.backendDir, ".pulumi", "locks"), { recursive: true, force: true });
}

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs` (generous: the machine may be loaded). */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 120_000, intervalMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
}
