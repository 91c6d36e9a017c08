import type * as pulumi from "@pulumi/pulumi";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { diffFields } from "../core/diff/fieldDiff";
import { createLogger, type Logger } from "../core/log";
import { backupPath, getBackup, type BackupKind, type SyncanoBackup } from "./api";
import { checkSharedBackupInputs, defaultSyncanoDeadlineMinutes } from "./backupInputs";
import { backupLabel, deleteEndedBackup, listSeries, pruneSeries, takeBackup, type BackupSpec } from "./backupRun";
import { checkQueryArgs, queryArgsSchemaFailures, type QueryArgs } from "./queryArgs";
import { querySchemaFor } from "./querySchemaCache";
import { configureSyncano } from "./syncanoApiKey";
import { getSyncanoClient, type SyncanoClient } from "./syncanoClient";
import { isSyncanoError } from "./syncanoError";

/** Version of the outputs' shape; a stale version in state makes `diff` ask for an update that rewrites it. */
export const syncanoBackupSchemaVersion = 1;

/** Outputs of a full or partial backup: what was asked, and the backup as Syncano reports it. */
export interface SyncanoBackupOutputs {
    schemaVersion: number;
    resourceName: string;
    stackName: string;
    instanceName: string;
    label?: string;
    description?: string;
    /** The user's metadata (the provider's marker is left out). */
    metadata: Record<string, unknown>;
    queryArgs?: QueryArgs;
    keepLast?: number;
    retainOnDelete: boolean;
    triggers: unknown[];
    deadlineMinutes: number;
    /** The backup's id: what a `SyncanoRestore` takes. */
    backupId: number;
    status: string;
    statusInfo: string;
    /** Bytes. */
    size: number;
    createdAt: string;
    /** Partial backups: the archive's download URL (a secret output: anyone holding it can download the archive). */
    archive?: string;
}

/** What differs between the two kinds of backup resource. */
interface BackupKindSpec {
    kind: BackupKind;
    typeName: "FullBackup" | "PartialBackup";
}

// The fields that say what backup to take: a change of any of them takes a new backup (in place).
const requestFields = ["label", "description", "metadata", "queryArgs", "triggers"] as const;
// Our own settings: a change updates the record and takes no backup.
const settingFields = ["keepLast", "retainOnDelete", "deadlineMinutes"] as const;

function loggerFor(typeName: string, inputs: { resourceName?: string }): Logger {
    return createLogger(`${typeName} ${inputs.resourceName ?? "?"}`);
}

/** Validates and normalizes inputs before any API call; failures name the field and what it accepts. */
export function checkBackupInputs(kind: BackupKind, news: Record<string, any>, options: { schemaKnown?: boolean } = {}): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    const checked = checkSharedBackupInputs(checker, news);
    if (kind === "partial") checked.queryArgs = isUnknown(news.queryArgs) ? news.queryArgs : checkQueryArgs(checker, news.queryArgs, { schemaKnown: options.schemaKnown ?? false });
    return checker.result(checked);
}

/** Reads during `check` (never writes): the instance exists and, for a partial backup, `queryArgs` fits the schema OPTIONS serves. */
async function verifyBackupInputs(client: SyncanoClient, kind: BackupKind, inputs: Record<string, any>): Promise<CheckFailure[]> {
    if (typeof inputs.instanceName !== "string" || isUnknown(inputs.instanceName)) return [];
    try {
        if (kind === "full") {
            await client.send({ method: "GET", path: `/v1/instances/${encodeURIComponent(inputs.instanceName)}/backups/full/`, query: { page_size: 1 }, operation: "FullBackups.List" });
            return [];
        }
        const schema = await querySchemaFor(client, inputs.instanceName);
        if (typeof inputs.queryArgs !== "object" || inputs.queryArgs === null) return [];
        if (schema) return queryArgsSchemaFailures(schema, inputs.queryArgs);
        // The API served no schema: the documented types are the accepted keys.
        const checker = new InputChecker();
        checkQueryArgs(checker, inputs.queryArgs, { schemaKnown: false });
        return checker.failures;
    } catch (error) {
        if (isSyncanoError(error) && error.statusCode === 404) return [{ property: "instanceName", reason: `instanceName: the Syncano account has no instance "${inputs.instanceName}" (${error.detail ?? "not found"})` }];
        throw error;
    }
}

function specOf(k: BackupKindSpec, inputs: Record<string, any>): BackupSpec {
    return {
        kind: k.kind,
        typeName: k.typeName,
        resourceName: inputs.resourceName,
        stackName: inputs.stackName,
        instanceName: inputs.instanceName,
        ...(inputs.label !== undefined ? { label: inputs.label } : {}),
        ...(inputs.description !== undefined ? { description: inputs.description } : {}),
        metadata: inputs.metadata ?? {},
        ...(k.kind === "partial" ? { queryArgs: inputs.queryArgs } : {}),
        ...(inputs.keepLast !== undefined ? { keepLast: inputs.keepLast } : {}),
        retainOnDelete: inputs.retainOnDelete ?? false,
        triggers: inputs.triggers ?? [],
        deadlineMinutes: inputs.deadlineMinutes ?? defaultSyncanoDeadlineMinutes,
    };
}

/** Outputs from the spec and the backup as Syncano reports it. */
export function backupOutputs(spec: BackupSpec, backup: SyncanoBackup): SyncanoBackupOutputs {
    return {
        schemaVersion: syncanoBackupSchemaVersion,
        resourceName: spec.resourceName,
        stackName: spec.stackName,
        instanceName: spec.instanceName,
        ...(spec.label !== undefined ? { label: spec.label } : {}),
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        metadata: spec.metadata,
        ...(spec.queryArgs !== undefined ? { queryArgs: spec.queryArgs as QueryArgs } : {}),
        ...(spec.keepLast !== undefined ? { keepLast: spec.keepLast } : {}),
        retainOnDelete: spec.retainOnDelete,
        triggers: spec.triggers,
        deadlineMinutes: spec.deadlineMinutes,
        backupId: backup.id,
        status: backup.status,
        statusInfo: backup.status_info ?? "",
        size: backup.size ?? 0,
        createdAt: backup.created_at,
        ...(spec.kind === "partial" && backup.archive ? { archive: backup.archive } : {}),
    };
}

/** Compares desired inputs with the outputs in state: instance → replace; what to back up → a new backup in place; settings → in place. */
export function diffBackup(olds: Partial<SyncanoBackupOutputs>, news: Record<string, any>): { changes: boolean; replaces: string[]; diffs: string[]; newBackup: boolean } {
    const o = olds as Record<string, unknown>;
    const request = diffFields(requestFields.map((field) => ({ field, desired: news[field] ?? (field === "metadata" ? {} : field === "triggers" ? [] : null), live: o[field] ?? (field === "metadata" ? {} : field === "triggers" ? [] : null) })));
    const rest = diffFields([
        { field: "instanceName", desired: news.instanceName, live: olds.instanceName, replaces: true },
        ...settingFields.map((field) => ({ field, desired: news[field] ?? null, live: o[field] ?? null })),
        { field: "schemaVersion", desired: syncanoBackupSchemaVersion, live: olds.schemaVersion },
    ]);
    const diffs = [...rest.diffs, ...request.diffs];
    return { changes: diffs.length > 0, replaces: rest.replaces, diffs, newBackup: request.changes };
}

/**
 * The dynamic-provider implementation of a full or partial backup. A backup is an event kept as a
 * resource: `create` takes it and waits; a change of what it backs up or of `triggers` takes a new one
 * in place (`update`), then deletes the previous one (or, with `keepLast`, the series' oldest beyond
 * that many); `read` follows its status and notices it gone; `delete` deletes it (with `keepLast`, the
 * whole series) unless `retainOnDelete`.
 */
export function backupResourceProvider(k: BackupKindSpec): pulumi.dynamic.ResourceProvider {
    return {
        async configure(req) {
            configureSyncano(req.config);
        },

        async check(_olds, news) {
            const result = checkBackupInputs(k.kind, news, { schemaKnown: true });
            if (result.failures.length === 0) result.failures.push(...(await verifyBackupInputs(getSyncanoClient(), k.kind, result.inputs)));
            return result;
        },

        async diff(_id, olds, news) {
            const { changes, replaces, diffs } = diffBackup(olds, news);
            if (changes) loggerFor(k.typeName, olds).debug(`changed: ${diffs.join(", ")}`);
            return { changes, replaces };
        },

        async create(news) {
            const spec = specOf(k, news);
            const log = loggerFor(k.typeName, spec);
            const client = getSyncanoClient();
            const backup = await takeBackup(client, spec, {}, log);
            if (spec.keepLast !== undefined) await pruneSeries(client, spec, spec.keepLast, backup.id, log);
            return { id: backupPath(k.kind, backup.id), outs: backupOutputs(spec, backup) };
        },

        async update(_id, olds, news) {
            const o = olds as SyncanoBackupOutputs;
            const spec = specOf(k, news);
            const log = loggerFor(k.typeName, spec);
            const client = getSyncanoClient();
            if (!diffBackup(o, news).newBackup) {
                // Only our own settings changed: the backup stays; a lower keepLast applies at once.
                if (spec.keepLast !== undefined && spec.keepLast !== o.keepLast) await pruneSeries(client, spec, spec.keepLast, o.backupId, log);
                const { keepLast: _old, ...kept } = o;
                return { outs: { ...kept, ...(spec.keepLast !== undefined ? { keepLast: spec.keepLast } : {}), retainOnDelete: spec.retainOnDelete, deadlineMinutes: spec.deadlineMinutes, schemaVersion: syncanoBackupSchemaVersion } };
            }
            // A new backup in place: knowing the earlier one, a rerun never adopts it (nor anything older).
            const backup = await takeBackup(client, spec, { backupId: o.backupId }, log);
            if (spec.keepLast !== undefined) await pruneSeries(client, spec, spec.keepLast, backup.id, log);
            else if (!spec.retainOnDelete && o.backupId !== undefined && o.backupId !== backup.id) {
                log.info(`deleting the previous ${backupLabel({ id: o.backupId }, spec.instanceName)}: the new one replaces it (keepLast keeps more)`);
                await deleteEndedBackup(client, k.kind, { id: o.backupId }, spec.instanceName, Date.now() + spec.deadlineMinutes * 60_000, spec.deadlineMinutes * 60_000, log);
            }
            return { outs: backupOutputs(spec, backup) };
        },

        async read(id, props) {
            const stored = props as SyncanoBackupOutputs;
            const live = await getBackup(getSyncanoClient(), k.kind, stored.backupId);
            if (!live) {
                loggerFor(k.typeName, stored).info(`${backupLabel({ id: stored.backupId }, stored.instanceName)} no longer exists`);
                return {};
            }
            // Refresh never backs up: it follows the status of the backup the resource holds.
            return { id, props: backupOutputs(specOf(k, stored), { ...live, archive: live.archive ?? stored.archive ?? null }) };
        },

        async delete(_id, props) {
            const stored = props as SyncanoBackupOutputs;
            const spec = specOf(k, stored);
            const log = loggerFor(k.typeName, stored);
            const label = backupLabel({ id: stored.backupId }, stored.instanceName);
            if (stored.retainOnDelete) {
                log.info(`keeping ${label}${stored.keepLast !== undefined ? " and the others this resource kept" : ""} in Syncano (retainOnDelete): only removing it from the stack`);
                return;
            }
            const client = getSyncanoClient();
            const deadlineMs = spec.deadlineMinutes * 60_000;
            const deadlineAt = Date.now() + deadlineMs;
            let targets: Array<{ id: number }> = [{ id: stored.backupId }];
            if (stored.keepLast !== undefined) {
                // The resource keeps a series: destroy takes all of it (found by its marker).
                const series = await listSeries(client, spec).catch((error: unknown) => {
                    if (isSyncanoError(error) && error.statusCode === 404) return [];
                    throw error;
                });
                targets = [...new Map([...series, ...targets].map((b) => [b.id, b])).values()];
            }
            for (const target of targets) {
                log.info(`deleting ${backupLabel(target, stored.instanceName)}`);
                if (!(await deleteEndedBackup(client, k.kind, target, stored.instanceName, deadlineAt, deadlineMs, log))) log.info(`${backupLabel(target, stored.instanceName)} was already gone`);
            }
        },
    };
}

/** Unused outputs still listed so every output exists on the resource whatever the inputs. */
export const backupOutputPlaceholders = Object.freeze({
    backupId: undefined,
    status: undefined,
    statusInfo: undefined,
    size: undefined,
    createdAt: undefined,
    schemaVersion: undefined,
});
