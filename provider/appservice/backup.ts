import * as pulumi from "@pulumi/pulumi";
import { getArmClient, type ArmClient } from "../core/arm/armClient";
import { isArmError } from "../core/arm/armError";
import { InputChecker, isUnknown, unknownValue, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { diffFields, type FieldDiffResult } from "../core/diff/fieldDiff";
import { OperationFailedError, isTransportError } from "../core/errors";
import { createLogger, type Logger } from "../core/log";
import { fingerprint, redact, registerSecret } from "../core/redact/sanitizer";
import { parseContainerSasUrl, validateContainerSasUrl } from "../core/sas/containerSasUrl";
import {
    backupPath,
    deleteBackup,
    getBackupStatus,
    listBackups,
    listBackupStatusSecrets,
    parseBackupId,
    startBackup,
    type BackupItem,
    type BackupItemStatus,
    type BackupRequestProperties,
    type DatabaseBackupSetting,
} from "./api";
import { checkDatabasesInput, checkStorageAccountUrlInput, databaseIdentities, databaseOutputs, type DatabaseOutput } from "./backupInputs";
import { checkBackupName, deriveBackupName, sameBackupName } from "./backupName";
import type { BackupScheduleDatabaseArgs, SiteReferenceArgs } from "./backupSchedule";
import { backupDeleteEndStatuses, backupRunEndStatuses, statusOf, waitForBackup } from "./backupWait";
import { checkSiteInput } from "./siteInput";
import { formatSiteId, parseSiteId, sameSiteId, type SiteRef } from "./siteRef";

/** Version of the outputs' shape; a stale version in state makes `diff` ask for an update that rewrites it. */
export const backupSchemaVersion = 1;

/** Accepted values of `storageAccountUrlManagement` (as for BackupSchedule). */
export const backupSasManagementModes = ["pinned", "rotated"] as const;

/** Default of `deadlineMinutes`. */
export const defaultBackupDeadlineMinutes = 60;

/** A database to include in the backup. */
export type BackupDatabaseArgs = BackupScheduleDatabaseArgs;

/** Inputs of {@link Backup}. Give the app as `siteId` or as `site`, not both. */
export interface BackupArgs {
    /** ARM id of the app or slot, e.g. `azure-native.web.WebApp.id`. */
    siteId?: pulumi.Input<string>;
    /** The app or slot by its parts. */
    site?: pulumi.Input<SiteReferenceArgs>;
    /** Container SAS URL with write permission (secret: state keeps its fingerprint and expiry only). */
    storageAccountUrl: pulumi.Input<string>;
    /**
     * pinned (default): the backup keeps `storageAccountUrl`; a SAS changed elsewhere is drift, and a new
     * token for the same container is stored with the backup in place. rotated: `storageAccountUrl` is
     * only used to make the backup; a `BackupSasRotation` keeps its SAS current afterwards.
     */
    storageAccountUrlManagement?: pulumi.Input<(typeof backupSasManagementModes)[number]>;
    /**
     * Name of the backup (letters, digits, `-`, `_`, `.`). Default: the resource name and a short hash
     * of what identifies this backup, so a rerun finds the backup it started and a replacement gets a new one.
     */
    backupName?: pulumi.Input<string>;
    /** Databases to back up with the app (connection strings are secrets: only fingerprints are kept). */
    databases?: pulumi.Input<pulumi.Input<BackupDatabaseArgs>[]>;
    /** How long `up` waits for the backup to finish, and `destroy` for its deletion (default 60, at most 1440). */
    deadlineMinutes?: pulumi.Input<number>;
    /** Keep the backup when the resource is destroyed or replaced (default false: it is deleted). */
    retainOnDelete?: pulumi.Input<boolean>;
    /** Any values; a change takes a new backup. */
    triggers?: pulumi.Input<unknown[]>;
}

/** Outputs of {@link Backup}: the backup as the service reports it; secrets only as fingerprints. */
export interface BackupOutputs {
    schemaVersion: number;
    /** Pulumi resource name and "<project>/<stack>": what the derived name is made from. */
    resourceName: string;
    stackName: string;
    siteId: string;
    /** The backup's number, the `{backupId}` of its REST paths. */
    backupNumber: number;
    /** ARM id of the backup (`…/sites/{app}/backups/{number}`): what a `Restore` takes. */
    backupId: string;
    /** The backup's name as the service gave it: the requested name and the minute it started. */
    name: string;
    /** The name requested: `backupName`, or the derived one. */
    backupName: string;
    /** Whether `backupName` was derived rather than given. */
    backupNameDerived: boolean;
    blobName: string;
    status: string;
    sizeInBytes: number;
    created?: string;
    finishedTimeStamp?: string;
    /** The service's log (redacted), for partly successful backups. */
    log?: string;
    storageContainerUrl: string;
    storageAccountUrlFingerprint: string;
    storageAccountUrlExpiresOn?: string;
    storageAccountUrlManagement: string;
    databases: DatabaseOutput[];
    deadlineMinutes: number;
    retainOnDelete: boolean;
    triggers: unknown[];
}

/** Inputs after `check`: validated, defaults applied, the app reduced to `siteId`. */
export interface CheckedBackupInputs {
    resourceName: string;
    stackName: string;
    siteId: string;
    storageAccountUrl: string;
    storageAccountUrlManagement: (typeof backupSasManagementModes)[number];
    backupName?: string;
    databases?: DatabaseBackupSetting[];
    deadlineMinutes: number;
    retainOnDelete: boolean;
    triggers: unknown[];
}

/** Inputs passed as secrets. */
const secretInputs = ["storageAccountUrl", "databases"];

/** Statuses of a backup that a rerun may take over: it is running or has produced a usable backup. */
const adoptableStatuses: ReadonlySet<BackupItemStatus> = new Set(["Created", "InProgress", "Succeeded", "PartiallySucceeded"]);

function loggerFor(resourceName: string | undefined): Logger {
    return createLogger(`Backup ${resourceName ?? "?"}`);
}

/** Validates and normalizes inputs before any API call; failures name the field and the accepted values. */
export function checkBackupInputs(olds: Record<string, any>, news: Record<string, any>, now = new Date()): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker(secretInputs);
    const checked: Record<string, any> = {
        resourceName: checker.requiredString("resourceName", news.resourceName),
        stackName: checker.requiredString("stackName", news.stackName),
        siteId: checkSiteInput(checker, news),
        storageAccountUrl: news.storageAccountUrl,
        storageAccountUrlManagement: checker.oneOf("storageAccountUrlManagement", news.storageAccountUrlManagement, backupSasManagementModes, "pinned"),
        backupName: checkBackupName(checker, "backupName", news.backupName),
        databases: checkDatabasesInput(checker, news.databases),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultBackupDeadlineMinutes }),
        retainOnDelete: checker.boolean("retainOnDelete", news.retainOnDelete, false),
        triggers: checker.list("triggers", news.triggers),
    };
    // The SAS must be usable when it is about to be used: for a new backup, or a new token to store
    // with it. An unchanged SAS is past use (rotated, or the backup is made), so it may have expired.
    const isNewSas = olds?.storageAccountUrl !== news.storageAccountUrl;
    const sasCheckTime = checked.storageAccountUrlManagement === "pinned" && isNewSas ? now : new Date(0);
    checkStorageAccountUrlInput(checker, news.storageAccountUrl, { requiredPermissions: "w", purpose: "write", now: sasCheckTime });
    // Unknown values pass through untouched so the engine can fill them in later.
    for (const key of ["storageAccountUrlManagement", "backupName", "databases", "deadlineMinutes", "retainOnDelete", "triggers"]) {
        if (isUnknown(news[key])) checked[key] = news[key];
    }
    return checker.result(checked);
}

function containerUrlOf(sas: unknown): string | undefined {
    return typeof sas === "string" && !isUnknown(sas) ? parseContainerSasUrl(sas)?.containerUrl : undefined;
}

/** The name the backup gets: `backupName`, else derived; undefined while something it depends on is unknown. */
export function effectiveBackupName(inputs: Record<string, any>): string | undefined {
    if (isUnknown(inputs.backupName)) return undefined;
    if (typeof inputs.backupName === "string") return inputs.backupName;
    const container = containerUrlOf(inputs.storageAccountUrl);
    const parts = [inputs.resourceName, inputs.stackName, inputs.siteId, inputs.databases, inputs.triggers];
    if (container === undefined || parts.some(isUnknown) || typeof inputs.siteId !== "string") return undefined;
    return deriveBackupName({
        stackName: inputs.stackName,
        resourceName: inputs.resourceName,
        siteId: inputs.siteId,
        storageContainerUrl: container,
        databases: databaseIdentities(inputs.databases),
        triggers: inputs.triggers ?? [],
    });
}

/**
 * Compares desired inputs with the outputs in state. What identifies the backup (app, name,
 * container, databases, triggers) replaces it; credentials (a new token for the same container, new
 * connection strings), `retainOnDelete` and `deadlineMinutes` update in place.
 */
export function diffBackup(olds: Partial<BackupOutputs>, news: Record<string, any>): FieldDiffResult & { deleteBeforeReplace: boolean } {
    const desiredSite = typeof news.siteId === "string" && !isUnknown(news.siteId) ? news.siteId : undefined;
    const sasKnown = typeof news.storageAccountUrl === "string" && !isUnknown(news.storageAccountUrl);
    const name = effectiveBackupName(news);
    const result = diffFields([
        {
            field: "siteId",
            desired: desiredSite !== undefined && olds.siteId !== undefined && sameSiteId(desiredSite, olds.siteId) ? olds.siteId : (desiredSite ?? (isUnknown(news.siteId) ? news.siteId : undefined)),
            live: olds.siteId,
            replaces: true,
        },
        {
            field: "backupName",
            // Compared as the name the backup would get, so dropping or adding `backupName` counts too.
            desired: name !== undefined && sameBackupName(name, olds.backupName) ? olds.backupName : (name ?? unknownValue),
            live: olds.backupName,
            replaces: true,
        },
        { field: "storageAccountUrl", desired: sasKnown ? containerUrlOf(news.storageAccountUrl) ?? "" : news.storageAccountUrl, live: olds.storageContainerUrl, replaces: true },
        {
            field: "databases",
            // Absent means none; unknown (the marker string) compares unequal, as a maybe-change should.
            desired: Array.isArray(news.databases) ? databaseIdentities(news.databases) : (news.databases ?? []),
            live: databaseIdentities(olds.databases),
            replaces: true,
        },
        { field: "triggers", desired: news.triggers ?? [], live: olds.triggers ?? [], replaces: true },
        {
            field: "storageAccountUrl",
            desired: news.storageAccountUrlManagement === "rotated" ? undefined : sasKnown ? fingerprint(news.storageAccountUrl) : news.storageAccountUrl,
            live: olds.storageAccountUrlFingerprint,
        },
        { field: "databases", desired: Array.isArray(news.databases) ? databaseOutputs(news.databases) : undefined, live: olds.databases ?? [] },
        { field: "storageAccountUrlManagement", desired: news.storageAccountUrlManagement, live: olds.storageAccountUrlManagement ?? "pinned" },
        { field: "retainOnDelete", desired: news.retainOnDelete, live: olds.retainOnDelete },
        { field: "deadlineMinutes", desired: news.deadlineMinutes, live: olds.deadlineMinutes },
        { field: "schemaVersion", desired: backupSchemaVersion, live: olds.schemaVersion },
    ]);
    const diffs = [...new Set(result.diffs)];
    const replaces = [...new Set(result.replaces)];
    // A replacement that keeps the name (a chosen backupName) would find and adopt the old backup: delete it first.
    const deleteBeforeReplace = replaces.length > 0 && name !== undefined && sameBackupName(name, olds.backupName);
    if (deleteBeforeReplace && olds.retainOnDelete) {
        throw new Error(
            `Backup ${olds.resourceName}: ${replaces.join(", ")} changed, which takes a new backup, but backupName ${JSON.stringify(name)} is unchanged and ` +
                `retainOnDelete keeps the old backup under that name, where the new one would adopt it: change backupName too`,
        );
    }
    return { changes: diffs.length > 0, diffs, replaces, deleteBeforeReplace };
}

function siteOf(siteId: string): SiteRef {
    const site = parseSiteId(siteId);
    if (!site) throw new Error(`Backup: ${JSON.stringify(siteId)} is not the ARM id of an app or slot`);
    return site;
}

function registerInputSecrets(inputs: { storageAccountUrl?: string; databases?: DatabaseBackupSetting[] }): void {
    if (inputs.storageAccountUrl) registerSecret(inputs.storageAccountUrl);
    for (const db of inputs.databases ?? []) if (db.connectionString) registerSecret(db.connectionString);
}

/** Outputs from the checked inputs, the live item and the SAS the backup holds. */
export function backupOutputs(inputs: CheckedBackupInputs, item: BackupItem, sas: string): BackupOutputs {
    const p = item.properties;
    const info = parseContainerSasUrl(sas);
    // Where the blob went is the container of the SAS it was made with, whatever SAS the backup holds now.
    const container = containerUrlOf(inputs.storageAccountUrl) ?? info?.containerUrl ?? "";
    const outputs: BackupOutputs = {
        schemaVersion: backupSchemaVersion,
        resourceName: inputs.resourceName,
        stackName: inputs.stackName,
        siteId: inputs.siteId,
        backupNumber: Number(p.id),
        backupId: backupPath(siteOf(inputs.siteId), Number(p.id)),
        name: p.name ?? "",
        backupName: effectiveBackupName(inputs) ?? "",
        backupNameDerived: inputs.backupName === undefined,
        blobName: p.blobName ?? "",
        status: statusOf(item) ?? String(p.status ?? ""),
        sizeInBytes: p.sizeInBytes ?? 0,
        storageContainerUrl: container,
        storageAccountUrlFingerprint: sas ? fingerprint(sas) : "",
        storageAccountUrlManagement: inputs.storageAccountUrlManagement,
        databases: databaseOutputs(inputs.databases),
        deadlineMinutes: inputs.deadlineMinutes,
        retainOnDelete: inputs.retainOnDelete,
        triggers: inputs.triggers ?? [],
    };
    if (p.created) outputs.created = p.created;
    if (p.finishedTimeStamp) outputs.finishedTimeStamp = p.finishedTimeStamp;
    if (p.log) outputs.log = redact(p.log);
    if (info?.expiresOn) outputs.storageAccountUrlExpiresOn = info.expiresOn;
    return outputs;
}

// The service names a backup after the requested name plus the minute it started (`<name>_202601311830`,
// as in the REST article's `backup_201509291825`), with the backup's number added when that is taken.
function isSameBackup(item: BackupItem, name: string): boolean {
    const actual = (item.properties.name ?? item.properties.blobName?.replace(/\.zip$/i, "") ?? "").toLowerCase();
    const wanted = name.toLowerCase();
    return actual === wanted || (actual.startsWith(`${wanted}_`) && /^[0-9_]+$/.test(actual.slice(wanted.length + 1)));
}

/** The newest backup of the site with this name that a rerun can take over; undefined when there is none. */
export async function findAdoptableBackup(client: ArmClient, site: SiteRef, name: string, signal?: AbortSignal): Promise<BackupItem | undefined> {
    const candidates = (await listBackups(client, site, signal)).filter((item) => isSameBackup(item, name) && adoptableStatuses.has(statusOf(item) as BackupItemStatus));
    return candidates.sort((a, b) => Number(b.properties.id) - Number(a.properties.id))[0];
}

// The POST may or may not have reached the service: no answer, or a server error after sending.
function isAmbiguous(error: unknown): boolean {
    return isTransportError(error) || (isArmError(error) && [408, 500, 502, 504].includes(error.statusCode));
}

/** Takes over the backup of that name a previous run started, else starts one; an ambiguous failure to start is settled by looking again. */
export async function startOrAdoptBackup(client: ArmClient, site: SiteRef, name: string, request: BackupRequestProperties, log: Logger): Promise<BackupItem> {
    const existing = await findAdoptableBackup(client, site, name);
    if (existing) {
        log.info(`adopting backup ${name} (#${existing.properties.id}, ${statusOf(existing)}), started by an earlier run that did not finish`);
        return existing;
    }
    log.info(`starting backup ${name} of ${formatSiteId(site)}`);
    try {
        return await startBackup(client, site, request);
    } catch (error) {
        // The retry policy cannot resend a POST whose fate is unknown; we can, because the name tells
        // whether the first one started a backup.
        if (!isAmbiguous(error)) throw error;
        log.info(`no clear answer to the request that starts backup ${name}; looking for it before asking again`);
        const started = await findAdoptableBackup(client, site, name);
        if (started) return started;
        return startBackup(client, site, request);
    }
}

function failureOf(operation: string, path: string, code: string, message: string): OperationFailedError {
    return new OperationFailedError({ operation, state: { mode: "body", status: "failed", pollUrl: path, error: { code, message: redact(message) } } });
}

async function createBackup(inputs: CheckedBackupInputs): Promise<{ id: string; outs: BackupOutputs }> {
    registerInputSecrets(inputs);
    const log = loggerFor(inputs.resourceName);
    // Checked again here: a rotated or unchanged SAS is not checked for expiry at preview.
    const problems = validateContainerSasUrl("storageAccountUrl", inputs.storageAccountUrl, { requiredPermissions: "w" });
    if (problems.length > 0) throw new Error(`Backup ${inputs.resourceName}: ${problems.join("; ")}`);
    const site = siteOf(inputs.siteId);
    const name = effectiveBackupName(inputs) as string;
    const client = getArmClient();
    const request: BackupRequestProperties = {
        backupName: name,
        storageAccountUrl: inputs.storageAccountUrl,
        ...(inputs.databases?.length ? { databases: inputs.databases } : {}),
    };
    const first = await startOrAdoptBackup(client, site, name, request, log);
    const backupNumber = Number(first.properties.id);
    const operation = `WebApps.Backup ${name}`;
    const done = await waitForBackup(client, site, backupNumber, first, {
        operation,
        label: `backup ${name} (#${backupNumber})`,
        isDone: (item) => !item || backupRunEndStatuses.has(statusOf(item) as BackupItemStatus),
        deadlineMs: inputs.deadlineMinutes * 60_000,
        log,
    });
    const path = backupPath(site, backupNumber);
    if (!done) throw failureOf(operation, path, "BackupNotFound", `backup #${backupNumber} disappeared while it was running`);
    const status = statusOf(done);
    if (status !== "Succeeded" && status !== "PartiallySucceeded") {
        throw failureOf(operation, path, `Backup${status ?? "Unknown"}`, done.properties.log || `the backup ended ${status} and the service gave no log`);
    }
    if (status === "PartiallySucceeded") log.warn(`backup ${name} only partly succeeded: ${redact(done.properties.log ?? "the service gave no log")}`);
    else log.info(`backup ${name} succeeded: ${done.properties.blobName} (${done.properties.sizeInBytes ?? 0} bytes)`);
    return { id: path, outs: backupOutputs(inputs, done, inputs.storageAccountUrl) };
}

function backupNumberOf(id: string, props: Partial<BackupOutputs>): { site: SiteRef; backupNumber: number } {
    if (props.siteId && props.backupNumber !== undefined) return { site: siteOf(props.siteId), backupNumber: Number(props.backupNumber) };
    const parsed = parseBackupId(id);
    if (!parsed) throw new Error(`Backup: ${JSON.stringify(id)} is not the ARM id of a backup`);
    return parsed;
}

function isGone(item: BackupItem | undefined): boolean {
    return !item || statusOf(item) === "Deleted";
}

/** Stored outputs as checked inputs (without the secrets, which outputs never hold). */
function inputsFromOutputs(props: BackupOutputs): CheckedBackupInputs {
    return {
        resourceName: props.resourceName,
        stackName: props.stackName,
        siteId: props.siteId,
        storageAccountUrl: "",
        storageAccountUrlManagement: props.storageAccountUrlManagement === "rotated" ? "rotated" : "pinned",
        ...(props.backupNameDerived === false ? { backupName: props.backupName } : {}),
        deadlineMinutes: props.deadlineMinutes ?? defaultBackupDeadlineMinutes,
        retainOnDelete: props.retainOnDelete ?? false,
        triggers: props.triggers ?? [],
    };
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const backupProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds, news) {
        return checkBackupInputs(olds ?? {}, news);
    },

    async diff(_id, olds, news) {
        const { changes, diffs, replaces, deleteBeforeReplace } = diffBackup(olds, news);
        // Named here because the engine shows secret inputs as [secret] on both sides and so cannot name them.
        if (changes) loggerFor(olds.resourceName).info(`changed: ${diffs.join(", ")}${replaces.length ? `; a new backup for ${replaces.join(", ")}` : " (in place)"}`);
        return { changes, replaces, deleteBeforeReplace };
    },

    async create(inputs) {
        return createBackup(inputs as CheckedBackupInputs);
    },

    async update(id, olds, news) {
        const inputs = news as CheckedBackupInputs;
        registerInputSecrets(inputs);
        const log = loggerFor(inputs.resourceName);
        const { site, backupNumber } = backupNumberOf(id, olds);
        const client = getArmClient();
        let sas = inputs.storageAccountUrl;
        if (inputs.storageAccountUrlManagement === "pinned" && fingerprint(sas) !== olds.storageAccountUrlFingerprint) {
            log.info(`storing the new SAS with backup ${olds.name} (#${backupNumber})`);
            await listBackupStatusSecrets(client, site, backupNumber, sas);
        } else if (inputs.storageAccountUrlManagement === "rotated") {
            sas = (await listBackupStatusSecrets(client, site, backupNumber)).properties.storageAccountUrl || sas;
        }
        const live = await getBackupStatus(client, site, backupNumber);
        if (isGone(live)) throw new Error(`Backup ${inputs.resourceName}: backup #${backupNumber} no longer exists; run \`pulumi refresh\` to forget it, then \`pulumi up\` takes a new one`);
        return { outs: backupOutputs(inputs, live as BackupItem, sas) };
    },

    async read(id, props) {
        const stored = props as BackupOutputs;
        const { site, backupNumber } = backupNumberOf(id, stored);
        const log = loggerFor(stored.resourceName);
        const client = getArmClient();
        const live = await getBackupStatus(client, site, backupNumber);
        if (isGone(live)) {
            log.info(`backup ${stored.name ?? ""} (#${backupNumber}) no longer exists`);
            return {};
        }
        const withSecrets = await listBackupStatusSecrets(client, site, backupNumber);
        const liveSas = withSecrets.properties.storageAccountUrl || "";
        registerSecret(liveSas);
        const base = inputsFromOutputs(stored);
        const outs: BackupOutputs = {
            ...backupOutputs(base, live as BackupItem, liveSas),
            // What identifies the backup cannot change once it is made, and connection strings cannot be read back.
            backupName: stored.backupName,
            backupNameDerived: stored.backupNameDerived,
            storageContainerUrl: stored.storageContainerUrl,
            databases: stored.databases ?? [],
        };
        if (!liveSas) {
            // The service did not reveal the SAS: keep what state recorded, and the stored inputs (no `inputs`).
            const { storageAccountUrlFingerprint, storageAccountUrlExpiresOn } = stored;
            return { id, props: { ...outs, storageAccountUrlFingerprint, ...(storageAccountUrlExpiresOn ? { storageAccountUrlExpiresOn } : {}) } };
        }
        const inputs: Record<string, unknown> = { ...base, storageAccountUrl: liveSas, databases: withSecrets.properties.databases ?? [] };
        for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
        return { id, props: outs, inputs };
    },

    async delete(id, props) {
        const stored = props as BackupOutputs;
        const log = loggerFor(stored.resourceName);
        const { site, backupNumber } = backupNumberOf(id, stored);
        if (stored.retainOnDelete) {
            log.info(`keeping backup ${stored.name} (#${backupNumber}) in Azure (retainOnDelete): only removing it from the stack`);
            return;
        }
        const client = getArmClient();
        log.info(`deleting backup ${stored.name} (#${backupNumber}) and its blob ${stored.blobName}`);
        if (!(await deleteBackup(client, site, backupNumber))) {
            log.info(`backup #${backupNumber} was already gone`);
            return;
        }
        const operation = `WebApps.DeleteBackup ${stored.name}`;
        const done = await waitForBackup(client, site, backupNumber, undefined, {
            operation,
            label: `deleting backup ${stored.name} (#${backupNumber})`,
            isDone: (item) => !item || backupDeleteEndStatuses.has(statusOf(item) as BackupItemStatus),
            deadlineMs: (stored.deadlineMinutes ?? defaultBackupDeadlineMinutes) * 60_000,
            log,
        });
        if (statusOf(done) === "DeleteFailed") {
            throw failureOf(
                operation,
                backupPath(site, backupNumber),
                "BackupDeleteFailed",
                `${done?.properties.log || "the service gave no log"}. The SAS stored with the backup has probably expired: ` +
                    `give the Backup a new storageAccountUrl and run \`pulumi up\` (or rotate it with BackupSasRotation), then delete again`,
            );
        }
    },
};

const provider = lazyProvider("dist/provider/appservice/backup", "backupProvider");

/**
 * An on-demand backup of an App Service app or slot, taken once by `up` and kept as a resource:
 * `destroy` deletes it (unless `retainOnDelete`), a change of what it backs up or of `triggers`
 * takes a new one. `up` waits for it to finish (`deadlineMinutes`); a rerun after an interrupted
 * `up` takes over the backup it had started, found by name. The SAS URL and connection strings are
 * secrets: state keeps only their fingerprints.
 */
export class Backup extends pulumi.dynamic.Resource {
    declare readonly siteId: pulumi.Output<string>;
    declare readonly backupNumber: pulumi.Output<number>;
    declare readonly backupId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly blobName: pulumi.Output<string>;
    declare readonly status: pulumi.Output<string>;
    declare readonly sizeInBytes: pulumi.Output<number>;
    declare readonly created: pulumi.Output<string | undefined>;
    declare readonly finishedTimeStamp: pulumi.Output<string | undefined>;
    declare readonly log: pulumi.Output<string | undefined>;
    declare readonly storageContainerUrl: pulumi.Output<string>;
    declare readonly storageAccountUrlFingerprint: pulumi.Output<string>;
    declare readonly storageAccountUrlExpiresOn: pulumi.Output<string | undefined>;
    declare readonly databases: pulumi.Output<DatabaseOutput[]>;

    constructor(name: string, args: BackupArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = {
            siteId: undefined,
            backupNumber: undefined,
            backupId: undefined,
            name: undefined,
            blobName: undefined,
            status: undefined,
            sizeInBytes: undefined,
            created: undefined,
            finishedTimeStamp: undefined,
            log: undefined,
            storageContainerUrl: undefined,
            storageAccountUrlFingerprint: undefined,
            storageAccountUrlExpiresOn: undefined,
            schemaVersion: undefined,
        };
        const inputs = {
            ...outputs,
            ...args,
            // Hidden inputs the derived backup name is made from (and log lines are prefixed with).
            resourceName: name,
            stackName: `${pulumi.getProject()}/${pulumi.getStack()}`,
            // Secret inputs are wrapped here so state holds them encrypted even when the caller passed plain strings.
            storageAccountUrl: pulumi.secret(args.storageAccountUrl),
            // Always present (an empty list by default) so that inputs rebuilt by `read` are marked secret too.
            databases: pulumi.secret(args.databases ?? []),
        };
        super(provider, name, inputs, opts, "appservice", "Backup");
    }
}
