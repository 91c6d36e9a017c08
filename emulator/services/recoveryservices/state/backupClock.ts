import type { Clock } from "../../../platform/clock";

/**
 * Azure Backup's notion of "now": the server clock plus an offset of its own. Scheduled backups,
 * operation durations and soft-delete purges run on it, so a test can move it days ahead to see
 * backups run and deleted items purged without moving the clock bearer tokens are checked against.
 */
export class BackupClock {
    private offsetMs = 0;

    constructor(private readonly server: Clock) {}

    /** Current backup time in milliseconds since the epoch. */
    nowMs(): number {
        return this.server.nowMs() + this.offsetMs;
    }

    /** How far this clock runs ahead of the server clock, in milliseconds. */
    get aheadMs(): number {
        return this.offsetMs;
    }

    /** Moves the clock forward (never back: a backup that ran cannot un-run). */
    advance(ms: number): void {
        if (ms > 0) this.offsetMs += ms;
    }

    /** Back to the server clock. */
    reset(): void {
        this.offsetMs = 0;
    }
}
