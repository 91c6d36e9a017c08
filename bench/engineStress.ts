import { spawn, type ChildProcess } from "node:child_process";
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { EngineRunDisagreement } from "../harness/engineRunGuard";
import { createLocalStack, type LocalStack } from "../harness/localStack";
import { numberList } from "./support/stats";

/**
 * Prints numbers: many short engine runs of inline programs in one process (the way the e2e tests,
 * the demo and users' Automation API programs drive the engine), counted by outcome. Each run's
 * answer is known in advance, so a run that succeeds when it had to fail at `check`, or whose
 * summary lacks a resource the program registered, is a wrong result, not a pass.
 *
 * Environment: STRESS_RUNS (default 1000), STRESS_LOAD (busy processes beside the runs, one count
 * or a list run in turn; default 0,2), STRESS_STACKS (stacks driven at once, default 1),
 * DECLARATIVE_BACKUPS_ENGINE_GUARD=off runs without the harness's fix (for the before figures).
 * Run with `npm run bench -- stress`.
 */

/** A provider that needs nothing: `check` refuses `size` above 10, as ours refuse bad input. */
const sizedProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        const size = news.size;
        if (typeof size === "number" && size > 10) return { inputs: news, failures: [{ property: "size", reason: `size must be at most 10; got ${size}` }] };
        return { inputs: news };
    },
    async create(inputs) {
        return { id: `sized-${inputs.size}`, outs: inputs };
    },
    async diff(_id, olds, news) {
        return { changes: olds.size !== news.size };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async delete() {
        // nothing to remove
    },
};

class Sized extends pulumi.dynamic.Resource {
    constructor(name: string, size: number) {
        super(sizedProvider, name, { size }, undefined, "stress", "Sized");
    }
}

type Kind = "preview-refused" | "preview" | "up";
type Outcome = "ok" | "wrong-success" | "wrong-summary" | "guard-caught" | "unavailable" | "other-error";

interface Tally {
    load: number;
    runs: number;
    seconds: number;
    outcomes: Record<Outcome, number>;
    examples: string[];
}

// The per-run store of @pulumi/pulumi (internal): where the run's engine listens.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const runtimeState: { getStore(): { settings: { options: { monitorAddr?: string } } } } = require("@pulumi/pulumi/runtime/state");

/** Monitor addresses by the run that first used them: a failure on a reused one points at the subchannel pool. */
const monitorAddresses = new Map<string, number>();
let runCounter = 0;

/** One stack that cycles through the three kinds of run; `size` changes so that every up updates. */
class StressStack {
    private size = 1;
    private planned: { name: string; size: number }[] = [];
    lastMonitor = "";
    private constructor(readonly local: LocalStack) {}

    static async create(index: number): Promise<StressStack> {
        let self: StressStack | undefined;
        const local = await createLocalStack({
            projectName: `engine-stress-${index}`,
            program: async () => {
                const address = runtimeState.getStore().settings.options.monitorAddr ?? "?";
                self!.lastMonitor = address;
                if (!monitorAddresses.has(address)) monitorAddresses.set(address, runCounter);
                for (const r of self!.planned) new Sized(r.name, r.size);
            },
        });
        self = new StressStack(local);
        return self;
    }

    async run(kind: Kind): Promise<{ outcome: Outcome; detail?: string }> {
        const result = await this.runOnce(kind);
        if (result.outcome !== "ok") {
            const first = monitorAddresses.get(this.lastMonitor);
            result.detail = `${result.detail} [monitor ${this.lastMonitor}${first !== undefined && first < runCounter ? `, first used by run ${first}` : ""}]`;
        }
        return result;
    }

    private async runOnce(kind: Kind): Promise<{ outcome: Outcome; detail?: string }> {
        runCounter++;
        this.lastMonitor = "";
        const stack: Stack = this.local.stack;
        try {
            if (kind === "preview-refused") {
                this.planned = [{ name: "a", size: this.size }, { name: "b", size: 99 }];
                const result = await stack.preview();
                return { outcome: "wrong-success", detail: `a preview that had to fail at check succeeded: ${JSON.stringify(result.changeSummary)}` };
            }
            if (kind === "preview") {
                this.planned = [{ name: "a", size: this.size }];
                const result = await stack.preview();
                const seen = Object.entries(result.changeSummary).filter(([op]) => !op.startsWith("delete") && op !== "discard").reduce((sum, [, n]) => sum + (n ?? 0), 0);
                // The stack itself and resource a.
                if (seen < 2) return { outcome: "wrong-summary", detail: `preview summary ${JSON.stringify(result.changeSummary)} lacks a registered resource` };
                return { outcome: "ok" };
            }
            this.size = (this.size % 10) + 1;
            this.planned = [{ name: "a", size: this.size }];
            const result = await stack.up();
            const changes = result.summary.resourceChanges ?? {};
            const seen = Object.entries(changes).filter(([op]) => !op.startsWith("delete") && op !== "discard").reduce((sum, [, n]) => sum + (n ?? 0), 0);
            if (seen < 2 || result.outputs === undefined) return { outcome: "wrong-summary", detail: `up summary ${JSON.stringify(changes)} lacks a registered resource` };
            return { outcome: "ok" };
        } catch (error) {
            const text = error instanceof Error ? error.message : String(error);
            if (error instanceof EngineRunDisagreement) return { outcome: "guard-caught", detail: text };
            if (kind === "preview-refused" && /size must be at most 10; got 99/.test(text)) return { outcome: "ok" };
            if (/UNAVAILABLE|No connection established/.test(text)) return { outcome: "unavailable", detail: firstLines(text) };
            return { outcome: "other-error", detail: firstLines(text) };
        }
    }
}

function firstLines(text: string): string {
    const lines = text.split("\n").filter((line) => /error|UNAVAILABLE|fail/i.test(line));
    return (lines.length ? lines : text.split("\n")).slice(0, 3).join(" | ").slice(0, 400);
}

/** Busy processes that keep the cores occupied, as a loaded CI machine is. */
function startLoad(count: number): ChildProcess[] {
    // Each spins in slices and ends when this process is gone, even if it dies without cleaning up.
    const spinner = `const parent = ${process.pid}; (function spin() { const until = Date.now() + 200; while (Date.now() < until); try { process.kill(parent, 0); } catch { process.exit(0); } setImmediate(spin); })();`;
    return Array.from({ length: count }, () => spawn(process.execPath, ["-e", spinner], { stdio: "ignore" }));
}

async function runBatch(load: number, runs: number, stackCount: number): Promise<Tally> {
    const stacks = await Promise.all(Array.from({ length: stackCount }, (_, i) => StressStack.create(i)));
    const busy = startLoad(load);
    const tally: Tally = { load, runs: 0, seconds: 0, outcomes: { ok: 0, "wrong-success": 0, "wrong-summary": 0, "guard-caught": 0, unavailable: 0, "other-error": 0 }, examples: [] };
    const kinds: Kind[] = ["preview-refused", "preview", "up"];
    const started = performance.now();
    let next = 0;
    try {
        await Promise.all(
            stacks.map(async (s) => {
                while (next < runs) {
                    const kind = kinds[next++ % kinds.length];
                    const { outcome, detail } = await s.run(kind);
                    tally.runs++;
                    tally.outcomes[outcome]++;
                    if (outcome !== "ok") {
                        tally.examples.push(`run ${tally.runs} (${kind}): ${outcome}: ${detail}`);
                        process.stdout.write(`\n[stress] ${tally.examples.at(-1)}\n`);
                    }
                    if (tally.runs % 50 === 0) process.stdout.write(`[stress] load ${load}: ${tally.runs}/${runs} runs, ${tally.runs - tally.outcomes.ok} not ok\n`);
                }
            }),
        );
    } finally {
        for (const child of busy) child.kill("SIGKILL");
        tally.seconds = (performance.now() - started) / 1000;
        for (const s of stacks) {
            await s.local.stack.destroy().catch(() => undefined);
            await s.local.remove();
        }
    }
    return tally;
}

async function main(): Promise<void> {
    const runs = Number(process.env.STRESS_RUNS ?? 1000);
    const loads = numberList(process.env.STRESS_LOAD, [0, 2]);
    const stackCount = Number(process.env.STRESS_STACKS ?? 1);
    const guard = process.env.DECLARATIVE_BACKUPS_ENGINE_GUARD === "off" ? "off" : "on";
    console.log(`[stress] ${runs} engine runs per load (preview refused at check, preview, up, in turn), ${stackCount} stack(s) at once, ${os.cpus().length} cores, harness guard ${guard}`);
    const tallies: Tally[] = [];
    for (const load of loads) tallies.push(await runBatch(load, runs, stackCount));
    console.log("\n| busy processes | runs | ok | wrong success | wrong summary | caught by the guard | UNAVAILABLE | other error | s per run |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const t of tallies) {
        const o = t.outcomes;
        console.log(`| ${t.load} | ${t.runs} | ${o.ok} | ${o["wrong-success"]} | ${o["wrong-summary"]} | ${o["guard-caught"]} | ${o.unavailable} | ${o["other-error"]} | ${(t.seconds / Math.max(1, t.runs)).toFixed(2)} |`);
    }
    const failed = tallies.reduce((sum, t) => sum + t.runs - t.outcomes.ok, 0);
    process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
