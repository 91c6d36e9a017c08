/**
 * The server's notion of "now": real time plus a skew the control API can set, so a test can move
 * the server past a live token's expiry without waiting.
 */
export class Clock {
    private skewMs = 0;

    /** Current server time in milliseconds since the epoch. */
    nowMs(): number {
        return Date.now() + this.skewMs;
    }

    /** Current server time in whole seconds since the epoch (JWT `NumericDate`). */
    nowSeconds(): number {
        return Math.floor(this.nowMs() / 1000);
    }

    /** Current server time as a Date. */
    now(): Date {
        return new Date(this.nowMs());
    }

    /** Skew in seconds (positive: the server runs ahead of real time). */
    get skewSeconds(): number {
        return this.skewMs / 1000;
    }

    set skewSeconds(seconds: number) {
        this.skewMs = Math.round(seconds * 1000);
    }
}

/** Formats a time the way ARM's .NET services print UTC times in messages: `11/22/2025 5:07:03 AM`. */
export function formatDotNetUtc(date: Date): string {
    const hours = date.getUTCHours();
    const hour12 = hours % 12 === 0 ? 12 : hours % 12;
    const pad = (n: number) => String(n).padStart(2, "0");
    return (
        `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ` +
        `${hour12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? "AM" : "PM"}`
    );
}
