import type { SyncanoBehaviour } from "../behaviour";
import { created, noContent, ok, type ApiRequest, type ApiResult } from "../http/apiRoute";
import { readBackupFields } from "../requests/backupFields";
import { paginate } from "../requests/pagination";
import { readQueryArgs } from "../requests/queryArgs";
import type { AccountStore } from "../state/accountStore";
import type { BackupStore } from "../state/backupStore";
import { ACTIVE_BACKUP_STATUSES, type BackupKind, type BackupRecord } from "../state/models";
import type { MicrosecondClock } from "../state/syncanoTime";
import { cannotDeleteActiveBackup, fieldErrors, notFound, tooManyBackups, tooManyBackupsRunning } from "../syncanoErrors";
import { backupView } from "../views/backupView";
import type { BackupRuns } from "../work/backupRuns";

/** What {@link BackupsHandler} works with. */
export interface BackupsHandlerDependencies {
    backups: BackupStore;
    accounts: AccountStore;
    runs: BackupRuns;
    behaviour: () => SyncanoBehaviour;
    clock: MicrosecondClock;
    /** Download URL of a backup's archive. */
    archiveUrl: (backup: BackupRecord) => string;
}

/**
 * Full and partial backups: under an instance (list, create, get, delete) and across the caller's
 * instances (list, get, delete). Methods named after the REST operations; the kind comes from the route.
 */
export class BackupsHandler {
    constructor(private readonly deps: BackupsHandlerDependencies) {}

    /** GET /instances/{instance}/backups/{kind}/: the instance's backups of this kind. */
    listInstanceBackups(kind: BackupKind, request: ApiRequest): ApiResult {
        const backups = this.deps.backups.list({ instance: request.instance!.name, kind });
        return ok(this.page(backups, request));
    }

    /**
     * POST /instances/{instance}/backups/{kind}/: the fields are checked first, then one active
     * backup per account, then the account's limit (all its backups count, failed ones too).
     */
    createBackup(kind: BackupKind, request: ApiRequest): ApiResult {
        const { fields, errors } = readBackupFields(request.body);
        let queryArgs;
        if (kind === "partial") {
            const read = readQueryArgs(request.body.query_args);
            if ("errors" in read) errors.query_args = read.errors;
            else queryArgs = read.queryArgs;
        }
        if (Object.keys(errors).length > 0) throw fieldErrors(inFieldOrder(errors));
        const account = request.account;
        if (this.deps.backups.hasActive(account.id)) throw tooManyBackupsRunning();
        const limit = account.backupsPerAccount ?? this.deps.behaviour().backupsPerAccount;
        if (this.deps.backups.list({ ownerId: account.id }).length >= limit) throw tooManyBackups(limit);
        const backup = this.deps.backups.create({
            kind,
            ownerId: account.id,
            instance: request.instance!.name,
            ...fields,
            ...(queryArgs ? { queryArgs } : {}),
            nowUs: () => this.deps.clock.nowUs(),
        });
        this.deps.runs.start(backup);
        return created(this.view(backup, request));
    }

    /** GET /instances/{instance}/backups/{kind}/{id}/. */
    getInstanceBackup(kind: BackupKind, request: ApiRequest): ApiResult {
        return ok(this.view(this.find(request, (backup) => backup.kind === kind && backup.instance === request.instance!.name), request));
    }

    /** DELETE /instances/{instance}/backups/{kind}/{id}/: 204; a running backup cannot be deleted (a scheduled one can). */
    deleteInstanceBackup(kind: BackupKind, request: ApiRequest): ApiResult {
        return this.delete(this.find(request, (backup) => backup.kind === kind && backup.instance === request.instance!.name));
    }

    /** GET /backups/{kind}/: the caller's backups of this kind, across instances. */
    listAccountBackups(kind: BackupKind, request: ApiRequest): ApiResult {
        return ok(this.page(this.deps.backups.list({ ownerId: request.account.id, kind }), request));
    }

    /** GET /backups/{kind}/{id}/: one of the caller's backups. */
    getAccountBackup(kind: BackupKind, request: ApiRequest): ApiResult {
        return ok(this.view(this.find(request, (backup) => backup.kind === kind && backup.ownerId === request.account.id), request));
    }

    /** DELETE /backups/{kind}/{id}/. */
    deleteAccountBackup(kind: BackupKind, request: ApiRequest): ApiResult {
        return this.delete(this.find(request, (backup) => backup.kind === kind && backup.ownerId === request.account.id));
    }

    private delete(backup: BackupRecord): ApiResult {
        if (ACTIVE_BACKUP_STATUSES.includes(backup.status) && backup.status !== "scheduled") throw cannotDeleteActiveBackup();
        this.deps.backups.delete(backup.id);
        return noContent();
    }

    // An id that is not a number, another kind's, another instance's or another account's: 404.
    private find(request: ApiRequest, isVisible: (backup: BackupRecord) => boolean): BackupRecord {
        const id = /^\d+$/.test(request.params.id) ? Number(request.params.id) : undefined;
        const backup = id === undefined ? undefined : this.deps.backups.get(id);
        if (!backup || !isVisible(backup)) throw notFound();
        return backup;
    }

    private page(backups: BackupRecord[], request: ApiRequest) {
        const page = paginate(backups, request.query, request.path);
        return { ...page, objects: page.objects.map((backup) => this.view(backup, request)) };
    }

    private view(backup: BackupRecord, request: ApiRequest): Record<string, unknown> {
        return backupView(backup, { version: request.version, author: this.deps.accounts.byId(backup.ownerId), archiveUrl: this.deps.archiveUrl });
    }
}

// Errors come in the serializer's field order.
function inFieldOrder(errors: Record<string, string[]>): Record<string, string[]> {
    const order = ["description", "label", "query_args", "metadata"];
    return Object.fromEntries(order.filter((field) => field in errors).map((field) => [field, errors[field]]));
}
