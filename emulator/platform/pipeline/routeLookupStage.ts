import type { Router } from "./router";
import type { Stage } from "./stage";

/** First path segment of the control API. */
export const CONTROL_PREFIX = "_emulator";

/** Options of {@link routeLookupStage}. */
export interface RouteLookupStageOptions {
    tokenRouter: Router<unknown>;
    armRouter: Router<unknown>;
}

/**
 * Stage: decides which API a request belongs to (control, token authority or ARM) and names its
 * operation, before anything else looks at it: logging, faults and auth depend on both.
 */
export function routeLookupStage(options: RouteLookupStageOptions): Stage {
    return async (context, next) => {
        if (context.segments[0]?.toLowerCase() === CONTROL_PREFIX) {
            context.surface = "control";
            return next();
        }
        const token = options.tokenRouter.lookup(context.method, context.segments);
        if (token.kind !== "notFound") {
            context.surface = "token";
            if (token.kind === "matched") context.operation = token.route.operation;
            return next();
        }
        context.surface = "arm";
        const arm = options.armRouter.lookup(context.method, context.segments);
        if (arm.kind === "matched") context.operation = arm.route.operation;
        await next();
    };
}
