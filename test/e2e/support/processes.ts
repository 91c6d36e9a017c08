import * as fs from "node:fs";
import * as path from "node:path";

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
