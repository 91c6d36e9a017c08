import * as fs from "node:fs";

/** Peak resident memory of the processes one engine operation started, by role. */
export interface ProcessPeaks {
    /** Largest VmHWM of a `pulumi` CLI process, in KiB (0 when none was seen). */
    cliPeakKiB: number;
    /** Largest VmHWM of a dynamic-provider process, in KiB (0 when none was seen). */
    providerPeakKiB: number;
    /** Dynamic-provider processes seen during the operation. */
    providerProcesses: number;
    /** CPU seconds (user + system) of the dynamic-provider processes, as last sampled (up to one interval short). */
    providerCpuSeconds: number;
}

type Role = "cli" | "provider";

/**
 * Samples /proc while an operation runs: every descendant of this process that is the Pulumi CLI
 * (command `pulumi`) or the dynamic-provider host (`node …/cmd/dynamic-provider`), with its VmHWM
 * (the kernel's high-water mark of resident memory, so a sample taken any time before the process
 * ends sees its peak so far). Walks /proc/<pid>/task/<tid>/children from this process only, so a
 * sample stays cheap (a few files) and never blocks the emulator that shares this event loop for long.
 */
export class ProcessPeakSampler {
    private readonly peaks = new Map<number, { role: Role; hwmKiB: number; cpuSeconds: number }>();
    private timer?: NodeJS.Timeout;

    constructor(private readonly intervalMs = 200) {}

    /** Starts sampling (forgetting what an earlier run saw). */
    start(): void {
        this.peaks.clear();
        this.sample();
        this.timer = setInterval(() => this.sample(), this.intervalMs);
    }

    /** Stops sampling and returns the peaks by role. */
    stop(): ProcessPeaks {
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        let cliPeakKiB = 0;
        let providerPeakKiB = 0;
        let providerProcesses = 0;
        let providerCpuSeconds = 0;
        for (const { role, hwmKiB, cpuSeconds } of this.peaks.values()) {
            if (role === "cli") cliPeakKiB = Math.max(cliPeakKiB, hwmKiB);
            else {
                providerPeakKiB = Math.max(providerPeakKiB, hwmKiB);
                providerProcesses++;
                providerCpuSeconds += cpuSeconds;
            }
        }
        return { cliPeakKiB, providerPeakKiB, providerProcesses, providerCpuSeconds };
    }

    private sample(): void {
        for (const pid of descendantsOf(process.pid)) {
            const role = roleOf(pid);
            if (!role) continue;
            const hwmKiB = highWaterMarkKiB(pid);
            if (hwmKiB === undefined) continue;
            const seen = this.peaks.get(pid);
            const cpuSeconds = cpuSecondsOf(pid) ?? seen?.cpuSeconds ?? 0;
            this.peaks.set(pid, { role, hwmKiB: Math.max(hwmKiB, seen?.hwmKiB ?? 0), cpuSeconds });
        }
    }
}

/** Pids of every descendant of `pid` (children of all its threads, recursively). */
function descendantsOf(pid: number): number[] {
    const found: number[] = [];
    const walk = (parent: number) => {
        let tasks: string[];
        try {
            tasks = fs.readdirSync(`/proc/${parent}/task`);
        } catch {
            return; // gone
        }
        for (const task of tasks) {
            let children: string;
            try {
                children = fs.readFileSync(`/proc/${parent}/task/${task}/children`, "utf8");
            } catch {
                continue;
            }
            for (const child of children.split(" ").filter(Boolean).map(Number)) {
                found.push(child);
                walk(child);
            }
        }
    };
    walk(pid);
    return found;
}

function roleOf(pid: number): Role | undefined {
    try {
        const comm = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
        if (comm === "pulumi") return "cli";
        if (comm !== "node") return undefined;
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return argv.some((arg) => /[\\/]cmd[\\/]dynamic-provider([\\/]|$)/.test(arg)) ? "provider" : undefined;
    } catch {
        return undefined;
    }
}

/** Linux reports process times in USER_HZ ticks, 100 a second on every architecture. */
const ticksPerSecond = 100;

/** User + system CPU seconds of a process (`/proc/<pid>/stat` fields 14 and 15). */
function cpuSecondsOf(pid: number): number | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    } catch {
        return undefined;
    }
}

/**
 * CPU seconds of this process's children that have ended and been waited for (`cutime` + `cstime`):
 * the CLI of an operation, with the plugin processes it waited for.
 */
export function reapedChildrenCpuSeconds(): number {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

function highWaterMarkKiB(pid: number): number | undefined {
    try {
        const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return match ? Number(match[1]) : undefined;
    } catch {
        return undefined;
    }
}
