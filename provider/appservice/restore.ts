import * as pulumi from "@pulumi/pulumi";
import { getArmClient } from "../core/arm/armClient";
import { isArmError } from "../core/arm/armError";
import { blobNameProblem } from "../core/storage/storageNames";
import { InputChecker, isUnknown, unknownValue, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { diffFields, type FieldDiffResult } from "../core/diff/fieldDiff";
import { pollArmOperation } from "../core/lro/armOperation";
import { pollUntilDone, type PollStep } from "../core/lro/poller";
import { createLogger, type Logger } from "../core/log";
import { fingerprint, registerSecret } from "../core/redact/sanitizer";
import { parseContainerSasUrl, validateContainerSasUrl } from "../core/sas/containerSasUrl";
import { backupPath, getBackupStatus, parseBackupId, startRestore, type DatabaseBackupSetting, type RestoreRequestProperties } from "./api";
import { checkDatabasesInput, checkStorageAccountUrlInput, databaseIdentities, databaseOutputs, type DatabaseOutput } from "./backupInputs";
import type { BackupScheduleDatabaseArgs, SiteReferenceArgs } from "./backupSchedule";
import { progressReporter, resolvePollIntervalMs, statusOf } from "./backupWait";
import { checkSiteInput } from "./siteInput";
import { formatSiteId, parseSiteId, sameSiteId, type SiteRef } from "./siteRef";

/** Version of the outputs' shape; a stale version in state makes `diff` ask for an update that rewrites it. */
export const restoreSchemaVersion = 1;

/** Default of `deadlineMinutes`. */
export const defaultRestoreDeadlineMinutes = 60;

/** A database to restore with the app. */
export type RestoreDatabaseArgs = BackupScheduleDatabaseArgs;

/**
 * Inputs of {@link Restore}. Give the backup as `backupId`, or as `site` (or `siteId`) with
 * `backupNumber`; the target as `targetSiteId` or `targetSite`, or not at all for the backup's own app.
 */
export interface RestoreArgs {
    /** ARM id of the backup (`…/sites/{app}/backups/{number}`), e.g. a `Backup`'s `backupId` output. */
    backupId?: pulumi.Input<string>;
    /** ARM id of the app or slot the backup belongs to, with `backupNumber`. */
    siteId?: pulumi.Input<string>;
    /** The app or slot the backup belongs to, by its parts, with `backupNumber`. */
    site?: pulumi.Input<SiteReferenceArgs>;
    /** The backup's number (`BackupItem.id`), with `site` or `siteId`. */
    backupNumber?: pulumi.Input<number>;
    /** Container SAS URL with read permission where the backup blob is (secret: state keeps its fingerprint only). */
    storageAccountUrl: pulumi.Input<string>;
    /** ARM id of the app or slot to restore into; default the backup's own app. */
    targetSiteId?: pulumi.Input<string>;
    /** The app or slot to restore into, by its parts. */
    targetSite?: pulumi.Input<SiteReferenceArgs>;
    /**
     * Required, as a statement of intent: true to replace the content of the backup's own app, false
     * to restore into another app.
     */
    overwrite: pulumi.Input<boolean>;
    /** Databases to restore (connection strings are secrets: only fingerprints are kept). */
    databases?: pulumi.Input<pulumi.Input<RestoreDatabaseArgs>[]>;
    /** Restore even when the backup's custom host names are in use elsewhere (default false). */
    ignoreConflictingHostNames?: pulumi.Input<boolean>;
    /** Leave the databases alone (default false). */
    ignoreDatabases?: pulumi.Input<boolean>;
    /** The backup blob to restore; default the backup's own. */
    blobName?: pulumi.Input<string>;
    /** How long `up` waits for the restore (default 60, at most 1440). */
    deadlineMinutes?: pulumi.Input<number>;
    /** Any values; a change restores again. */
    triggers?: pulumi.Input<unknown[]>;
}

/** Outputs of {@link Restore}: what was restored where and when; secrets only as fingerprints. */
export interface RestoreOutputs {
    schemaVersion: number;
    resourceName: string;
    /** ARM id of the restored backup. */
    backupId: string;
    sourceSiteId: string;
    backupNumber: number;
    /** The restored backup's name. */
    backupName: string;
    blobName: string;
    targetSiteId: string;
    overwrite: boolean;
    storageContainerUrl: string;
    storageAccountUrlFingerprint: string;
    storageAccountUrlExpiresOn?: string;
    databases: DatabaseOutput[];
    ignoreConflictingHostNames: boolean;
    ignoreDatabases: boolean;
    deadlineMinutes: number;
    triggers: unknown[];
    status: string;
    startedAt: string;
    finishedAt: string;
}

/** Inputs after `check`: the backup reduced to `backupId`, the target to `targetSiteId` when given. */
export interface CheckedRestoreInputs {
    resourceName: string;
    backupId: string;
    targetSiteId?: string;
    overwrite: boolean;
    storageAccountUrl: string;
    databases?: DatabaseBackupSetting[];
    ignoreConflictingHostNames: boolean;
    ignoreDatabases: boolean;
    blobName?: string;
    deadlineMinutes: number;
    triggers: unknown[];
}

const secretInputs = ["storageAccountUrl", "databases"];
const backupIdShape = "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<app>[/slots/<slot>]/backups/<number>";

function loggerFor(resourceName: string | undefined): Logger {
    return createLogger(`Restore ${resourceName ?? "?"}`);
}

function checkSource(checker: InputChecker, news: Record<string, any>): string | undefined {
    const bySite = news.siteId !== undefined || news.site !== undefined || news.backupNumber !== undefined;
    if (news.backupId !== undefined && news.backupId !== null) {
        if (bySite) {
            checker.fail("backupId", "give the backup either as backupId or as site (or siteId) with backupNumber, not both");
            return undefined;
        }
        if (isUnknown(news.backupId)) return news.backupId;
        const parsed = typeof news.backupId === "string" ? parseBackupId(news.backupId) : undefined;
        if (!parsed) {
            checker.fail("backupId", `backupId must be the ARM id of a backup (a Backup's backupId output): ${backupIdShape}`);
            return undefined;
        }
        return backupPath(parsed.site, parsed.backupNumber);
    }
    if (!bySite) {
        checker.fail("backupId", "the backup is required: set backupId (the ARM id of a backup, e.g. a Backup's backupId output), or site (or siteId) and backupNumber");
        return undefined;
    }
    const siteId = checkSiteInput(checker, news);
    const backupNumber = checker.integer("backupNumber", news.backupNumber, { min: 0, max: 2 ** 31 - 1 });
    if (isUnknown(siteId) || isUnknown(news.backupNumber)) return unknownValue;
    const site = typeof siteId === "string" ? parseSiteId(siteId) : undefined;
    return site && backupNumber !== undefined ? backupPath(site, backupNumber) : undefined;
}

/** The site a known backup id belongs to. */
function sourceSiteOf(backupId: unknown): string | undefined {
    const parsed = typeof backupId === "string" && !isUnknown(backupId) ? parseBackupId(backupId) : undefined;
    return parsed ? formatSiteId(parsed.site) : undefined;
}

/** Validates and normalizes inputs before any API call; failures name the field and the accepted values. */
export function checkRestoreInputs(olds: Record<string, any>, news: Record<string, any>, now = new Date()): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker(secretInputs);
    const backupId = checkSource(checker, news);
    const hasTarget = news.targetSiteId !== undefined || news.targetSite !== undefined;
    const targetSiteId = hasTarget ? checkSiteInput(checker, news, { id: "targetSiteId", parts: "targetSite" }) : undefined;
    const checked: Record<string, any> = {
        resourceName: checker.requiredString("resourceName", news.resourceName),
        backupId,
        targetSiteId,
        overwrite: news.overwrite,
        storageAccountUrl: news.storageAccountUrl,
        databases: checkDatabasesInput(checker, news.databases),
        ignoreConflictingHostNames: checker.boolean("ignoreConflictingHostNames", news.ignoreConflictingHostNames, false),
        ignoreDatabases: checker.boolean("ignoreDatabases", news.ignoreDatabases, false),
        blobName: checker.optionalString("blobName", news.blobName),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultRestoreDeadlineMinutes }),
        triggers: checker.list("triggers", news.triggers),
    };
    const blobProblem = typeof checked.blobName === "string" ? blobNameProblem(checked.blobName) : undefined;
    if (blobProblem !== undefined) checker.fail("blobName", `blobName ${blobProblem}`);
    if (!isUnknown(news.overwrite)) {
        if (typeof news.overwrite !== "boolean") {
            checker.fail("overwrite", "overwrite is required: true to replace the content of the backup's own app, false to restore into another app (targetSiteId or targetSite)");
        } else {
            const source = sourceSiteOf(backupId);
            const target = typeof targetSiteId === "string" && !isUnknown(targetSiteId) ? targetSiteId : hasTarget ? undefined : source;
            if (source !== undefined && target !== undefined) {
                const intoOwnApp = sameSiteId(source, target);
                if (intoOwnApp && !news.overwrite) checker.fail("overwrite", "overwrite must be true to restore into the backup's own app: its content is replaced");
                if (!intoOwnApp && news.overwrite) checker.fail("overwrite", "overwrite must be false to restore into another app than the backup's (targetSiteId)");
            }
        }
    }
    // Checked for expiry when it is about to be used (a new restore) or is new; an unchanged SAS of a
    // restore done long ago may have expired without harm.
    const isNewSas = olds?.storageAccountUrl !== news.storageAccountUrl;
    checkStorageAccountUrlInput(checker, news.storageAccountUrl, { requiredPermissions: "r", purpose: "read", now: isNewSas ? now : new Date(0) });
    for (const key of ["databases", "ignoreConflictingHostNames", "ignoreDatabases", "blobName", "deadlineMinutes", "triggers"]) {
        if (isUnknown(news[key])) checked[key] = news[key];
    }
    return checker.result(checked);
}

/** The app a restore goes into: the target given, else the backup's own; undefined while unknown. */
function targetOf(inputs: Record<string, any>): string | undefined {
    if (inputs.targetSiteId !== undefined) return isUnknown(inputs.targetSiteId) ? undefined : inputs.targetSiteId;
    return sourceSiteOf(inputs.backupId);
}

function sameIdOr(desired: unknown, live: string | undefined): unknown {
    if (typeof desired !== "string" || isUnknown(desired)) return desired ?? unknownValue;
    return live !== undefined && sameSiteId(desired, live) ? live : desired;
}

/**
 * Compares desired inputs with the outputs in state. Anything that changes what is restored where
 * (or `triggers`) restores again; new credentials for the same container and `deadlineMinutes` are only
 * recorded: a rotated SAS must never put old content back.
 */
export function diffRestore(olds: Partial<RestoreOutputs>, news: Record<string, any>): FieldDiffResult {
    const sasKnown = typeof news.storageAccountUrl === "string" && !isUnknown(news.storageAccountUrl);
    const result = diffFields([
        { field: "backupId", desired: sameIdOr(news.backupId, olds.backupId), live: olds.backupId, replaces: true },
        { field: "targetSiteId", desired: sameIdOr(targetOf(news) ?? unknownValue, olds.targetSiteId), live: olds.targetSiteId, replaces: true },
        { field: "overwrite", desired: news.overwrite, live: olds.overwrite, replaces: true },
        { field: "blobName", desired: news.blobName, live: olds.blobName, replaces: true },
        { field: "storageAccountUrl", desired: sasKnown ? (parseContainerSasUrl(news.storageAccountUrl)?.containerUrl ?? "") : news.storageAccountUrl, live: olds.storageContainerUrl, replaces: true },
        {
            field: "databases",
            desired: Array.isArray(news.databases) ? databaseIdentities(news.databases) : (news.databases ?? []),
            live: databaseIdentities(olds.databases),
            replaces: true,
        },
        { field: "ignoreConflictingHostNames", desired: news.ignoreConflictingHostNames, live: olds.ignoreConflictingHostNames, replaces: true },
        { field: "ignoreDatabases", desired: news.ignoreDatabases, live: olds.ignoreDatabases, replaces: true },
        { field: "triggers", desired: news.triggers ?? [], live: olds.triggers ?? [], replaces: true },
        { field: "storageAccountUrl", desired: sasKnown ? fingerprint(news.storageAccountUrl) : news.storageAccountUrl, live: olds.storageAccountUrlFingerprint },
        { field: "databases", desired: Array.isArray(news.databases) ? databaseOutputs(news.databases) : undefined, live: olds.databases ?? [] },
        { field: "deadlineMinutes", desired: news.deadlineMinutes, live: olds.deadlineMinutes },
        { field: "schemaVersion", desired: restoreSchemaVersion, live: olds.schemaVersion },
    ]);
    const diffs = [...new Set(result.diffs)];
    const replaces = [...new Set(result.replaces)];
    return { changes: diffs.length > 0, diffs, replaces };
}

function siteOf(siteId: string): SiteRef {
    const site = parseSiteId(siteId);
    if (!site) throw new Error(`Restore: ${JSON.stringify(siteId)} is not the ARM id of an app or slot`);
    return site;
}

function registerInputSecrets(inputs: CheckedRestoreInputs): void {
    registerSecret(inputs.storageAccountUrl);
    for (const db of inputs.databases ?? []) if (db.connectionString) registerSecret(db.connectionString);
}

/** The credential-bearing part of the outputs, from the inputs. */
function credentialOutputs(inputs: CheckedRestoreInputs): Pick<RestoreOutputs, "storageContainerUrl" | "storageAccountUrlFingerprint" | "storageAccountUrlExpiresOn" | "databases"> {
    const info = parseContainerSasUrl(inputs.storageAccountUrl);
    return {
        storageContainerUrl: info?.containerUrl ?? "",
        storageAccountUrlFingerprint: fingerprint(inputs.storageAccountUrl),
        ...(info?.expiresOn ? { storageAccountUrlExpiresOn: info.expiresOn } : {}),
        databases: databaseOutputs(inputs.databases),
    };
}

// The `siteName` of a restore into another app: the app's name (a slot is told by the URL the request goes to).
function siteNameOf(site: SiteRef): string {
    return site.name;
}

/** The service's answer while another restore into the same app runs (409 Conflict, "… in progress …"). */
export function isRestoreInProgress(error: unknown): boolean {
    return isArmError(error) && error.statusCode === 409 && /in progress/i.test(error.serviceMessage);
}

/** One try at starting the restore: started, or refused because another restore is running. */
type StartAttempt<T> = { started: T } | { running: Error };

async function attemptStart<T>(start: () => Promise<T>): Promise<PollStep<StartAttempt<T>>> {
    try {
        return { state: { started: await start() } };
    } catch (error) {
        if (!isRestoreInProgress(error)) throw error;
        return { state: { running: error as Error } };
    }
}

/**
 * Starts the restore, first waiting out another restore into the same app (typically the one an
 * interrupted `up` started: the engine never recorded it). Once that one ends, this one runs, so a
 * rerun converges on the content of the backup asked for. The shared poller keeps the deadline;
 * past it, the service's refusal is what the caller sees.
 */
export async function startRestoreWhenAppIsFree<T>(start: () => Promise<T>, deadlineAt: number, targetSiteId: string, log: Logger, intervalMs = resolvePollIntervalMs()): Promise<T> {
    const initial = await attemptStart(start);
    if ("running" in initial.state) log.info(`another restore into ${targetSiteId} is running (an interrupted \`up\` may have started it): waiting for it to end first`);
    const done = await pollUntilDone<StartAttempt<T>>({
        initial,
        poll: () => attemptStart(start),
        isDone: (state) => "started" in state,
        deadlineMs: deadlineAt - Date.now(),
        intervalMs,
        maxIntervalMs: intervalMs,
        deadlineError: (state) => ("running" in state ? state.running : new Error(`Restore: the deadline passed while starting into ${targetSiteId}`)),
    });
    return (done as { started: T }).started;
}

async function runRestore(inputs: CheckedRestoreInputs): Promise<{ id: string; outs: RestoreOutputs }> {
    registerInputSecrets(inputs);
    const log = loggerFor(inputs.resourceName);
    // Checked again here: an unchanged SAS is not checked for expiry at preview.
    const problems = validateContainerSasUrl("storageAccountUrl", inputs.storageAccountUrl, { requiredPermissions: "r" });
    if (problems.length > 0) throw new Error(`Restore ${inputs.resourceName}: ${problems.join("; ")}`);
    const source = parseBackupId(inputs.backupId);
    if (!source) throw new Error(`Restore ${inputs.resourceName}: ${JSON.stringify(inputs.backupId)} is not the ARM id of a backup`);
    const sourceSiteId = formatSiteId(source.site);
    const targetSiteId = inputs.targetSiteId ?? sourceSiteId;
    const target = siteOf(targetSiteId);
    const intoOwnApp = sameSiteId(sourceSiteId, targetSiteId);
    const client = getArmClient();

    const backup = await getBackupStatus(client, source.site, source.backupNumber);
    const status = statusOf(backup);
    if (!backup || status === "Deleted") throw new Error(`Restore ${inputs.resourceName}: backup #${source.backupNumber} of ${sourceSiteId} does not exist`);
    if (status !== "Succeeded" && status !== "PartiallySucceeded") {
        throw new Error(`Restore ${inputs.resourceName}: backup #${source.backupNumber} of ${sourceSiteId} is ${status}; only a Succeeded or PartiallySucceeded backup can be restored`);
    }
    const blobName = inputs.blobName ?? backup.properties.blobName;
    if (!blobName) throw new Error(`Restore ${inputs.resourceName}: backup #${source.backupNumber} names no blob; set blobName`);
    const request: RestoreRequestProperties = {
        storageAccountUrl: inputs.storageAccountUrl,
        blobName,
        overwrite: inputs.overwrite,
        ...(intoOwnApp ? {} : { siteName: siteNameOf(target) }),
        ...(inputs.databases?.length ? { databases: inputs.databases } : {}),
        ignoreConflictingHostNames: inputs.ignoreConflictingHostNames,
        ignoreDatabases: inputs.ignoreDatabases,
    };
    const startedAt = new Date();
    const what = `backup ${backup.properties.name ?? ""} (#${source.backupNumber}) of ${sourceSiteId} into ${intoOwnApp ? "the same app (overwrite)" : targetSiteId}`;
    log.info(`restoring ${what}`);
    // Sent to the app that receives the content: the backup's own, or the other app with its siteName.
    const deadlineAt = startedAt.getTime() + inputs.deadlineMinutes * 60_000;
    const first = await startRestoreWhenAppIsFree(() => startRestore(client, target, source.backupNumber, request), deadlineAt, targetSiteId, log);
    const report = progressReporter(log, "restore");
    await pollArmOperation(client, first, {
        operation: "WebApps.Restore",
        // One budget for waiting out another restore and running this one.
        deadlineMs: deadlineAt - Date.now(),
        intervalMs: resolvePollIntervalMs(),
        onProgress: (state) => report(state.status),
    });
    const finishedAt = new Date();
    log.info(`restored ${what}`);
    const outs: RestoreOutputs = {
        schemaVersion: restoreSchemaVersion,
        resourceName: inputs.resourceName,
        backupId: inputs.backupId,
        sourceSiteId,
        backupNumber: source.backupNumber,
        backupName: backup.properties.name ?? "",
        blobName,
        targetSiteId,
        overwrite: inputs.overwrite,
        ...credentialOutputs(inputs),
        ignoreConflictingHostNames: inputs.ignoreConflictingHostNames,
        ignoreDatabases: inputs.ignoreDatabases,
        deadlineMinutes: inputs.deadlineMinutes,
        triggers: inputs.triggers ?? [],
        status: "Succeeded",
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
    };
    // Not an ARM resource: the id records which backup went where, and when.
    return { id: `${targetSiteId}/restores/${source.backupNumber}-${startedAt.getTime()}`, outs };
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const restoreProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        return checkRestoreInputs(olds ?? {}, news);
    },

    async diff(_id, olds, news) {
        const { changes, diffs, replaces } = diffRestore(olds, news);
        // Named here because the engine shows secret inputs as [secret] on both sides and so cannot name them.
        if (changes) loggerFor(olds.resourceName).info(`changed: ${diffs.join(", ")}${replaces.length ? `; restores again for ${replaces.join(", ")}` : " (recorded only: the restore does not run again)"}`);
        return { changes, replaces };
    },

    async create(inputs) {
        return runRestore(inputs as CheckedRestoreInputs);
    },

    async update(_id, olds, news) {
        // Only credentials and the deadline changed: record them; the restore does not run again.
        const inputs = news as CheckedRestoreInputs;
        return { outs: { ...(olds as RestoreOutputs), ...credentialOutputs(inputs), deadlineMinutes: inputs.deadlineMinutes, schemaVersion: restoreSchemaVersion } };
    },

    async read(id, props) {
        // A restore is a past event: nothing in Azure to compare with, and a backup deleted since does
        // not undo it. Without `inputs`, the engine keeps the stored ones.
        return { id, props };
    },

    async delete(_id, props) {
        const stored = props as RestoreOutputs;
        loggerFor(stored.resourceName).info(
            `a restore cannot be undone: forgetting the record of restoring backup #${stored.backupNumber} of ${stored.sourceSiteId} into ${stored.targetSiteId}; the app keeps its content`,
        );
    },
};

const provider = lazyProvider("dist/provider/appservice/restore", "restoreProvider");

/**
 * Restores an App Service backup into its own app (overwrite) or into another app, once: on
 * create, and again only when what it restores or `triggers` change. Refresh never restores, and
 * `destroy` only forgets the record (a restore cannot be undone). `up` follows the service's
 * long-running operation within `deadlineMinutes`. The SAS URL and connection strings are secrets:
 * state keeps only their fingerprints.
 */
export class Restore extends pulumi.dynamic.Resource {
    declare readonly backupId: pulumi.Output<string>;
    declare readonly sourceSiteId: pulumi.Output<string>;
    declare readonly backupNumber: pulumi.Output<number>;
    declare readonly backupName: pulumi.Output<string>;
    declare readonly blobName: pulumi.Output<string>;
    declare readonly targetSiteId: pulumi.Output<string>;
    declare readonly overwrite: pulumi.Output<boolean>;
    declare readonly storageContainerUrl: pulumi.Output<string>;
    declare readonly storageAccountUrlFingerprint: pulumi.Output<string>;
    declare readonly status: pulumi.Output<string>;
    declare readonly startedAt: pulumi.Output<string>;
    declare readonly finishedAt: pulumi.Output<string>;

    constructor(name: string, args: RestoreArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = {
            backupId: undefined,
            backupNumber: undefined,
            blobName: undefined,
            targetSiteId: undefined,
            sourceSiteId: undefined,
            backupName: undefined,
            storageContainerUrl: undefined,
            storageAccountUrlFingerprint: undefined,
            storageAccountUrlExpiresOn: undefined,
            status: undefined,
            startedAt: undefined,
            finishedAt: undefined,
            schemaVersion: undefined,
        };
        const inputs = {
            ...outputs,
            ...args,
            // Hidden input: log lines are prefixed with it.
            resourceName: name,
            // Secret inputs are wrapped here so state holds them encrypted even when the caller passed plain strings.
            storageAccountUrl: pulumi.secret(args.storageAccountUrl),
            databases: pulumi.secret(args.databases ?? []),
        };
        super(provider, name, inputs, opts, "appservice", "Restore");
    }
}
