/**
 * Shapes exchanged over the shared part of the control API (`/_emulator/...`), used by the server's
 * routes and the control client. Type-only re-exports keep the client free of server code at run
 * time; each service keeps its own shapes beside its control routes.
 */
export type { FaultKind, FaultRule, FaultRuleInput } from "../platform/faults/faultRule";
export type { RequestCounts, RequestLogEntry, RequestLogSummary } from "../platform/diagnostics/requestLog";
export type { ArmResourceModel, ResourceGroupModel, SubscriptionModel } from "../platform/state/models";
export type { StoreSnapshot } from "../platform/state/store";

/** Body of `PUT /_emulator/subscriptions/{id}`. */
export interface SubscriptionSeed {
    displayName?: string;
    /** Owning tenant; defaults to the pre-registered principal's. */
    tenantId?: string;
}

/** Body of `PUT /_emulator/subscriptions/{id}/resourceGroups/{name}`. */
export interface ResourceGroupSeed {
    /** Defaults to `westeurope`. */
    location?: string;
}

/** Body of `PUT /_emulator/auth`. */
export interface AuthSettingsUpdate {
    /** Lifetime of tokens issued from now on. */
    tokenLifetimeSeconds?: number;
    /** Server clock offset from real time (positive: ahead), applied to issuing and validating tokens. */
    clockSkewSeconds?: number;
}

/** Answer of `GET`/`PUT /_emulator/auth`. */
export interface AuthSettings {
    tokenLifetimeSeconds: number;
    clockSkewSeconds: number;
    /** Access tokens issued since start or the last reset. */
    tokensIssued: number;
    /** The server's current time (real time plus skew), ISO. */
    serverTime: string;
}

/** Answer of `GET /_emulator/health`. */
export interface HealthStatus {
    status: "ok";
    url: string;
}

/** Answer of the control API's DELETE routes. */
export interface DeleteResult {
    deleted: number;
}
