import type { ForcedOutcome, ForcedOutcomeInput, ForcedStatus, OutcomeKind } from "../forcedOutcomes";
import type { SyncanoBehaviour } from "../behaviour";
import type { BackupKind, BackupStatus, QueryArgs, RestoreStatus } from "../state/models";
import type { ObjectType, SyncanoObject } from "../state/objectTypes";
import type { SyncanoRequestSummary } from "../http/syncanoRequestLog";
import type { FaultRule, FaultRuleInput } from "../../../platform/faults/faultRule";

/** Body of `PUT /_emulator/syncano/accounts/{email}` (with the email: what `putAccount` takes). */
export interface SyncanoAccountSeed {
    email: string;
    /** 40 hex characters; generated (with the platform's account-key parity) when absent. */
    apiKey?: string;
    firstName?: string;
    lastName?: string;
    /** This account's backup limit; default the emulator's (25). */
    backupsPerAccount?: number;
}

/** An account as the control API shows it. */
export interface SyncanoAccountModel {
    id: number;
    email: string;
    apiKey: string;
    firstName: string;
    lastName: string;
    backupsPerAccount?: number;
}

/** Objects by type as the control API takes them: ids assigned when absent; names needed for types looked up by name. */
export type ObjectsSeed = Partial<Record<ObjectType, Array<Record<string, unknown>>>>;

/** An instance as the control API shows it: what tests assert a restore against. */
export interface InstanceState {
    name: string;
    /** The owner's email. */
    owner: string;
    /** Every type, possibly empty. */
    objects: Record<ObjectType, SyncanoObject[]>;
}

/** A backup as the control API shows it (the archive URL included). */
export interface SyncanoBackupModel {
    id: number;
    kind: BackupKind;
    /** Null once the instance is deleted. */
    instance: string | null;
    /** The owner's email. */
    owner: string;
    status: BackupStatus;
    statusInfo: string;
    label: string;
    description: string;
    metadata: Record<string, unknown>;
    /** Partial backups only. */
    queryArgs?: QueryArgs;
    /** Download URL of a successful partial backup's archive. */
    archive?: string;
    size: number | null;
    details: Record<string, unknown>;
    createdAt: string;
    updatedAt: string;
}

/** A restore as the control API shows it. */
export interface SyncanoRestoreModel {
    id: number;
    backup: number;
    instance: string;
    owner: string;
    status: RestoreStatus;
    statusInfo: string;
    createdAt: string;
    updatedAt: string;
}

export type {
    BackupKind,
    BackupStatus,
    FaultRule,
    FaultRuleInput,
    ForcedOutcome,
    ForcedOutcomeInput,
    ForcedStatus,
    ObjectType,
    OutcomeKind,
    QueryArgs,
    RestoreStatus,
    SyncanoBehaviour,
    SyncanoObject,
    SyncanoRequestSummary,
};
