import { setTimeout as delay } from "node:timers/promises";
import { subscriptionIdOf } from "../protocol/armPath";
import type { Stage } from "../pipeline/stage";
import type { FaultInjector } from "./faultInjector";
import { FAULT_DEFAULTS } from "./faultRule";
import { faultError } from "./faultResponses";

/**
 * Stage: asks the injector whether this request gets a fault, then delays it (latency), drops the
 * connection without an answer (reset), or answers 429/500/503 instead of the real route.
 */
export function faultStage(injector: FaultInjector): Stage {
    return async (context, next) => {
        if (context.surface === "control") return next();
        const rule = injector.pick({ method: context.method, path: context.path, isArm: context.surface === "arm" });
        if (!rule) return next();
        context.injectedFault = rule.kind;
        switch (rule.kind) {
            case "latency":
                await delay(rule.latencyMs ?? FAULT_DEFAULTS.latencyMs);
                return next();
            case "reset":
                // What a dropped connection looks like to a client: no status line at all.
                context.req.socket.destroy();
                return;
            default:
                throw faultError(rule, {
                    surface: context.surface,
                    method: context.method,
                    subscriptionId: subscriptionIdOf(context.segments),
                    correlationId: context.header("client-request-id"),
                });
        }
    };
}
