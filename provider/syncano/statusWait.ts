import { formatDuration } from "../core/errors";
import type { Logger } from "../core/log";
import { pollUntilDone } from "../core/lro/poller";
import { resolvePollIntervalMs } from "../core/lro/pollInterval";
import { SyncanoDeadlineError } from "./syncanoError";

// Between progress lines while the status stays the same, so a long wait still shows signs of life.
const quietProgressMs = 30_000;
// Syncano sends no Retry-After on a running backup: never wait longer than this between looks.
const maxPollIntervalMs = 30_000;

/** Options of {@link waitForStatus}. */
export interface WaitForStatusOptions<T> {
    /** Names the thing in progress lines and errors: `backup #12 of instance "shop"`. */
    label: string;
    /** What is known already (the POST's answer); undefined to look first. */
    first?: T;
    /** Looks once more; undefined when the thing no longer exists. */
    fetch(signal: AbortSignal): Promise<T | undefined>;
    /** The status to report for a state. */
    statusOf(state: T | undefined): string;
    isDone(state: T | undefined): boolean;
    /** Epoch ms when the wait must end. */
    deadlineAt: number;
    /** The whole budget, for the error's words. */
    deadlineMs: number;
    /** Added to the deadline error: what to do next. */
    deadlineHint: string;
    log: Logger;
}

/**
 * Waits through the shared poller (its deadline, abort, interval: DECLARATIVE_BACKUPS_POLL_INTERVAL_MS)
 * until `isDone`, logging `<label>: <status> after <time>` when the status changes and every 30 s
 * otherwise. Throws SyncanoDeadlineError when the deadline passes first.
 */
export async function waitForStatus<T>(options: WaitForStatusOptions<T>): Promise<T | undefined> {
    const started = performance.now();
    let lastStatus = options.first === undefined ? undefined : options.statusOf(options.first);
    let lastLineAt = started;
    const report = (state: T | undefined): void => {
        const status = options.statusOf(state);
        const now = performance.now();
        if (status === lastStatus && now - lastLineAt < quietProgressMs) return;
        lastStatus = status;
        lastLineAt = now;
        options.log.info(`${options.label}: ${status} after ${formatDuration(now - started)}`);
    };
    const looked = options.first !== undefined;
    if (looked && options.isDone(options.first)) return options.first;
    if (looked) options.log.info(`${options.label}: ${lastStatus}; waiting up to ${formatDuration(Math.max(0, options.deadlineAt - Date.now()))}`);
    const last = await pollUntilDone<{ item?: T; looked: boolean }>({
        initial: { state: { item: options.first, looked }, retryAfterMs: looked ? undefined : 0 },
        poll: async (_state, signal) => ({ state: { item: await options.fetch(signal), looked: true } }),
        isDone: (state) => state.looked && options.isDone(state.item),
        deadlineMs: Math.max(0, options.deadlineAt - Date.now()),
        intervalMs: resolvePollIntervalMs(),
        maxIntervalMs: maxPollIntervalMs,
        deadlineError: (state, waitedMs) =>
            new SyncanoDeadlineError({ what: options.label, status: options.statusOf(state.item), deadlineMs: options.deadlineMs, waitedMs: Math.max(waitedMs, performance.now() - started), hint: options.deadlineHint }),
        onProgress: (state) => report(state.item),
    });
    return last.item;
}
