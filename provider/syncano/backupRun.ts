import { isTransportError } from "../core/errors";
import type { Logger } from "../core/log";
import { redact } from "../core/redact/sanitizer";
import { createBackup, deleteBackup, getBackup, isActive, listBackups, type BackupKind, type SyncanoBackup } from "./api";
import { backupMarker, isInSeries, markerKey, markerOf, type BackupMarker, type BackupSeries } from "./backupMarker";
import type { SyncanoClient } from "./syncanoClient";
import { accountLimitOf, isActiveBackupDeletion, isActiveBackupRefusal, isAccountLimitRefusal, isSyncanoError } from "./syncanoError";
import { waitForStatus } from "./statusWait";

/** Everything a backup resource asks for, checked. */
export interface BackupSpec {
    kind: BackupKind;
    /** "FullBackup" | "PartialBackup": first in messages and in the marker. */
    typeName: string;
    resourceName: string;
    stackName: string;
    instanceName: string;
    label?: string;
    description?: string;
    metadata: Record<string, unknown>;
    queryArgs?: Record<string, unknown>;
    keepLast?: number;
    retainOnDelete: boolean;
    triggers: unknown[];
    deadlineMinutes: number;
}

/** What the resource knows of its earlier backup (on update): never adopt it, nor anything older. */
export interface EarlierBackup {
    backupId?: number;
}

/** The series a spec's backups belong to. */
export function seriesOf(spec: Pick<BackupSpec, "typeName" | "resourceName" | "stackName" | "instanceName">): BackupSeries {
    return { stack: spec.stackName, resource: `${spec.typeName}:${spec.resourceName}`, instance: spec.instanceName };
}

/** The marker a backup taken for this spec carries. */
export function markerFor(spec: BackupSpec): BackupMarker {
    return backupMarker(seriesOf(spec), {
        instance: spec.instanceName,
        label: spec.label,
        description: spec.description,
        metadata: spec.metadata,
        queryArgs: spec.queryArgs,
        triggers: spec.triggers,
    });
}

/** `backup #12 of instance "shop"`. */
export function backupLabel(backup: Pick<SyncanoBackup, "id">, instance: string): string {
    return `backup #${backup.id} of instance "${instance}"`;
}

/** The POST body: the user's fields, the marker in `metadata`, `query_args` for a partial backup. */
export function backupRequestBody(spec: BackupSpec): Record<string, unknown> {
    return {
        ...(spec.label !== undefined ? { label: spec.label } : {}),
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        metadata: { ...spec.metadata, [markerKey]: markerFor(spec) },
        ...(spec.kind === "partial" ? { query_args: spec.queryArgs } : {}),
    };
}

/**
 * The backup a killed run of this resource started, to adopt instead of taking a second one: same
 * series and same request (marker's `run`), not failed, newer than the resource's earlier backup;
 * with no earlier backup (create), started within the deadline, so a backup kept by an earlier life
 * of the resource (`retainOnDelete`) is not mistaken for this one.
 */
export async function findAdoptableBackup(client: SyncanoClient, spec: BackupSpec, earlier: EarlierBackup): Promise<SyncanoBackup | undefined> {
    const marker = markerFor(spec);
    const series = seriesOf(spec);
    const since = earlier.backupId === undefined ? Date.now() - spec.deadlineMinutes * 60_000 : 0;
    const candidates = (await listBackups(client, spec.kind, spec.instanceName)).filter(
        (b) =>
            isInSeries(b, series) &&
            markerOf(b)?.run === marker.run &&
            (isActive(b) || b.status === "success") &&
            b.id > (earlier.backupId ?? 0) &&
            Date.parse(b.created_at) >= since,
    );
    return candidates.sort((a, b) => b.id - a.id)[0];
}

/** Every backup of the account (full and partial) still scheduled or running. */
async function activeBackups(client: SyncanoClient, signal?: AbortSignal): Promise<SyncanoBackup[]> {
    const [full, partial] = await Promise.all([listBackups(client, "full", undefined, signal), listBackups(client, "partial", undefined, signal)]);
    return [...full, ...partial].filter(isActive);
}

/** Waits until the account runs no backup: Syncano runs one at a time per account. */
async function waitForIdleAccount(client: SyncanoClient, spec: BackupSpec, deadlineAt: number, log: Logger): Promise<void> {
    const running = await activeBackups(client);
    if (running.length === 0) return;
    const describe = (list: SyncanoBackup[] | undefined): string =>
        list?.length ? list.map((b) => `${backupLabel(b, b.instance ?? "?")} ${b.status}`).join(", ") : "idle";
    log.info(`another backup of the account is active (${describe(running)}): Syncano runs one at a time, waiting for it to end`);
    await waitForStatus<SyncanoBackup[]>({
        label: "the account's active backups",
        first: running,
        fetch: (signal) => activeBackups(client, signal),
        statusOf: describe,
        isDone: (list) => (list ?? []).length === 0,
        deadlineAt,
        deadlineMs: spec.deadlineMinutes * 60_000,
        deadlineHint: "Raise deadlineMinutes, or run `pulumi up` again once the other backup has ended.",
        log,
    });
}

/**
 * Makes room at the account's limit, with `keepLast`: deletes this series' oldest ended backups, as
 * many as keeping the newest `keepLast` (the new one included) asks. Never touches another stack's or
 * resource's backups, nor a running one. Returns how many it deleted.
 */
async function makeRoom(client: SyncanoClient, spec: BackupSpec, limit: number | undefined, log: Logger): Promise<number> {
    if (spec.keepLast === undefined) return 0;
    const series = (await listBackups(client, spec.kind, spec.instanceName)).filter((b) => isInSeries(b, seriesOf(spec)));
    const excess = series.length + 1 - spec.keepLast;
    const oldestEnded = series.filter((b) => !isActive(b)).sort((a, b) => a.id - b.id).slice(0, Math.max(0, excess));
    for (const backup of oldestEnded) {
        log.info(`deleting ${backupLabel(backup, spec.instanceName)} (${backup.created_at}) to make room: the account holds its limit of ${limit ?? "?"} backups and keepLast is ${spec.keepLast}`);
        await deleteBackup(client, spec.kind, backup.id);
    }
    return oldestEnded.length;
}

/** The error at the account's limit: names the limit and what would make room. */
function accountLimitError(spec: BackupSpec, limit: number | undefined, seriesCount: number): Error {
    const what = `${spec.typeName} ${spec.resourceName}: the Syncano account holds its limit of ${limit ?? "its"} backups (full and partial, failed ones included)`;
    const hint =
        spec.keepLast === undefined
            ? "set keepLast on this resource to let it delete its own oldest backups, or delete backups the account no longer needs"
            : `this resource keeps its last ${spec.keepLast} and holds ${seriesCount}, so none of its own can go before the new one exists; delete other backups the account no longer needs, or lower keepLast`;
    return new Error(`${what}: ${hint}`);
}

// The POST may or may not have reached the service: no answer, or a server error after sending.
function isAmbiguous(error: unknown): boolean {
    return isTransportError(error) || (isSyncanoError(error) && [408, 500, 502, 504].includes(error.statusCode));
}

/**
 * Starts the backup: while another backup of the account is active, waits and asks again; at the
 * account's limit, makes room with `keepLast` once, else fails naming the limit; an ambiguous failure
 * is settled by looking for the backup by its marker before asking again.
 */
async function startBackup(client: SyncanoClient, spec: BackupSpec, earlier: EarlierBackup, deadlineAt: number, log: Logger): Promise<SyncanoBackup> {
    let madeRoom = false;
    let ambiguousTries = 0;
    for (;;) {
        try {
            log.info(`taking a ${spec.kind} backup of instance "${spec.instanceName}"`);
            return await createBackup(client, spec.kind, spec.instanceName, backupRequestBody(spec));
        } catch (error) {
            if (isActiveBackupRefusal(error)) {
                await waitForIdleAccount(client, spec, deadlineAt, log);
                continue;
            }
            if (isAccountLimitRefusal(error)) {
                const limit = accountLimitOf(error);
                if (!madeRoom && (await makeRoom(client, spec, limit, log)) > 0) {
                    madeRoom = true;
                    continue;
                }
                const held = (await listBackups(client, spec.kind, spec.instanceName)).filter((b) => isInSeries(b, seriesOf(spec))).length;
                throw accountLimitError(spec, limit, held);
            }
            if (isAmbiguous(error) && ambiguousTries++ < 2) {
                log.info(`no clear answer to the request that starts the backup; looking for it before asking again`);
                const started = await findAdoptableBackup(client, spec, earlier);
                if (started) return started;
                continue;
            }
            throw error;
        }
    }
}

/**
 * Takes one backup to its end: adopts the one a killed run started (see {@link findAdoptableBackup}),
 * or starts one, then waits for `success` (progress lines with the backup's id and status). A backup
 * that ends `error` or `aborted` is deleted (it would only count against the account's limit) and
 * the run fails with its `status_info`.
 */
export async function takeBackup(client: SyncanoClient, spec: BackupSpec, earlier: EarlierBackup, log: Logger): Promise<SyncanoBackup> {
    const deadlineMs = spec.deadlineMinutes * 60_000;
    const deadlineAt = Date.now() + deadlineMs;
    const adopted = await findAdoptableBackup(client, spec, earlier);
    if (adopted) log.info(`adopting ${backupLabel(adopted, spec.instanceName)} (${adopted.status}), started by an earlier run that did not finish`);
    const first = adopted ?? (await startBackup(client, spec, earlier, deadlineAt, log));
    const label = backupLabel(first, spec.instanceName);
    const done = await waitForStatus<SyncanoBackup>({
        label,
        first,
        fetch: (signal) => getBackup(client, spec.kind, first.id, signal),
        statusOf: (b) => b?.status ?? "gone",
        isDone: (b) => !b || !isActive(b),
        deadlineAt,
        deadlineMs,
        deadlineHint: "It goes on in Syncano: run `pulumi up` again to wait for it (the rerun adopts it), or raise deadlineMinutes.",
        log,
    });
    if (!done) throw new Error(`${spec.typeName} ${spec.resourceName}: ${label} disappeared while it ran (deleted out of band?)`);
    if (done.status !== "success") {
        const reason = redact(done.status_info || "Syncano gave no status_info");
        await deleteBackup(client, spec.kind, done.id).catch(() => false);
        throw new Error(`${spec.typeName} ${spec.resourceName}: ${label} ended ${done.status}: ${reason} (the failed backup was deleted so it does not count against the account's limit)`);
    }
    log.info(`${label} succeeded (${done.size ?? 0} bytes)`);
    return done;
}

/** Deletes a backup, waiting for it to end first when it still runs; false when it was already gone. */
export async function deleteEndedBackup(client: SyncanoClient, kind: BackupKind, backup: Pick<SyncanoBackup, "id">, instance: string, deadlineAt: number, deadlineMs: number, log: Logger): Promise<boolean> {
    try {
        return await deleteBackup(client, kind, backup.id);
    } catch (error) {
        if (!isActiveBackupDeletion(error)) throw error;
    }
    await waitForStatus<SyncanoBackup>({
        label: `${backupLabel(backup, instance)} (to delete it once it ends)`,
        fetch: (signal) => getBackup(client, kind, backup.id, signal),
        statusOf: (b) => b?.status ?? "gone",
        isDone: (b) => !b || !isActive(b),
        deadlineAt,
        deadlineMs,
        deadlineHint: "Run `pulumi destroy` again once it has ended.",
        log,
    });
    return deleteBackup(client, kind, backup.id);
}

/**
 * Keeps the newest `keep` backups of the series (never `newest`, never a running one) and deletes
 * the rest, oldest first. Only backups carrying this stack's and resource's marker are considered.
 */
export async function pruneSeries(client: SyncanoClient, spec: BackupSpec, keep: number, newest: number, log: Logger): Promise<number[]> {
    const series = (await listBackups(client, spec.kind, spec.instanceName)).filter((b) => isInSeries(b, seriesOf(spec))).sort((a, b) => b.id - a.id);
    const surplus = series.filter((b) => b.id !== newest).slice(Math.max(0, keep - 1)).filter((b) => !isActive(b));
    for (const backup of surplus.reverse()) {
        log.info(`deleting ${backupLabel(backup, spec.instanceName)} (${backup.created_at}): keepLast is ${keep}`);
        await deleteBackup(client, spec.kind, backup.id);
    }
    return surplus.map((b) => b.id);
}

/** Every backup of the series (for destroy with `keepLast`), oldest first. */
export async function listSeries(client: SyncanoClient, spec: BackupSpec): Promise<SyncanoBackup[]> {
    return (await listBackups(client, spec.kind, spec.instanceName)).filter((b) => isInSeries(b, seriesOf(spec))).sort((a, b) => a.id - b.id);
}
