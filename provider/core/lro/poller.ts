import { delay } from "../util/delay";

const maxTimerMs = 2 ** 31 - 1;

/** One observation of an operation: its state, and how long the server asked us to wait before the next look. */
export interface PollStep<TState> {
    state: TState;
    retryAfterMs?: number;
}

/** Everything `pollUntilDone` needs; nothing in it knows about HTTP. */
export interface PollUntilDoneOptions<TState> {
    /** What the first answer said. */
    initial: PollStep<TState>;
    /** Looks at the operation once more. */
    poll(state: TState, signal: AbortSignal): Promise<PollStep<TState>>;
    isDone(state: TState): boolean;
    /** Overall budget, counted from the call. */
    deadlineMs: number;
    /** Wait between polls when the server names none. */
    intervalMs: number;
    /** Longest wait between polls, whatever the server asks. */
    maxIntervalMs: number;
    /** Builds the error thrown when the deadline passes first. */
    deadlineError(state: TState, waitedMs: number): Error;
    onProgress?(state: TState): void;
    signal?: AbortSignal;
}

/**
 * Polls until `isDone`, waiting what the server asks (else `intervalMs`, at most `maxIntervalMs`)
 * between looks. The deadline covers the waits and the polls: when it passes, the wait or the poll in
 * flight is cut short and `deadlineError` is thrown with the last known state. The caller's signal
 * aborts with its own reason.
 */
export async function pollUntilDone<TState>(options: PollUntilDoneOptions<TState>): Promise<TState> {
    const started = performance.now();
    // Timers overflow past 2^31-1 ms (about 24.8 days) and would fire at once.
    const deadline = AbortSignal.timeout(Math.min(Math.max(0, options.deadlineMs), maxTimerMs));
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let step = options.initial;
    try {
        while (!options.isDone(step.state)) {
            await delay(Math.min(step.retryAfterMs ?? options.intervalMs, options.maxIntervalMs), signal);
            step = await options.poll(step.state, signal);
            options.onProgress?.(step.state);
        }
        return step.state;
    } catch (error) {
        if (deadline.aborted && !options.signal?.aborted) throw options.deadlineError(step.state, performance.now() - started);
        throw error;
    }
}
