import { randomUUID } from "node:crypto";
import { isStorageAccessError } from "../../storage/storageAccessError";
import type { SiteContent } from "../state/models";
import type { EmulatorStore } from "../../../platform/state/store";
import { readBackupArchive } from "./backupArchive";
import type { BackupWorkDependencies } from "./backupWork";
import type { OutcomeOverride } from "../forcedOutcomes";

/** Status of an asynchronous operation, as its `Azure-AsyncOperation` URL reports it. */
export type AsyncOperationStatus = "InProgress" | "Succeeded" | "Failed";

/** A restore, tracked as an ARM asynchronous operation. */
export interface RestoreOperation {
    /** GUID in the poll URLs. */
    id: string;
    subscriptionId: string;
    /** ARM id of the site or slot restored into. */
    targetSiteId: string;
    /** ARM id of the backup restored from. */
    backupResourceId: string;
    /** Region of the target app (normalized, e.g. `westeurope`), named in the `Location` poll URL. */
    location: string;
    status: AsyncOperationStatus;
    startTime: string;
    endTime?: string;
    error?: { code: string; message: string };
}

/** What a restore needs beyond the operation record (the SAS URL stays out of the record). */
export interface RestoreStart {
    subscriptionId: string;
    targetSiteId: string;
    backupResourceId: string;
    location: string;
    /** Container SAS URL to read the backup blob through (needs read permission). */
    storageAccountUrl: string;
    blobName: string;
    forced?: OutcomeOverride;
}

/** Error codes of failed restores (the service documents none; these name the cause). */
export const RESTORE_ERROR_CODES = {
    storage: "StorageAccessFailed",
    archive: "InvalidBackupArchive",
    forced: "RestoreFailed",
    targetGone: "ResourceNotFound",
} as const;

/**
 * Runs restores: after the configured time the backup blob is read back through the request's SAS
 * URL and the target site's content is replaced with what it captured; the backup records
 * `lastRestoreTimeStamp`. The operation ends `Succeeded`, or `Failed` with an error (storage
 * refused the read, the blob is not a backup, a forced failure).
 */
export class RestoreOperations {
    private readonly operations = new Map<string, RestoreOperation>();

    constructor(
        private readonly deps: BackupWorkDependencies,
        private readonly store: EmulatorStore,
    ) {}

    /** Registers the operation as `InProgress` and schedules the restore. */
    start(request: RestoreStart): RestoreOperation {
        const operation: RestoreOperation = {
            id: randomUUID(),
            subscriptionId: request.subscriptionId,
            targetSiteId: request.targetSiteId,
            backupResourceId: request.backupResourceId,
            location: request.location,
            status: "InProgress",
            startTime: this.deps.clock.now().toISOString(),
        };
        this.operations.set(operation.id, operation);
        this.deps.scheduler.after(this.deps.behaviour().restoreMs, () => this.run(operation, request));
        return { ...operation };
    }

    /** The operation with this id (case-insensitive GUID). */
    get(id: string): RestoreOperation | undefined {
        const operation = this.operations.get(id.toLowerCase());
        return operation && structuredClone(operation);
    }

    /** A restore into this site or slot that is still running. */
    runningInto(siteOrSlotId: string): RestoreOperation | undefined {
        const wanted = siteOrSlotId.toLowerCase();
        for (const operation of this.operations.values()) {
            if (operation.status === "InProgress" && operation.targetSiteId.toLowerCase() === wanted) return { ...operation };
        }
        return undefined;
    }

    /** Forgets every operation (pending steps are cancelled by the scheduler's owner). */
    clear(): void {
        this.operations.clear();
    }

    private async run(operation: RestoreOperation, request: RestoreStart): Promise<void> {
        if (request.forced) return this.end(operation, { code: RESTORE_ERROR_CODES.forced, message: request.forced.log });
        let content: SiteContent;
        try {
            const zip = await this.deps.blobs.getBlob(request.storageAccountUrl, request.blobName);
            content = readBackupArchive(zip).content;
        } catch (error) {
            if (isStorageAccessError(error)) return this.end(operation, { code: RESTORE_ERROR_CODES.storage, message: error.message });
            return this.end(operation, {
                code: RESTORE_ERROR_CODES.archive,
                message: `The blob '${request.blobName}' is not a valid App Service backup: ${(error as Error).message}.`,
            });
        }
        // The operation was forgotten (reset) or the target deleted while the blob was read: write nothing.
        if (this.operations.get(operation.id) !== operation) return;
        if (!this.store.getResource(request.targetSiteId)) {
            return this.end(operation, { code: RESTORE_ERROR_CODES.targetGone, message: `The site '${request.targetSiteId}' no longer exists.` });
        }
        this.deps.contents.put(request.targetSiteId, content);
        const now = this.deps.clock.now().toISOString();
        this.deps.backups.update(request.backupResourceId, (properties) => {
            properties.lastRestoreTimeStamp = now;
        });
        this.end(operation);
    }

    private end(operation: RestoreOperation, error?: { code: string; message: string }): void {
        operation.status = error ? "Failed" : "Succeeded";
        operation.endTime = this.deps.clock.now().toISOString();
        if (error) operation.error = error;
    }
}
