import { randomUUID } from "node:crypto";
import { ArmError } from "../../../platform/arm/armErrors";
import type { Clock } from "../../../platform/clock";
import type { AppServiceBehaviour } from "../behaviour";
import type { BackupDeletions } from "../work/backupDeletions";
import type { BackupRuns } from "../work/backupRuns";
import { isGone, RESTORABLE_STATUSES } from "../state/backupStatus";
import { parentOfBackup, type BackupStore } from "../state/backupStore";
import type { ForcedOutcomes } from "../forcedOutcomes";
import type { RestoreOperation, RestoreOperations } from "../work/restoreOperations";
import type { BackupItemModel, BackupItemProperties, SiteModel } from "../state/models";
import { siteId, slotId } from "../state/resourceIds";
import type { EmulatorStore } from "../../../platform/state/store";
import { backupNotFound, backupNotRestorable, invalidParameter, operationNotFound, overwriteRequired, restoreInProgress } from "../appServiceErrors";
import type { ArmOperationResult } from "../../../platform/arm/armOperation";
import { requireSite, type SiteTarget } from "../state/siteScope";
import { toBackupItem, type BackupItem } from "./backupItemView";
import { parseBackupRequest } from "./backupRequest";
import { containerSasUrl, isObject, optionalString } from "./requestFields";
import { isProductionSlot, parseRestoreRequest, restoreTargetNotFound, type NamedSite, type ParsedRestoreRequest } from "./restoreRequest";

/** What the backup operations reach into. */
export interface WebAppBackupsDependencies {
    store: EmulatorStore;
    backups: BackupStore;
    runs: BackupRuns;
    deletions: BackupDeletions;
    restores: RestoreOperations;
    outcomes: ForcedOutcomes;
    behaviour: () => AppServiceBehaviour;
    clock: Clock;
    /** Base URL of this server, for absolute `nextLink` and poll URLs. */
    baseUrl: () => string;
}

/** A page of GET `backups`. */
export interface BackupItemCollection {
    value: BackupItem[];
    nextLink?: string;
}

/**
 * Microsoft.Web on-demand backups and restores of sites and slots. Methods are named after the REST
 * operations (WebApps_Backup, _ListBackups, _GetBackupStatus, _DeleteBackup,
 * _ListBackupStatusSecrets, _Restore) and take models; HTTP stays in the route table.
 */
export class WebAppBackupsHandler {
    constructor(private readonly deps: WebAppBackupsDependencies) {}

    /** POST `backup`: stores a `Created` backup, starts its run, answers it with the SAS redacted. */
    backup(target: SiteTarget, body: unknown): BackupItem {
        const { store, backups, clock } = this.deps;
        const { site } = requireSite(store, target);
        const request = parseBackupRequest(body, clock.now()).properties;
        containerSasUrl(request.storageAccountUrl, "properties.storageAccountUrl");
        const created = clock.now();
        const id = backups.allocateId();
        const name = uniqueBackupName(`${request.backupName?.trim() || blobPrefixOf(site)}_${minuteStamp(created)}`, id, backups.list(site.id));
        const properties: BackupItemProperties = {
            id,
            storageAccountUrl: request.storageAccountUrl,
            blobName: `${name}.zip`,
            name,
            status: "Created",
            sizeInBytes: 0,
            websiteSizeInBytes: 0,
            created: created.toISOString(),
            finishedTimeStamp: null,
            lastRestoreTimeStamp: null,
            log: null,
            databases: request.databases,
            scheduled: false,
            correlationId: randomUUID(),
        };
        const backup = backups.create(site.id, properties);
        this.deps.runs.start(backup, this.deps.outcomes.take("backup", site.id));
        return toBackupItem(backup, site, false);
    }

    /** GET `backups`: one page, oldest first, SAS redacted; `nextLink` carries a `$skipToken` (the last id). */
    listBackups(target: SiteTarget, query: URLSearchParams): BackupItemCollection {
        const { site } = requireSite(this.deps.store, target);
        const skipToken = queryValue(query, "$skipToken");
        let after = 0;
        if (skipToken !== undefined) {
            if (!/^\d+$/.test(skipToken)) throw invalidParameter("$skipToken", "Expected the token of a nextLink.");
            after = Number(skipToken);
        }
        const remaining = this.deps.backups.list(site.id).filter((backup) => !isGone(backup.properties.status) && backup.properties.id > after);
        const page = remaining.slice(0, this.deps.behaviour().backupsPageSize);
        const result: BackupItemCollection = { value: page.map((backup) => toBackupItem(backup, site, false)) };
        if (remaining.length > page.length) {
            const apiVersion = encodeURIComponent(queryValue(query, "api-version") ?? "");
            result.nextLink = `${this.deps.baseUrl()}${site.id}/backups?api-version=${apiVersion}&$skipToken=${page[page.length - 1].properties.id}`;
        }
        return result;
    }

    /** GET `backups/{backupId}`: the backup, SAS redacted; 404 when missing or deleted. */
    getBackupStatus(target: SiteTarget, backupId: string): BackupItem {
        const { site } = requireSite(this.deps.store, target);
        return toBackupItem(this.requireBackup(site, backupId), site, false);
    }

    /**
     * DELETE `backups/{backupId}`: 200 and the backup goes `DeleteInProgress`, then `Deleted` or
     * `DeleteFailed`. Deleting again while the deletion runs is a no-op; a run still going is
     * abandoned (the service deletes whatever the run left).
     */
    deleteBackup(target: SiteTarget, backupId: string): void {
        const { site } = requireSite(this.deps.store, target);
        const backup = this.requireBackup(site, backupId);
        if (backup.properties.status === "DeleteInProgress") return;
        this.deps.deletions.start(backup.id, this.deps.outcomes.take("delete", site.id));
    }

    /**
     * POST `backups/{backupId}/list`: the backup with its SAS URL. A non-empty
     * `properties.storageAccountUrl` in the body first replaces the stored one (SAS rotation); an
     * empty body or `{properties: {}}` only reads.
     */
    listBackupStatusSecrets(target: SiteTarget, backupId: string, body: unknown): BackupItem {
        const { site } = requireSite(this.deps.store, target);
        let backup = this.requireBackup(site, backupId);
        const properties = isObject(body) ? body.properties : undefined;
        if (properties !== undefined && properties !== null && !isObject(properties)) throw invalidParameter("properties", "Expected an object.");
        const url = isObject(properties) ? optionalString(properties.storageAccountUrl, "properties.storageAccountUrl") : undefined;
        if (url !== undefined && url.trim() !== "") {
            containerSasUrl(url, "properties.storageAccountUrl");
            backup = this.deps.backups.update(backup.id, (stored) => {
                stored.storageAccountUrl = url;
            })!;
        }
        return toBackupItem(backup, site, true);
    }

    /**
     * POST `backups/{backupId}/restore`: validates, starts the restore and answers 202 with
     * `Azure-AsyncOperation`, `Location` and `Retry-After`.
     *
     * Clients send two forms. The REST article restores "to a new app" by sending the request to
     * that app's URL with `overwrite: false`; the REST spec (and the official SDKs) send it to the
     * backed-up app's URL with `siteName` naming the target. So the
     * target is the app `siteName` names, or the app in the URL when `siteName` is absent or names
     * that app; the backup id is looked up under the app in the URL, then across the subscription
     * (ids are unique in the emulator). Restoring into the backed-up app itself needs
     * `overwrite: true` (409 otherwise); into another app either value is accepted, since the
     * emulator has no app to create (the target must exist: 404 otherwise).
     */
    restore(target: SiteTarget, backupId: string, body: unknown, query: URLSearchParams): ArmOperationResult {
        const { site: addressed } = requireSite(this.deps.store, target);
        const request = parseRestoreRequest(body);
        const backup = this.findBackupForRestore(addressed, backupId);
        const site = this.restoreTargetOf(addressed, target, request);
        const isSameApp = parentOfBackup(backup.id).toLowerCase() === site.id.toLowerCase();
        if (isSameApp && !request.overwrite) throw overwriteRequired(site.name);
        if (!RESTORABLE_STATUSES.has(backup.properties.status)) throw backupNotRestorable(backup.properties.id, backup.properties.status);
        if (this.deps.restores.runningInto(site.id)) throw restoreInProgress(site.name);
        const operation = this.deps.restores.start({
            subscriptionId: target.subscriptionId,
            targetSiteId: site.id,
            backupResourceId: backup.id,
            location: (site.location ?? "global").toLowerCase().replace(/\s+/g, ""),
            storageAccountUrl: request.storageAccountUrl,
            blobName: request.blobName ?? backup.properties.blobName,
            forced: this.deps.outcomes.take("restore", site.id),
        });
        return { status: 202, headers: this.pollHeaders(operation, queryValue(query, "api-version") ?? "") };
    }

    /** GET the `Azure-AsyncOperation` URL: 200 `{id, name, status, startTime, endTime?, error?}`. */
    getRestoreOperationStatus(subscriptionId: string, siteName: string, slotName: string | undefined, operationId: string): ArmOperationResult {
        const operation = this.requireOperation(subscriptionId, operationId);
        const { siteName: targetSite, slotName: targetSlot } = siteSegmentsOf(operation.targetSiteId);
        if (targetSite.toLowerCase() !== siteName.toLowerCase() || (targetSlot ?? "").toLowerCase() !== (slotName ?? "").toLowerCase()) {
            throw operationNotFound(operationId);
        }
        const body = {
            id: asyncOperationPath(operation),
            name: operation.id,
            status: operation.status,
            startTime: operation.startTime,
            ...(operation.endTime ? { endTime: operation.endTime } : {}),
            ...(operation.error ? { error: operation.error } : {}),
        };
        const headers: Record<string, string> = operation.status === "InProgress" ? { "Retry-After": String(this.deps.behaviour().restoreRetryAfterSeconds) } : {};
        return { status: 200, body, headers };
    }

    /**
     * GET the `Location` URL: 202 while the restore runs, 200 once it succeeded (never 204: the
     * official client's poller fails on a 204 here), and the operation's error (400) once it failed.
     */
    getRestoreOperationResult(subscriptionId: string, operationId: string, query: URLSearchParams): ArmOperationResult {
        const operation = this.requireOperation(subscriptionId, operationId);
        if (operation.status === "Failed") {
            throw new ArmError(400, operation.error?.code ?? "Failed", operation.error?.message ?? "The restore operation failed.");
        }
        if (operation.status === "Succeeded") return { status: 200 };
        const { Location, "Retry-After": retryAfter } = this.pollHeaders(operation, queryValue(query, "api-version") ?? "");
        return { status: 202, headers: { Location, "Retry-After": retryAfter } };
    }

    private requireBackup(site: SiteModel, backupId: string): BackupItemModel {
        const backup = isBackupId(backupId) ? this.deps.backups.get(site.id, backupId) : undefined;
        if (!backup || isGone(backup.properties.status)) throw backupNotFound(backupId);
        return backup;
    }

    private findBackupForRestore(site: SiteModel, backupId: string): BackupItemModel {
        if (!isBackupId(backupId)) throw backupNotFound(backupId);
        const subscriptionPrefix = site.id.split("/").slice(0, 3).join("/").toLowerCase() + "/";
        const backup = this.deps.backups.get(site.id, backupId) ?? this.deps.backups.findById(Number(backupId));
        if (!backup || isGone(backup.properties.status) || !backup.id.toLowerCase().startsWith(subscriptionPrefix)) throw backupNotFound(backupId);
        return backup;
    }

    // The app or slot a restore writes into: the one in the URL unless `siteName` names another.
    private restoreTargetOf(addressed: SiteModel, url: SiteTarget, request: ParsedRestoreRequest): SiteModel {
        const named = request.targetSite;
        if (!named || namesUrlApp(named, url)) return addressed;
        const found = findNamedSite(this.deps.store, url, named);
        if (!found) throw restoreTargetNotFound(request.siteName!, url.subscriptionId);
        return found;
    }

    private requireOperation(subscriptionId: string, operationId: string): RestoreOperation {
        const operation = this.deps.restores.get(operationId);
        if (!operation || operation.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) throw operationNotFound(operationId);
        return operation;
    }

    private pollHeaders(operation: RestoreOperation, apiVersion: string): Record<"Azure-AsyncOperation" | "Location" | "Retry-After", string> {
        const base = this.deps.baseUrl();
        const query = `?api-version=${encodeURIComponent(apiVersion)}`;
        return {
            "Azure-AsyncOperation": `${base}${asyncOperationPath(operation)}${query}`,
            Location: `${base}/subscriptions/${operation.subscriptionId}/providers/Microsoft.Web/locations/${encodeURIComponent(operation.location)}/operationResults/${operation.id}${query}`,
            "Retry-After": String(this.deps.behaviour().restoreRetryAfterSeconds),
        };
    }
}

// The REST spec's example answers a restore with this shape of Azure-AsyncOperation URL (no resource group).
function asyncOperationPath(operation: RestoreOperation): string {
    const { siteName, slotName } = siteSegmentsOf(operation.targetSiteId);
    const slot = slotName === undefined ? "" : `/slots/${encodeURIComponent(slotName)}`;
    return `/subscriptions/${operation.subscriptionId}/providers/Microsoft.Web/sites/${encodeURIComponent(siteName)}${slot}/operationResults/${operation.id}`;
}

function siteSegmentsOf(siteOrSlotId: string): { siteName: string; slotName?: string } {
    const match = /\/sites\/([^/]+)(?:\/slots\/([^/]+))?$/i.exec(siteOrSlotId);
    if (!match) return { siteName: siteOrSlotId };
    return match[2] === undefined ? { siteName: match[1] } : { siteName: match[1], slotName: match[2] };
}

// A slot's resource name is `site/slot`; its backups are named `site-slot_…` (a `/` would make a folder).
function blobPrefixOf(site: SiteModel): string {
    return site.name.replace("/", "-");
}

// The service names backups `<name>_<yyyyMMddHHmm>` (the REST article's `backup_201509291825`).
function minuteStamp(date: Date): string {
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`;
}

// Two backups in the same minute would share a blob; the later one gets its id appended.
function uniqueBackupName(name: string, id: number, existing: readonly BackupItemModel[]): string {
    return existing.some((backup) => backup.properties.name.toLowerCase() === name.toLowerCase()) ? `${name}_${id}` : name;
}

// At a slot's URL the bare app name names that slot (`app(Production)` names the app): clients such
// as this repo's Restore tell the slot by the URL and put the app's name in `siteName`.
function namesUrlApp(named: NamedSite, url: SiteTarget): boolean {
    if (named.siteName.toLowerCase() !== url.siteName.toLowerCase()) return false;
    if (named.slotName === undefined) return true;
    return isProductionSlot(named.slotName) ? url.slotName === undefined : named.slotName.toLowerCase() === url.slotName?.toLowerCase();
}

// App names are global in App Service (they are host names), not in the emulator: the URL's
// resource group wins, then a single match elsewhere in the subscription.
function findNamedSite(store: EmulatorStore, url: SiteTarget, named: NamedSite): SiteModel | undefined {
    const inGroup = getNamedSite(store, url.subscriptionId, url.resourceGroupName, named);
    if (inGroup) return inGroup;
    const subscriptionPrefix = `/subscriptions/${url.subscriptionId}/resourcegroups/`.toLowerCase();
    const matches = store
        .snapshot()
        .resourceGroups.filter((group) => group.id.toLowerCase().startsWith(subscriptionPrefix))
        .map((group) => getNamedSite(store, url.subscriptionId, group.name, named))
        .filter((site): site is SiteModel => site !== undefined);
    if (matches.length > 1) {
        const groups = matches.map((site) => `'${site.properties.resourceGroup}'`).join(", ");
        throw invalidParameter("properties.siteName", `It names apps in several resource groups (${groups}); send the request to the URL of the app to restore into.`);
    }
    return matches[0];
}

function getNamedSite(store: EmulatorStore, subscriptionId: string, resourceGroupName: string, named: NamedSite): SiteModel | undefined {
    const id = isProductionSlot(named.slotName)
        ? siteId(subscriptionId, resourceGroupName, named.siteName)
        : slotId(subscriptionId, resourceGroupName, named.siteName, named.slotName!);
    return store.getResource<SiteModel["properties"]>(id);
}

function isBackupId(value: string): boolean {
    return /^\d{1,15}$/.test(value);
}

function queryValue(query: URLSearchParams, name: string): string | undefined {
    const wanted = name.toLowerCase();
    for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
    return undefined;
}
