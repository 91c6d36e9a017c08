import * as pulumi from "@pulumi/pulumi";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { diffFields } from "../core/diff/fieldDiff";
import { createLogger, type Logger } from "../core/log";
import { fingerprint, registerSecret } from "../core/redact/sanitizer";
import { getBackup, listBackups, restoresPath, type SyncanoBackup } from "./api";
import { checkInstanceName, defaultSyncanoDeadlineMinutes } from "./backupInputs";
import { runRestore, type RestoreSpec } from "./restoreRun";
import { configureSyncano } from "./syncanoApiKey";
import { getSyncanoClient, type SyncanoClient } from "./syncanoClient";
import { isSyncanoError } from "./syncanoError";
import { lazyProvider } from "../core/dynamic/lazyProvider";

/** Version of the outputs' shape. */
export const syncanoRestoreSchemaVersion = 1;

/** Inputs of {@link SyncanoRestore}: give `backupId` or `archiveUrl`, not both. */
export interface SyncanoRestoreArgs {
    /** The instance whose data the restore replaces. */
    instanceName: pulumi.Input<string>;
    /** A successful backup of the account: the `backupId` output of a FullBackup or PartialBackup. */
    backupId?: pulumi.Input<number>;
    /**
     * Or the `archive` URL of one of the account's partial backups (a PartialBackup's `archive`
     * output), a secret: state keeps its fingerprint only. It is restored as that backup: Syncano
     * takes uploaded archives from staff accounts only.
     */
    archiveUrl?: pulumi.Input<string>;
    /** Any values; a change restores again. */
    triggers?: pulumi.Input<unknown[]>;
    /** How long `up` waits for the restore, and for the instance's other restores before it (default 60, at most 1440). */
    deadlineMinutes?: pulumi.Input<number>;
}

/** Outputs of {@link SyncanoRestore}. */
export interface SyncanoRestoreOutputs {
    schemaVersion: number;
    resourceName: string;
    instanceName: string;
    backupId?: number;
    /** `sha256:…` of the archive URL, when restored from one. */
    archiveUrlFingerprint?: string;
    /** The backup restored: `backupId`, or the partial backup whose archive `archiveUrl` is. */
    restoredBackupId: number;
    triggers: unknown[];
    deadlineMinutes: number;
    restoreId: number;
    status: string;
    statusInfo: string;
    /** When the restore ended (its `updated_at`). */
    completedAt: string;
}

/** Inputs passed as secrets. */
const secretInputs = ["archiveUrl"];

function loggerFor(inputs: { resourceName?: string }): Logger {
    return createLogger(`SyncanoRestore ${inputs.resourceName ?? "?"}`);
}

/** Validates and normalizes inputs before any API call; failures name the field and what it accepts. */
export function checkRestoreInputs(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker(secretInputs);
    const checked: Record<string, unknown> = {
        resourceName: checker.requiredString("resourceName", news.resourceName),
        instanceName: checkInstanceName(checker, news.instanceName),
        triggers: checker.list("triggers", news.triggers),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultSyncanoDeadlineMinutes }),
    };
    const hasBackup = news.backupId !== undefined && news.backupId !== null;
    const hasArchive = news.archiveUrl !== undefined && news.archiveUrl !== null && news.archiveUrl !== "";
    if (hasBackup && hasArchive) checker.fail("backupId", "backupId and archiveUrl are exclusive: give one (a backup of the account by id, or an archive's URL)");
    else if (!hasBackup && !hasArchive) checker.fail("backupId", "backupId is required unless archiveUrl is given: the backupId output of a FullBackup or PartialBackup");
    if (hasBackup) checked.backupId = isUnknown(news.backupId) ? news.backupId : checker.integer("backupId", news.backupId, { min: 1, max: Number.MAX_SAFE_INTEGER });
    if (hasArchive) {
        if (isUnknown(news.archiveUrl)) checked.archiveUrl = news.archiveUrl;
        else {
            const url = checker.optionalString("archiveUrl", news.archiveUrl);
            let parsed: URL | undefined;
            try {
                parsed = url === undefined ? undefined : new URL(url);
            } catch {
                parsed = undefined;
            }
            // The value is a secret: the reason never quotes it.
            if (url !== undefined && parsed?.protocol !== "https:") checker.fail("archiveUrl", "archiveUrl must be an https URL (a PartialBackup's archive output)");
            else checked.archiveUrl = url;
        }
    }
    for (const key of ["instanceName", "triggers", "deadlineMinutes"]) if (isUnknown(news[key])) checked[key] = news[key];
    return checker.result(checked);
}

/** Finds a backup by id, full or partial (they share one id space). */
async function findBackup(client: SyncanoClient, id: number): Promise<SyncanoBackup | undefined> {
    return (await getBackup(client, "full", id)) ?? (await getBackup(client, "partial", id));
}

const withoutQuery = (url: string): string => url.replace(/[?#].*$/, "");

/** The account's partial backup whose archive the URL is (compared whole, then without its query, in case it is signed anew). */
async function findBackupOfArchive(client: SyncanoClient, archiveUrl: string): Promise<SyncanoBackup | undefined> {
    const partials = (await listBackups(client, "partial")).filter((b) => typeof b.archive === "string" && b.archive !== "");
    return partials.find((b) => b.archive === archiveUrl) ?? partials.find((b) => withoutQuery(b.archive!) === withoutQuery(archiveUrl));
}

// The archive URL is a secret: the reason never quotes it, and names no property the engine would print.
const unknownArchive =
    "archiveUrl: no partial backup of the account has this archive; Syncano restores uploaded archives for staff accounts only, so give the archive output of one of the account's partial backups, or its backupId";

/** Reads during `check` (never writes): the instance exists; a known `backupId` is a successful backup of the account. */
async function verifyRestoreInputs(client: SyncanoClient, inputs: Record<string, any>): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = [];
    if (typeof inputs.instanceName === "string" && !isUnknown(inputs.instanceName)) {
        try {
            await client.send({ method: "GET", path: restoresPath(inputs.instanceName), query: { page_size: 1 }, operation: "Restores.List" });
        } catch (error) {
            if (!(isSyncanoError(error) && error.statusCode === 404)) throw error;
            failures.push({ property: "instanceName", reason: `instanceName: the Syncano account has no instance "${inputs.instanceName}" (${error.detail ?? "not found"})` });
        }
    }
    if (typeof inputs.archiveUrl === "string" && !isUnknown(inputs.archiveUrl)) {
        registerSecret(inputs.archiveUrl);
        if (!(await findBackupOfArchive(client, inputs.archiveUrl))) failures.push({ property: "", reason: unknownArchive });
    }
    if (typeof inputs.backupId === "number") {
        const backup = await findBackup(client, inputs.backupId);
        if (!backup) failures.push({ property: "backupId", reason: `backupId: the account has no backup #${inputs.backupId}` });
        else if (backup.status !== "success") failures.push({ property: "backupId", reason: `backupId: backup #${inputs.backupId} is ${backup.status}; only a successful backup can be restored` });
    }
    return failures;
}

/** The spec to run: an `archiveUrl` resolved to its backup. */
async function specOf(client: SyncanoClient, inputs: Record<string, any>): Promise<RestoreSpec> {
    let backupId = inputs.backupId as number | undefined;
    if (backupId === undefined) {
        const backup = await findBackupOfArchive(client, inputs.archiveUrl);
        if (!backup) throw new Error(`SyncanoRestore ${inputs.resourceName}: ${unknownArchive}`);
        backupId = backup.id;
    }
    return { resourceName: inputs.resourceName, instanceName: inputs.instanceName, backupId, deadlineMinutes: inputs.deadlineMinutes ?? defaultSyncanoDeadlineMinutes };
}

/** The archive URL as state keeps it: a fingerprint; unknown stays unknown. */
function archiveFingerprintOf(value: unknown): unknown {
    if (value === undefined || value === null) return null;
    return typeof value === "string" && !isUnknown(value) ? fingerprint(value) : value;
}

/** Whether the restore must run again: what it restores, where, or `triggers` changed. */
function restoreChanges(olds: Partial<SyncanoRestoreOutputs>, news: Record<string, any>) {
    return diffFields([
        { field: "instanceName", desired: news.instanceName, live: olds.instanceName },
        { field: "backupId", desired: news.backupId ?? null, live: olds.backupId ?? null },
        { field: "archiveUrl", desired: archiveFingerprintOf(news.archiveUrl), live: olds.archiveUrlFingerprint ?? null },
        { field: "triggers", desired: news.triggers ?? [], live: olds.triggers ?? [] },
    ]);
}

async function restore(inputs: Record<string, any>, earlierRestoreId: number | undefined): Promise<SyncanoRestoreOutputs> {
    if (typeof inputs.archiveUrl === "string") registerSecret(inputs.archiveUrl);
    const client = getSyncanoClient();
    const spec = await specOf(client, inputs);
    const done = await runRestore(client, spec, { restoreId: earlierRestoreId }, loggerFor(inputs));
    return {
        schemaVersion: syncanoRestoreSchemaVersion,
        resourceName: spec.resourceName,
        instanceName: spec.instanceName,
        ...(inputs.backupId !== undefined ? { backupId: inputs.backupId } : {}),
        ...(typeof inputs.archiveUrl === "string" ? { archiveUrlFingerprint: fingerprint(inputs.archiveUrl) } : {}),
        restoredBackupId: spec.backupId,
        triggers: inputs.triggers ?? [],
        deadlineMinutes: spec.deadlineMinutes,
        restoreId: done.id,
        status: done.status,
        statusInfo: done.status_info ?? "",
        completedAt: done.updated_at,
    };
}

/**
 * The implementation the serialized provider loads. A restore is an event: `create` runs it and
 * waits; a change of what it restores, where, or of `triggers` runs it again in place; `read` never
 * restores and keeps the record; `delete` forgets it (the data it restored stays).
 */
export const syncanoRestoreProvider: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
        configureSyncano(req.config);
    },

    async check(_olds, news) {
        const result = checkRestoreInputs(news);
        if (result.failures.length === 0) result.failures.push(...(await verifyRestoreInputs(getSyncanoClient(), result.inputs)));
        return result;
    },

    async diff(_id, olds, news) {
        const o = olds as SyncanoRestoreOutputs;
        const settings = diffFields([
            { field: "deadlineMinutes", desired: news.deadlineMinutes, live: o.deadlineMinutes },
            { field: "schemaVersion", desired: syncanoRestoreSchemaVersion, live: o.schemaVersion },
        ]);
        // A restore is an event: every change is in place (update runs it again when it must).
        return { changes: restoreChanges(o, news).changes || settings.changes, replaces: [] };
    },

    async create(news) {
        const outs = await restore(news, undefined);
        return { id: `${restoresPath(outs.instanceName)}${outs.restoreId}/`, outs };
    },

    async update(_id, olds, news) {
        const o = olds as SyncanoRestoreOutputs;
        // Only our own settings changed (deadline, schema): the restore stays as it was.
        if (!restoreChanges(o, news).changes) return { outs: { ...o, deadlineMinutes: news.deadlineMinutes, schemaVersion: syncanoRestoreSchemaVersion } };
        return { outs: await restore(news, o.restoreId) };
    },

    async read(id, props) {
        // Refresh never restores: the record of the restore stands as it was.
        return { id, props };
    },

    async delete(_id, props) {
        loggerFor(props).info(`forgetting restore #${props.restoreId} into instance "${props.instanceName}"; the data it restored stays`);
    },
};

const provider = lazyProvider("dist/provider/syncano/syncanoRestore", "syncanoRestoreProvider");

/**
 * A backup (or an archive) restored into a Syncano instance, once: the instance's data is replaced
 * (a full backup exactly; a partial one on top of a fresh instance). Runs again only when what it
 * restores, where, or `triggers` change; never on refresh. Restores into one instance run one at a
 * time; a rerun after an interrupted `up` adopts the restore the killed run started.
 */
export class SyncanoRestore extends pulumi.dynamic.Resource {
    declare readonly instanceName: pulumi.Output<string>;
    declare readonly restoreId: pulumi.Output<number>;
    /** The backup restored: `backupId`, or the partial backup whose archive `archiveUrl` is. */
    declare readonly restoredBackupId: pulumi.Output<number>;
    declare readonly status: pulumi.Output<string>;
    declare readonly completedAt: pulumi.Output<string>;

    constructor(name: string, args: SyncanoRestoreArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = { restoreId: undefined, restoredBackupId: undefined, status: undefined, statusInfo: undefined, completedAt: undefined, archiveUrlFingerprint: undefined, schemaVersion: undefined };
        const inputs = {
            ...outputs,
            ...args,
            resourceName: name,
            // Wrapped here so state holds it encrypted even when the caller passed a plain string.
            ...(args.archiveUrl !== undefined ? { archiveUrl: pulumi.secret(args.archiveUrl) } : {}),
        };
        super(provider, name, inputs, opts, "syncano", "Restore");
    }
}
