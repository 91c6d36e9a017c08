import type { RequestContext } from "./requestContext";

/** One step of the request pipeline: does its job, then calls `next` (or answers and stops). */
export type Stage = (context: RequestContext, next: () => Promise<void>) => Promise<void>;

/** Chains stages into one function; the first stage is the outermost. */
export function composeStages(stages: readonly Stage[]): (context: RequestContext) => Promise<void> {
    return (context) => {
        const run = (index: number): Promise<void> => {
            const stage = stages[index];
            return stage ? stage(context, () => run(index + 1)) : Promise.resolve();
        };
        return run(0);
    };
}
