import { SingleBar } from "cli-progress";
import { redact } from "../provider/core/redact/sanitizer";
import { exitCodeOf, type Report } from "./findings";
import { formatJson } from "./formats/json";
import { formatJunit } from "./formats/junit";
import { formatMarkdown } from "./formats/markdown";
import { formatTable } from "./formats/table";
import { openWorkspace, scanStack, stacksOf } from "./stackScan";

/** What `drift` was asked. */
export interface DriftOptions {
    workDir: string;
    stacks: string[];
    rpoHours: number;
    stackRpoHours: Record<string, number>;
    sasWarningDays: number;
    progress: boolean;
    now?: Date;
}

const formats = { table: formatTable, json: formatJson, markdown: formatMarkdown, junit: formatJunit } as const;

/** Scans every stack (one after the other: each refresh already runs its resources in parallel). */
export async function buildReport(options: DriftOptions): Promise<Report> {
    const now = options.now ?? new Date();
    const report: Report = { generatedAt: now.toISOString(), stacks: [], resources: [], errors: [] };
    const workspace = await openWorkspace(options.workDir);
    let stacks: string[];
    try {
        stacks = await stacksOf(workspace, options.stacks);
    } catch (error) {
        report.errors.push({ stack: "(all)", message: messageOf(error) });
        return report;
    }
    report.stacks = stacks;
    const bar = options.progress ? new SingleBar({ stream: process.stderr, format: "refreshing {bar} {value}/{total} stacks | {stack}", hideCursor: true, clearOnComplete: true }) : undefined;
    bar?.start(stacks.length, 0, { stack: stacks[0] ?? "" });
    for (const stack of stacks) {
        bar?.update({ stack });
        try {
            report.resources.push(...(await scanStack(workspace, stack, { now, sasWarningDays: options.sasWarningDays, rpoHours: options.stackRpoHours[stack] ?? options.rpoHours })));
        } catch (error) {
            report.errors.push({ stack, message: messageOf(error) });
        }
        bar?.increment();
    }
    bar?.stop();
    return report;
}

/** Builds the report and renders it; the table is also returned for the terminal when the report goes to a file. */
export async function runDriftReport(options: DriftOptions, format: keyof typeof formats): Promise<{ report: Report; exitCode: number; rendered: string; table: string }> {
    const report = await buildReport(options);
    return { report, exitCode: exitCodeOf(report), rendered: formats[format](report), table: formatTable(report) };
}

/**
 * One readable line from an engine failure: the Automation API's error carries the whole CLI output;
 * keep its diagnostics' error lines (redacted: they may quote a URL with a SAS).
 */
function messageOf(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => /^error:/i.test(l) && !/^error: (update|preview) failed$/i.test(l));
    const unique = [...new Set(lines)];
    return redact(unique.length > 0 ? unique.slice(0, 3).join(" | ") : text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "unknown error");
}
