import * as pulumi from "@pulumi/pulumi";
import type { OpMap, Stack } from "@pulumi/pulumi/automation";

/*
 * Inline programs run many engine runs in one Node process, and @pulumi/pulumi (3.276) leaves two
 * things behind after each run that make a later run fail or, worse, succeed wrongly
 * (pulumi/pulumi#7125 reports the symptom: "14 UNAVAILABLE: No connection established" on a later
 * run in the same process):
 *
 * 1. The run's gRPC clients to the engine (monitor and engine services) live in the run's own store
 *    and are never closed (`disconnectSync` closes only the process-wide ones). grpc-js shares
 *    subchannels between channels in a process-wide pool keyed by address, so a leaked client whose
 *    engine has exited keeps its subchannel reconnecting with backoff. When a later engine listens on
 *    the same ephemeral port, its new client is handed that subchannel in TRANSIENT_FAILURE, and the
 *    first call fails at once with UNAVAILABLE "No connection established. Last error: null".
 * 2. When that call is a RegisterResource, the SDK takes UNAVAILABLE for "the engine is shutting
 *    down" and stops quietly; the program then ends without error, having registered less than it
 *    declared, and the engine reports success (a preview that had to fail at `check` passes).
 *
 * The workaround: every client gets a subchannel pool of its own (grpc-js's documented
 * `grpc.use_local_subchannel_pool`), and the harness closes each run's clients once its engine
 * command has returned. The guard makes the wrong success loud: a run that the engine reports as
 * successful fails when the program's calls to the engine were cut, or when the engine's summary
 * holds fewer resources than the program declared.
 */

/** The parts of @pulumi/pulumi's per-run store the guard reads and closes. */
export interface RunStore {
    terminated: boolean;
    settings: { monitor?: { close(): void }; engine?: { close(): void } };
    callbacks?: { shutdown(): void };
}

// Internal modules of @pulumi/pulumi (not in its typings): the per-run store and the client options.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const runtimeState: { getStore(): RunStore } = require("@pulumi/pulumi/runtime/state");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const runtimeSettings: { grpcClientOptions: Record<string, unknown> } = require("@pulumi/pulumi/runtime/settings");

/** Whether the guard and the workaround are on (DECLARATIVE_BACKUPS_ENGINE_GUARD=off measures without them). */
export const engineGuardEnabled = process.env.DECLARATIVE_BACKUPS_ENGINE_GUARD !== "off";

let isolated = false;

/** Gives every gRPC client of the inline programs its own subchannel pool (once per process). */
export function isolateEngineChannels(): void {
    if (isolated || !engineGuardEnabled) return;
    runtimeSettings.grpcClientOptions["grpc.use_local_subchannel_pool"] = 1;
    isolated = true;
}

/** What one run of the program did, seen from inside it. */
export interface ProgramRun {
    store: RunStore;
    declared: string[];
}

/** Raised when the engine reports success for a run that cannot have succeeded. */
export class EngineRunDisagreement extends Error {
    constructor(message: string) {
        super(message);
        this.name = "EngineRunDisagreement";
    }
}

/**
 * Wraps an inline program so that each run records its store and every resource it declares, and
 * wraps the stack's `preview` and `up` to check the engine's answer against that record and to
 * close the run's clients.
 */
export class EngineRunGuard {
    private runs: ProgramRun[] = [];
    private finished: ProgramRun[] = [];

    /** The program to give the engine. */
    wrap<T>(program: () => Promise<T>): () => Promise<T> {
        if (!engineGuardEnabled) return program;
        return async () => {
            const run: ProgramRun = { store: runtimeState.getStore(), declared: [] };
            this.runs.push(run);
            // The in-process (deprecated) transformation, not registerResourceTransform: that one
            // runs through a callback gRPC server per run, more of the machinery this guards.
            pulumi.runtime.registerStackTransformation((args) => {
                run.declared.push(`${args.type}::${args.name}`);
                return undefined;
            });
            return program();
        };
    }

    /** Replaces `stack.preview` and `stack.up` with guarded ones. */
    guard(stack: Stack): void {
        if (!engineGuardEnabled) return;
        const preview = stack.preview.bind(stack);
        const up = stack.up.bind(stack);
        stack.preview = async (...args: Parameters<Stack["preview"]>) => {
            const { result, run } = await this.command(() => preview(...args));
            if (run) verifyEngineRun("preview", run, result.changeSummary);
            return result;
        };
        stack.up = async (...args: Parameters<Stack["up"]>) => {
            const { result, run } = await this.command(() => up(...args));
            if (run) verifyEngineRun("up", run, result.summary.resourceChanges ?? {});
            return result;
        };
    }

    /**
     * Runs an engine command and returns the last program run it made (none for an up that only
     * refreshes). The clients of earlier commands' runs are closed first: not at once, since a run
     * whose engine bailed out may still be settling its last calls when the command returns.
     */
    private async command<T>(command: () => Promise<T>): Promise<{ result: T; run?: ProgramRun }> {
        for (const run of this.finished) closeRunClients(run.store);
        this.finished = [];
        const started = this.runs.length;
        try {
            const result = await command();
            return { result, run: this.runs.length > started ? this.runs[this.runs.length - 1] : undefined };
        } finally {
            this.finished = this.runs.splice(started);
        }
    }
}

/** Throws when the engine's successful answer disagrees with what the program run did. */
export function verifyEngineRun(operation: string, run: ProgramRun, summary: OpMap): void {
    if (run.store.terminated) {
        throw new EngineRunDisagreement(
            `${operation} reported success, but the program's calls to the engine failed (UNAVAILABLE or CANCELLED): the result cannot be trusted. Declared: ${run.declared.join(", ") || "nothing"}`,
        );
    }
    // Every declared resource and the stack itself take one step that is not a deletion.
    const kept = Object.entries(summary)
        .filter(([op]) => !op.startsWith("delete") && op !== "discard" && op !== "discard-replaced")
        .reduce((sum, [, count]) => sum + (count ?? 0), 0);
    if (kept < run.declared.length + 1) {
        throw new EngineRunDisagreement(
            `${operation} reported success, but its summary ${JSON.stringify(summary)} holds ${kept} resource(s) where the program declared ${run.declared.length} and the stack: ${run.declared.join(", ")}`,
        );
    }
}

function closeRunClients(store: RunStore): void {
    for (const client of [store.settings.monitor, store.settings.engine]) {
        try {
            client?.close();
        } catch {
            // already closed
        }
    }
    store.settings.monitor = undefined;
    store.settings.engine = undefined;
}
