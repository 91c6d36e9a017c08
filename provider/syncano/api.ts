import { isSyncanoError } from "./syncanoError";
import type { SyncanoClient } from "./syncanoClient";

// Syncano v1 backups and restores, as the platform's `apps/backups` serves them and the 2016 docs
// describe them (../shared/reference/syncano-backups.md). Paths end with a slash: the platform
// redirects or refuses those without.

/** Which backup endpoint: `backups/full/` or `backups/partial/`. */
export type BackupKind = "full" | "partial";

/** A backup's or a restore's status; `uploading` is documented but never set. */
export type SyncanoStatus = "scheduled" | "running" | "uploading" | "success" | "error" | "aborted";

/** Statuses that end a backup or a restore. */
export const endStatuses: ReadonlySet<string> = new Set(["success", "error", "aborted"]);

/** A backup as the API represents it (`archive` on partial backups only, null until success). */
export interface SyncanoBackup {
    id: number;
    instance: string | null;
    created_at: string;
    updated_at: string;
    size: number | null;
    status: SyncanoStatus;
    status_info: string;
    description: string;
    label: string;
    metadata?: Record<string, unknown> | null;
    details?: Record<string, unknown> | null;
    archive?: string | null;
    links?: { self?: string };
}

/** A restore as the API represents it. */
export interface SyncanoRestoreRun {
    id: number;
    backup: number | null;
    created_at: string;
    updated_at: string;
    status: SyncanoStatus;
    status_info: string;
    archive?: string | null;
    links?: { self?: string };
}

/** One page of a list: `next` is a relative path, present whenever the page is full. */
interface Page<T> {
    next?: string | null;
    objects: T[];
}

/** True while a backup or restore is scheduled or still running. */
export function isActive(item: { status: string }): boolean {
    return !endStatuses.has(item.status);
}

const segment = (name: string): string => encodeURIComponent(name);

/** `/v1/instances/<instance>/backups/<kind>/`: where backups of an instance are made and listed. */
export function instanceBackupsPath(kind: BackupKind, instance: string): string {
    return `/v1/instances/${segment(instance)}/backups/${kind}/`;
}

/** `/v1/backups/<kind>/<id>/`: a backup's own URL (its `links.self`), whatever its instance. */
export function backupPath(kind: BackupKind, id: number): string {
    return `/v1/backups/${kind}/${id}/`;
}

/** `/v1/instances/<instance>/restores/`. */
export function restoresPath(instance: string): string {
    return `/v1/instances/${segment(instance)}/restores/`;
}

/** Reads every page of a list, following `next` (cursor paging, 100 a page). */
export async function listAll<T>(client: SyncanoClient, path: string, operation: string, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let page = (await client.send<Page<T>>({ method: "GET", path, query: { page_size: 100, ordering: "asc" }, operation, signal })).body;
    for (;;) {
        const objects = page?.objects ?? [];
        items.push(...objects);
        if (!page?.next || objects.length === 0) return items;
        page = (await client.send<Page<T>>({ method: "GET", path: new URL(page.next, `${client.baseUrl}/`).toString(), operation, signal })).body;
    }
}

/** POST a backup of an instance; answers 201 with status `scheduled`. */
export async function createBackup(client: SyncanoClient, kind: BackupKind, instance: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<SyncanoBackup> {
    return (await client.send<SyncanoBackup>({ method: "POST", path: instanceBackupsPath(kind, instance), body, operation: `${kindName(kind)}.Create`, signal })).body;
}

/** GET a backup by id; undefined when it does not exist (deleted, or not the caller's). */
export async function getBackup(client: SyncanoClient, kind: BackupKind, id: number, signal?: AbortSignal): Promise<SyncanoBackup | undefined> {
    return orMissing(client.send<SyncanoBackup>({ method: "GET", path: backupPath(kind, id), operation: `${kindName(kind)}.Get`, signal }));
}

/** Every backup of this kind: of one instance, or of the whole account. */
export function listBackups(client: SyncanoClient, kind: BackupKind, instance?: string, signal?: AbortSignal): Promise<SyncanoBackup[]> {
    return listAll<SyncanoBackup>(client, instance ? instanceBackupsPath(kind, instance) : `/v1/backups/${kind}/`, `${kindName(kind)}.List`, signal);
}

/** DELETE a backup (204); false when it was already gone. Refused (400) while it runs. */
export async function deleteBackup(client: SyncanoClient, kind: BackupKind, id: number, signal?: AbortSignal): Promise<boolean> {
    return (await orMissing(client.send({ method: "DELETE", path: backupPath(kind, id), operation: `${kindName(kind)}.Delete`, signal }))) !== undefined;
}

/** The `query_args` JSON schema, from OPTIONS on the instance's partial backups (`actions.POST.query_args.schema`). */
export async function getQueryArgsSchema(client: SyncanoClient, instance: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const body = (await client.send<any>({ method: "OPTIONS", path: instanceBackupsPath("partial", instance), operation: "PartialBackups.Options", signal })).body;
    const schema = body?.actions?.POST?.query_args?.schema;
    return typeof schema === "object" && schema !== null ? schema : undefined;
}

/** POST a restore of one of the account's successful backups into an instance (`{archive}` uploads are for staff accounts only). */
export async function createRestore(client: SyncanoClient, instance: string, body: { backup: number }, signal?: AbortSignal): Promise<SyncanoRestoreRun> {
    return (await client.send<SyncanoRestoreRun>({ method: "POST", path: restoresPath(instance), body, operation: "Restores.Create", signal })).body;
}

/** GET a restore of an instance; undefined when it does not exist. */
export function getRestore(client: SyncanoClient, instance: string, id: number, signal?: AbortSignal): Promise<SyncanoRestoreRun | undefined> {
    return orMissing(client.send<SyncanoRestoreRun>({ method: "GET", path: `${restoresPath(instance)}${id}/`, operation: "Restores.Get", signal }));
}

/** Every restore of an instance. */
export function listRestores(client: SyncanoClient, instance: string, signal?: AbortSignal): Promise<SyncanoRestoreRun[]> {
    return listAll<SyncanoRestoreRun>(client, restoresPath(instance), "Restores.List", signal);
}

function kindName(kind: BackupKind): string {
    return kind === "full" ? "FullBackups" : "PartialBackups";
}

async function orMissing<T>(call: Promise<{ body: T }>): Promise<T | undefined> {
    try {
        return (await call).body ?? ({} as T);
    } catch (error) {
        if (isSyncanoError(error) && error.statusCode === 404) return undefined;
        throw error;
    }
}
