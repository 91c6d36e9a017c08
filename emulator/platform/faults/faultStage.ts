import type { ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { subscriptionIdOf } from "../arm/armPath";
import type { Stage } from "../pipeline/stage";
import type { FaultInjector } from "./faultInjector";
import { FAULT_DEFAULTS } from "./faultRule";
import { faultError } from "./faultResponses";

/** Makes the response's first write drop the connection instead, so nothing of the answer leaves. */
export function dropAnswer(res: ServerResponse, drop: () => void): void {
    const swallow = function (this: ServerResponse) {
        drop();
        return this;
    };
    res.writeHead = swallow as unknown as ServerResponse["writeHead"];
    res.end = swallow as unknown as ServerResponse["end"];
    res.write = (() => (drop(), false)) as unknown as ServerResponse["write"];
}

/**
 * Stage: asks the injector whether this request gets a fault, then delays it (latency), drops the
 * connection without an answer (reset; resetAfter once the route has acted), or answers 429/500/503 instead of the real route.
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
            case "resetAfter":
                // The route runs and acts, then the connection drops before its answer: the client
                // cannot tell whether a POST took effect (the case that must not duplicate backups).
                dropAnswer(context.res, () => context.req.socket.destroy());
                return next();
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
