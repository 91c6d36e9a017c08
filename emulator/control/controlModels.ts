/**
 * Shapes exchanged over the control API (`/_emulator/...`), shared by the server's routes and
 * {@link EmulatorControl}. Type-only re-exports keep the client free of server code at run time.
 */
import type { SiteContent } from "../platform/state/models";

export type { FaultKind, FaultRule, FaultRuleInput } from "../platform/faults/faultRule";
export type { RequestCounts, RequestLogEntry, RequestLogSummary } from "../platform/diagnostics/requestLog";
export type {
    ArmResourceModel,
    BackupConfigurationModel,
    BackupItemModel,
    BackupItemProperties,
    BackupItemStatus,
    BackupRequestProperties,
    SiteContent,
    ResourceGroupModel,
    SiteModel,
    SlotModel,
    SubscriptionModel,
} from "../platform/state/models";
export type { StoreSnapshot } from "../platform/state/store";
export type { AppServiceBehaviour } from "../services/appservice/behaviour";
export type { ForcedOutcome, ForcedOutcomeInput, OutcomeKind } from "../services/appservice/forcedOutcomes";
export type { StoredBackupList } from "../services/appservice/control/appServiceControlHandler";

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

/** Body of `PUT .../sites/{name}` and `.../slots/{slot}`. */
export interface SiteSeed {
    /** Defaults to the resource group's (for a slot: the site's) location. */
    location?: string;
    /** Defaults to `app`. */
    kind?: string;
    tags?: Record<string, string>;
    /** Files and app settings the site serves (what backups capture); either map may be omitted. */
    content?: Partial<SiteContent>;
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
