/**
 * Microsecond timestamps, as the platform stores them: strictly increasing within the process, so a
 * record's `created_at` and `updated_at` differ even when written in the same millisecond.
 */
export class MicrosecondClock {
    private lastUs = 0;

    /** Microseconds since the epoch, greater than any value returned before. */
    nowUs(): number {
        const now = Math.floor((performance.timeOrigin + performance.now()) * 1000);
        this.lastUs = Math.max(now, this.lastUs + 1);
        return this.lastUs;
    }
}

/** Formats microseconds since the epoch as the platform's DATETIME_FORMAT, `%Y-%m-%dT%H:%M:%S.%fZ`. */
export function formatSyncanoTime(microseconds: number): string {
    const millis = Math.floor(microseconds / 1000);
    const fraction = String(microseconds % 1_000_000).padStart(6, "0");
    return new Date(millis).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}
