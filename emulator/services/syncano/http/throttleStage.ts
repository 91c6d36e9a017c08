import { throttled } from "../syncanoErrors";
import type { SyncanoStage } from "./syncanoRequestContext";

const WINDOW_MS = 1000;

/** Requests per account in the last second, as Django REST framework's rate throttles count them. */
export class AccountThrottle {
    private readonly history = new Map<number, number[]>();

    /** Records a request of the account and answers true, or answers false when it is over the rate (not recorded). */
    allow(accountId: number, perSecond: number, nowMs = Date.now()): boolean {
        const recent = (this.history.get(accountId) ?? []).filter((time) => time > nowMs - WINDOW_MS);
        if (recent.length >= perSecond) {
            this.history.set(accountId, recent);
            return false;
        }
        recent.push(nowMs);
        this.history.set(accountId, recent);
        return true;
    }

    clear(): void {
        this.history.clear();
    }
}

/** Stage, after auth: 429 "Request was throttled. Expected available in N second(s)." with `Retry-After` over the account's rate. */
export function throttleStage(throttle: AccountThrottle, settings: () => { throttlePerSecond: number; retryAfterSeconds: number }): SyncanoStage {
    return async (context, next) => {
        if (context.syncanoSurface !== "api" || !context.account) return next();
        const { throttlePerSecond, retryAfterSeconds } = settings();
        if (!throttle.allow(context.account.id, throttlePerSecond)) {
            context.isThrottled = true;
            throw throttled(retryAfterSeconds);
        }
        await next();
    };
}
