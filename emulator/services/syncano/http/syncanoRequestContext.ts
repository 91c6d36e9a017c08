import type { FaultKind } from "../../../platform/faults/faultRule";
import { RequestContext } from "../../../platform/pipeline/requestContext";
import type { RouteDefinition } from "../../../platform/pipeline/router";
import type { AccountRecord, InstanceRecord } from "../state/models";
import type { ApiRequest, ApiResult } from "./apiRoute";

/** Which part of the server a request is for. */
export type SyncanoSurface = "api" | "archive" | "control";

/** What the Syncano pipeline's stages know about one request; stages fill in the mutable parts. */
export class SyncanoRequestContext extends RequestContext {
    /** Set by the route lookup. */
    syncanoSurface: SyncanoSurface = "api";
    /** `v1`, `v1.1` or `v2`, for API routes. */
    apiVersion?: string;
    /** The matched API route and its path parameters. */
    route?: RouteDefinition<(request: ApiRequest) => ApiResult>;
    params: Record<string, string> = {};
    /** Methods the path allows, when it matched but the method did not. */
    allowedMethods?: string[];
    /** The instance named in the path, once looked up. */
    instance?: InstanceRecord;
    /** The authenticated account. */
    account?: AccountRecord;
    /** Why the request was throttled (counted apart from injected 429s). */
    isThrottled = false;
    /** Kind of fault injected into this request, if any. */
    syncanoFault?: FaultKind;
}

/** One step of the Syncano pipeline: does its job, then calls `next` (or answers and stops). */
export type SyncanoStage = (context: SyncanoRequestContext, next: () => Promise<void>) => Promise<void>;

/** Chains stages into one function; the first stage is the outermost. */
export function composeSyncanoStages(stages: readonly SyncanoStage[]): (context: SyncanoRequestContext) => Promise<void> {
    return (context) => {
        const run = (index: number): Promise<void> => {
            const stage = stages[index];
            return stage ? stage(context, () => run(index + 1)) : Promise.resolve();
        };
        return run(0);
    };
}
