import { created, ok, type ApiRequest, type ApiResult } from "../http/apiRoute";
import { paginate } from "../requests/pagination";
import { readRestoreBackupId } from "../requests/restoreFields";
import type { AccountStore } from "../state/accountStore";
import type { BackupStore } from "../state/backupStore";
import type { RestoreRecord } from "../state/models";
import type { RestoreStore } from "../state/restoreStore";
import type { MicrosecondClock } from "../state/syncanoTime";
import { notFound } from "../syncanoErrors";
import { restoreView } from "../views/restoreView";
import type { RestoreRuns } from "../work/restoreRuns";

/** What {@link RestoresHandler} works with. */
export interface RestoresHandlerDependencies {
    backups: BackupStore;
    restores: RestoreStore;
    accounts: AccountStore;
    runs: RestoreRuns;
    clock: MicrosecondClock;
}

/** Restores into an instance: list, create, get. Methods named after the REST operations. */
export class RestoresHandler {
    constructor(private readonly deps: RestoresHandlerDependencies) {}

    /** GET /instances/{instance}/restores/. */
    listRestores(request: ApiRequest): ApiResult {
        const page = paginate(this.deps.restores.listFor(request.instance!.name), request.query, request.path);
        return ok({ ...page, objects: page.objects.map((restore) => this.view(restore, request)) });
    }

    /**
     * POST /instances/{instance}/restores/ `{"backup": id}`: only the caller's successful backups. A
     * second restore while one is scheduled or running is accepted too, and ends `aborted`.
     */
    createRestore(request: ApiRequest): ApiResult {
        const account = request.account;
        const isRestorable = (id: number) => {
            const backup = this.deps.backups.get(id);
            return backup !== undefined && backup.ownerId === account.id && backup.status === "success" && backup.archive !== undefined;
        };
        const backupId = readRestoreBackupId(request.body, isRestorable);
        const backup = this.deps.backups.get(backupId)!;
        const restore = this.deps.restores.create({ backupId, ownerId: account.id, instance: request.instance!.name, nowUs: () => this.deps.clock.nowUs() });
        this.deps.runs.start(restore, backup.archive!, backup.kind === "partial");
        return created(this.view(restore, request));
    }

    /** GET /instances/{instance}/restores/{id}/. */
    getRestore(request: ApiRequest): ApiResult {
        const id = /^\d+$/.test(request.params.id) ? Number(request.params.id) : undefined;
        const restore = id === undefined ? undefined : this.deps.restores.get(id);
        if (!restore || restore.instance !== request.instance!.name) throw notFound();
        return ok(this.view(restore, request));
    }

    private view(restore: RestoreRecord, request: ApiRequest): Record<string, unknown> {
        return restoreView(restore, request.version, this.deps.accounts.byId(restore.ownerId));
    }
}
