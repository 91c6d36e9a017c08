import { subscriptionIdOf } from "./armPath";
import type { Stage } from "../pipeline/stage";

/** ARM's per-subscription hourly budgets, as the remaining-quota headers count them down. */
export const ARM_HOURLY_QUOTA = { read: 12000, write: 1200, delete: 15000 } as const;

const WINDOW_MS = 60 * 60 * 1000;

/** Per-subscription remaining read/write/delete budgets within a rolling one-hour window. */
export class ArmQuota {
    private readonly windows = new Map<string, { startedMs: number; used: Record<keyof typeof ARM_HOURLY_QUOTA, number> }>();

    /** Counts one request and returns what remains of its bucket (never below zero). */
    consume(subscriptionId: string, kind: keyof typeof ARM_HOURLY_QUOTA, nowMs = Date.now()): number {
        const key = subscriptionId.toLowerCase();
        let window = this.windows.get(key);
        if (!window || nowMs - window.startedMs >= WINDOW_MS) {
            window = { startedMs: nowMs, used: { read: 0, write: 0, delete: 0 } };
            this.windows.set(key, window);
        }
        window.used[kind]++;
        return Math.max(0, ARM_HOURLY_QUOTA[kind] - window.used[kind]);
    }

    /** Forgets all windows. */
    reset(): void {
        this.windows.clear();
    }
}

/**
 * Stage: on ARM requests that name a subscription, sets `x-ms-ratelimit-remaining-subscription-reads`,
 * `-writes` or `-deletes` by method, as ARM does. The budget is informational: running out does not
 * throttle (use a 429 fault for that).
 */
export function armQuotaStage(quota: ArmQuota): Stage {
    return async (context, next) => {
        const subscriptionId = context.surface === "arm" ? subscriptionIdOf(context.segments) : undefined;
        if (subscriptionId !== undefined) {
            const kind = operationKindOf(context.method);
            context.res.setHeader(`x-ms-ratelimit-remaining-subscription-${kind}s`, String(quota.consume(subscriptionId, kind)));
        }
        await next();
    };
}

/** ARM's quota bucket of a method: `read`, `write` or `delete`. */
export function operationKindOf(method: string): keyof typeof ARM_HOURLY_QUOTA {
    const upper = method.toUpperCase();
    if (upper === "GET" || upper === "HEAD") return "read";
    return upper === "DELETE" ? "delete" : "write";
}
