import type { Logger } from "../core/log";
import { redact } from "../core/redact/sanitizer";
import { KeyedConcurrencyLimit } from "../core/util/keyedConcurrency";
import { processShared } from "../core/util/processShared";
import { createRestore, getRestore, isActive, listRestores, type SyncanoRestoreRun } from "./api";
import type { SyncanoClient } from "./syncanoClient";
import { waitForStatus } from "./statusWait";

/** What to restore where, checked; an `archiveUrl` input is resolved to its backup first. */
export interface RestoreSpec {
    resourceName: string;
    instanceName: string;
    /** A successful backup of the account. */
    backupId: number;
    deadlineMinutes: number;
}

/** What the resource knows of its earlier restore (on update): never adopt it, nor anything older. */
export interface EarlierRestore {
    restoreId?: number;
}

// One restore per instance: Syncano marks a second one `aborted` while the first is scheduled or running.
const instanceLanes = (): KeyedConcurrencyLimit => processShared("syncanoRestoreLanes.v1", () => new KeyedConcurrencyLimit(1));

/** `restore #7 into instance "shop"`. */
export function restoreLabel(restore: Pick<SyncanoRestoreRun, "id">, instance: string): string {
    return `restore #${restore.id} into instance "${instance}"`;
}


/** True when Syncano aborted the restore because another one held the instance. */
export function isAbortedForAnotherRestore(run: SyncanoRestoreRun): boolean {
    return run.status === "aborted" && /already scheduled/i.test(run.status_info ?? "");
}

async function waitForRestore(client: SyncanoClient, spec: RestoreSpec, first: SyncanoRestoreRun, deadlineAt: number, log: Logger): Promise<SyncanoRestoreRun> {
    const label = restoreLabel(first, spec.instanceName);
    const done = await waitForStatus<SyncanoRestoreRun>({
        label,
        first,
        fetch: (signal) => getRestore(client, spec.instanceName, first.id, signal),
        statusOf: (r) => r?.status ?? "gone",
        isDone: (r) => !r || !isActive(r),
        deadlineAt,
        deadlineMs: spec.deadlineMinutes * 60_000,
        deadlineHint: "It goes on in Syncano: run `pulumi up` again to wait for it (the rerun adopts it), or raise deadlineMinutes.",
        log,
    });
    if (!done) throw new Error(`SyncanoRestore ${spec.resourceName}: ${label} disappeared while it ran`);
    return done;
}

/**
 * Runs one restore to its end, one per instance at a time (in this process, and by waiting out the
 * instance's active restores): adopts the running restore a killed run of this resource started
 * (same instance and backup, newer than the earlier restore); else waits for the instance's other
 * restores, then asks for ours. A restore Syncano aborted because another slipped in is asked again;
 * `error` and other aborts fail with `status_info`.
 */
export function runRestore(client: SyncanoClient, spec: RestoreSpec, earlier: EarlierRestore, log: Logger): Promise<SyncanoRestoreRun> {
    return instanceLanes().run(`${client.baseUrl} ${spec.instanceName}`, async () => {
        const deadlineAt = Date.now() + spec.deadlineMinutes * 60_000;
        const since = Date.now() - spec.deadlineMinutes * 60_000;
        for (;;) {
            if (Date.now() > deadlineAt) throw new Error(`SyncanoRestore ${spec.resourceName}: no restore into instance "${spec.instanceName}" could run within deadlineMinutes (${spec.deadlineMinutes}): other restores kept the instance`);
            const active = (await listRestores(client, spec.instanceName)).filter(isActive).sort((a, b) => a.id - b.id);
            const adoptable = active.find((r) => r.backup === spec.backupId && r.id > (earlier.restoreId ?? 0) && Date.parse(r.created_at) >= since);
            if (adoptable) {
                log.info(`adopting ${restoreLabel(adoptable, spec.instanceName)} (${adoptable.status}), started by an earlier run that did not finish`);
                const done = await waitForRestore(client, spec, adoptable, deadlineAt, log);
                if (done.status === "success") return done;
                log.info(`${restoreLabel(done, spec.instanceName)} ended ${done.status}; restoring again`);
                continue;
            }
            for (const other of active) {
                log.info(`waiting for ${restoreLabel(other, spec.instanceName)} (${other.status}): Syncano runs one restore per instance`);
                await waitForRestore(client, spec, other, deadlineAt, log);
            }
            log.info(`restoring backup #${spec.backupId} into instance "${spec.instanceName}"`);
            const first = await createRestore(client, spec.instanceName, { backup: spec.backupId });
            const done = await waitForRestore(client, spec, first, deadlineAt, log);
            if (done.status === "success") return done;
            if (isAbortedForAnotherRestore(done)) {
                log.info(`${restoreLabel(done, spec.instanceName)} was aborted: another restore holds the instance; waiting for it, then asking again`);
                continue;
            }
            throw new Error(`SyncanoRestore ${spec.resourceName}: ${restoreLabel(done, spec.instanceName)} ended ${done.status}: ${redact(done.status_info || "Syncano gave no status_info")}`);
        }
    });
}
