import { processShared } from "./processShared";

/**
 * Runs work with at most `limit` tasks at once per key (per vault, say), process-wide: the engine runs
 * many resources in parallel in one provider process, and a service that throttles per resource
 * answers 429s long before it answers errors. Waiters are served in arrival order.
 */
export class KeyedConcurrencyLimit {
    private readonly lanes = new Map<string, { running: number; waiting: Array<() => void> }>();

    constructor(private readonly limit: number) {}

    /** Runs `work` once a slot for `key` (compared case-insensitively) is free. */
    async run<T>(key: string, work: () => Promise<T>): Promise<T> {
        const id = key.toLowerCase();
        let lane = this.lanes.get(id);
        if (!lane) this.lanes.set(id, (lane = { running: 0, waiting: [] }));
        if (lane.running >= this.limit) await new Promise<void>((resolve) => lane!.waiting.push(resolve));
        lane.running++;
        try {
            return await work();
        } finally {
            lane.running--;
            const next = lane.waiting.shift();
            if (next) next();
            else if (lane.running === 0) this.lanes.delete(id);
        }
    }

    /** Tasks running now for `key` (for tests and progress lines). */
    running(key: string): number {
        return this.lanes.get(key.toLowerCase())?.running ?? 0;
    }
}

/** Environment variable that sets the per-vault limit (default 4). */
export const vaultConcurrencyEnvVar = "DECLARATIVE_BACKUPS_VAULT_CONCURRENCY";

/** The process-wide limit on concurrent requests per Recovery Services vault. */
export function vaultConcurrency(): KeyedConcurrencyLimit {
    return processShared("vaultConcurrency.v1", () => {
        const configured = Number(process.env[vaultConcurrencyEnvVar]);
        return new KeyedConcurrencyLimit(Number.isInteger(configured) && configured > 0 ? configured : 4);
    });
}
