/**
 * Runs the background steps of emulated operations (backup phases, deletions, restores) after a
 * delay, and cancels whatever is pending on reset or close. Timers never keep the process alive,
 * and a step that throws is reported, not fatal: it is an emulator bug, not the client's problem.
 */
export class Scheduler {
    private readonly timers = new Set<NodeJS.Timeout>();
    private readonly running = new Set<Promise<void>>();

    constructor(private readonly report: (message: string) => void = (m) => process.stderr.write(m + "\n")) {}

    /** Runs `step` after `delayMs`. */
    after(delayMs: number, step: () => void | Promise<void>): void {
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            const run = Promise.resolve()
                .then(step)
                .catch((error: unknown) => this.report(`emulator: background step failed: ${(error as Error)?.stack ?? error}`))
                .finally(() => this.running.delete(run));
            this.running.add(run);
        }, delayMs);
        timer.unref();
        this.timers.add(timer);
    }

    /** Cancels pending steps; steps already running finish (they re-check state before writing). */
    cancelAll(): void {
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
    }

    /** Cancels pending steps and waits for running ones. */
    async close(): Promise<void> {
        this.cancelAll();
        await Promise.allSettled([...this.running]);
    }
}
