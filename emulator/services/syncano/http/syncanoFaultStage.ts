import { setTimeout as delay } from "node:timers/promises";
import type { FaultInjector } from "../../../platform/faults/faultInjector";
import { FAULT_DEFAULTS } from "../../../platform/faults/faultRule";
import { dropAnswer } from "../../../platform/faults/faultStage";
import { serverError, serviceUnavailable, throttled } from "../syncanoErrors";
import type { SyncanoStage } from "./syncanoRequestContext";

/**
 * Stage: asks the shared fault injector whether this API or archive request gets a fault (rules
 * without a `pathPattern` apply to every such request), then answers in the platform's dialect:
 * 429 as its throttle does, 500 as Django's error page, 503 with Retry-After; or delays it
 * (latency), drops the connection (reset), or drops it after the route has acted (resetAfter).
 */
export function syncanoFaultStage(injector: FaultInjector): SyncanoStage {
    return async (context, next) => {
        if (context.syncanoSurface === "control") return next();
        const rule = injector.pick({ method: context.method, path: context.path, isArm: true });
        if (!rule) return next();
        context.syncanoFault = rule.kind;
        const retryAfter = rule.retryAfterSeconds ?? FAULT_DEFAULTS.retryAfterSeconds;
        switch (rule.kind) {
            case "latency":
                await delay(rule.latencyMs ?? FAULT_DEFAULTS.latencyMs);
                return next();
            case "reset":
                context.req.socket.destroy();
                return;
            case "resetAfter":
                dropAnswer(context.res, () => context.req.socket.destroy());
                return next();
            case "429":
                throw throttled(retryAfter);
            case "503":
                throw serviceUnavailable(retryAfter);
            default:
                throw serverError();
        }
    };
}
