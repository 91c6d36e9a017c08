import * as https from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import type { BlobStorageInfo } from "../services/storage/storageAccount";
import { BlobStorageClient, type BlobSummary, type ContainerSasOptions } from "../services/storage/blobStorageClient";
import type {
    AppServiceBehaviour,
    AuthSettings,
    AuthSettingsUpdate,
    BackupConfigurationModel,
    BackupItemModel,
    BackupItemStatus,
    BackupRequestProperties,
    FaultRule,
    FaultRuleInput,
    ForcedOutcome,
    ForcedOutcomeInput,
    HealthStatus,
    RequestLogSummary,
    ResourceGroupModel,
    ResourceGroupSeed,
    SiteContent,
    SiteModel,
    SiteSeed,
    SlotModel,
    StoredBackupList,
    StoreSnapshot,
    SubscriptionModel,
    SubscriptionSeed,
} from "./controlModels";

export type { BlobSummary, ContainerSasOptions } from "../services/storage/blobStorageClient";

/** Where the control API listens and the CA that signed its certificate. */
export interface EmulatorControlOptions {
    /** Base URL of the emulator (`https://127.0.0.1:<port>`). */
    url: string;
    /** PEM of the emulator's CA. */
    caPem: string;
    /** The emulator's blob storage, when it runs one; the blob helpers need it. */
    storage?: BlobStorageInfo;
}

/** Options of {@link EmulatorControl.waitForBackup}. */
export interface WaitForBackupOptions {
    /** Give up after this long; default 10 000 ms. */
    timeoutMs?: number;
    /** Between reads; default 50 ms. */
    intervalMs?: number;
}

/** Everything {@link EmulatorControl.seedSite} creates in one call. */
export interface SiteSeedPlan {
    subscriptionId: string;
    resourceGroupName: string;
    siteName: string;
    /** Location of the resource group (and so the site); default westeurope. */
    location?: string;
    /** Deployment slots to create under the site. */
    slotNames?: string[];
}

const errorBrand = Symbol.for("declarative-backups.emulator.EmulatorControlError");

/** A control API call answered with an error status. */
export class EmulatorControlError extends Error {
    readonly [errorBrand] = true;
    constructor(
        readonly status: number,
        /** The `error.code` of the answer, when it had one. */
        readonly code: string | undefined,
        message: string,
    ) {
        super(message);
        this.name = "EmulatorControlError";
    }
}

/** True when `value` is an {@link EmulatorControlError}. */
export function isEmulatorControlError(value: unknown): value is EmulatorControlError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[errorBrand] === true;
}

/**
 * Typed client of the emulator's control API (`/_emulator/...`): seeding, out-of-band state edits,
 * faults, request counters and auth knobs. Uses node:https with the emulator's CA and no pooling.
 */
export class EmulatorControl {
    readonly url: string;
    private readonly caPem: string;
    private readonly storage?: BlobStorageInfo;
    private blobClient?: BlobStorageClient;

    constructor(options: EmulatorControlOptions) {
        this.url = options.url.replace(/\/+$/, "");
        this.caPem = options.caPem;
        this.storage = options.storage;
    }

    /** GET /_emulator/health. */
    health(): Promise<HealthStatus> {
        return this.call("GET", "/_emulator/health");
    }

    /** POST /_emulator/reset: clears state, faults, counters, clock skew and token settings. */
    async reset(): Promise<void> {
        await this.call("POST", "/_emulator/reset");
    }

    /** PUT /_emulator/subscriptions/{id}. */
    putSubscription(subscriptionId: string, seed: SubscriptionSeed = {}): Promise<SubscriptionModel> {
        return this.call("PUT", `/_emulator/subscriptions/${enc(subscriptionId)}`, seed);
    }

    /** DELETE /_emulator/subscriptions/{id}. */
    async deleteSubscription(subscriptionId: string): Promise<void> {
        await this.call("DELETE", `/_emulator/subscriptions/${enc(subscriptionId)}`);
    }

    /** PUT /_emulator/subscriptions/{id}/resourceGroups/{name}; `seed` may be just the location. */
    putResourceGroup(subscriptionId: string, resourceGroupName: string, seed: ResourceGroupSeed | string = {}): Promise<ResourceGroupModel> {
        return this.call("PUT", rgPath(subscriptionId, resourceGroupName), locationSeed(seed));
    }

    /** DELETE /_emulator/subscriptions/{id}/resourceGroups/{name}. */
    async deleteResourceGroup(subscriptionId: string, resourceGroupName: string): Promise<void> {
        await this.call("DELETE", rgPath(subscriptionId, resourceGroupName));
    }

    /** PUT /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}; `seed` may be just the location. */
    putSite(subscriptionId: string, resourceGroupName: string, siteName: string, seed: SiteSeed | string = {}): Promise<SiteModel> {
        return this.call("PUT", `${rgPath(subscriptionId, resourceGroupName)}/sites/${enc(siteName)}`, locationSeed(seed));
    }

    /** DELETE /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}. */
    async deleteSite(subscriptionId: string, resourceGroupName: string, siteName: string): Promise<void> {
        await this.call("DELETE", `${rgPath(subscriptionId, resourceGroupName)}/sites/${enc(siteName)}`);
    }

    /** PUT /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}/slots/{slot}; `seed` may be just the location. */
    putSlot(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string, seed: SiteSeed | string = {}): Promise<SlotModel> {
        return this.call("PUT", `${rgPath(subscriptionId, resourceGroupName)}/sites/${enc(siteName)}/slots/${enc(slotName)}`, locationSeed(seed));
    }

    /** DELETE /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}/slots/{slot}. */
    async deleteSlot(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string): Promise<void> {
        await this.call("DELETE", `${rgPath(subscriptionId, resourceGroupName)}/sites/${enc(siteName)}/slots/${enc(slotName)}`);
    }

    /** Creates subscription, resource group, site and slots in one go (each PUT is idempotent). */
    async seedSite(plan: SiteSeedPlan): Promise<SiteModel> {
        await this.putSubscription(plan.subscriptionId);
        await this.putResourceGroup(plan.subscriptionId, plan.resourceGroupName, plan.location ? { location: plan.location } : {});
        const site = await this.putSite(plan.subscriptionId, plan.resourceGroupName, plan.siteName);
        for (const slotName of plan.slotNames ?? []) await this.putSlot(plan.subscriptionId, plan.resourceGroupName, plan.siteName, slotName);
        return site;
    }

    /** GET /_emulator/state: everything stored. */
    getState(): Promise<StoreSnapshot> {
        return this.call("GET", "/_emulator/state");
    }

    /**
     * GET /_emulator/state/{site or slot id}/config/backup: the stored configuration, secrets included.
     * Rejects with an {@link EmulatorControlError} (status 404) when there is none.
     */
    getBackupConfiguration(siteOrSlotId: string): Promise<BackupConfigurationModel> {
        return this.call("GET", backupStatePath(siteOrSlotId));
    }

    /** Like {@link getBackupConfiguration}, but undefined when the site has no configuration. */
    async findBackupConfiguration(siteOrSlotId: string): Promise<BackupConfigurationModel | undefined> {
        try {
            return await this.getBackupConfiguration(siteOrSlotId);
        } catch (error) {
            if (isEmulatorControlError(error) && error.status === 404) return undefined;
            throw error;
        }
    }

    /** PUT /_emulator/state/{id}/config/backup: stores `properties` as given, bypassing validation. */
    putBackupConfiguration(siteOrSlotId: string, properties: Partial<BackupRequestProperties> & Record<string, unknown>): Promise<BackupConfigurationModel> {
        return this.call("PUT", backupStatePath(siteOrSlotId), { properties });
    }

    /** PATCH /_emulator/state/{id}/config/backup: JSON-merge-patches the stored `properties`. */
    patchBackupConfiguration(siteOrSlotId: string, patch: Record<string, unknown>): Promise<BackupConfigurationModel> {
        return this.call("PATCH", backupStatePath(siteOrSlotId), patch);
    }

    /** DELETE /_emulator/state/{id}/config/backup; false when there was none. */
    async deleteBackupConfiguration(siteOrSlotId: string): Promise<boolean> {
        try {
            await this.call("DELETE", backupStatePath(siteOrSlotId));
            return true;
        } catch (error) {
            if (isEmulatorControlError(error) && error.status === 404) return false;
            throw error;
        }
    }

    /** POST /_emulator/faults; returns the rule with its id. */
    addFault(rule: FaultRuleInput): Promise<FaultRule> {
        return this.call("POST", "/_emulator/faults", rule);
    }

    /** GET /_emulator/faults: active rules with their counters. */
    async listFaults(): Promise<FaultRule[]> {
        return (await this.call<{ value: FaultRule[] }>("GET", "/_emulator/faults")).value;
    }

    /** DELETE /_emulator/faults/{id}. */
    async deleteFault(id: string): Promise<void> {
        await this.call("DELETE", `/_emulator/faults/${enc(id)}`);
    }

    /** DELETE /_emulator/faults; returns how many rules were removed. */
    async clearFaults(): Promise<number> {
        return (await this.call<{ deleted: number }>("DELETE", "/_emulator/faults")).deleted;
    }

    /** GET /_emulator/requests: counters by operation, route and status, and recent entries. */
    getRequests(): Promise<RequestLogSummary> {
        return this.call("GET", "/_emulator/requests");
    }

    /** DELETE /_emulator/requests. */
    async clearRequests(): Promise<void> {
        await this.call("DELETE", "/_emulator/requests");
    }

    /** GET /_emulator/auth. */
    getAuth(): Promise<AuthSettings> {
        return this.call("GET", "/_emulator/auth");
    }

    /** PUT /_emulator/auth: token lifetime and/or clock skew. */
    setAuth(update: AuthSettingsUpdate): Promise<AuthSettings> {
        return this.call("PUT", "/_emulator/auth", update);
    }

    /** GET /_emulator/state/{site or slot id}/content: files and app settings (the start page when never set). */
    getSiteContent(siteOrSlotId: string): Promise<SiteContent> {
        return this.call("GET", statePath(siteOrSlotId, "content"));
    }

    /** PUT /_emulator/state/{site or slot id}/content: replaces files and app settings. */
    putSiteContent(siteOrSlotId: string, content: Partial<SiteContent>): Promise<SiteContent> {
        return this.call("PUT", statePath(siteOrSlotId, "content"), content);
    }

    /** GET /_emulator/state/{site or slot id}/backups: every stored backup (deleted ones and SAS URLs included) with counts. */
    listStoredBackups(siteOrSlotId: string): Promise<StoredBackupList> {
        return this.call("GET", statePath(siteOrSlotId, "backups"));
    }

    /** Number of stored backups of a site or slot, optionally only those with one of `statuses`. */
    async countBackups(siteOrSlotId: string, statuses?: readonly BackupItemStatus[]): Promise<number> {
        const { value } = await this.listStoredBackups(siteOrSlotId);
        return statuses ? value.filter((backup) => statuses.includes(backup.properties.status)).length : value.length;
    }

    /** GET /_emulator/state/{site or slot id}/backups/{id}: the stored backup, SAS URL included; rejects with 404 when missing. */
    getStoredBackup(siteOrSlotId: string, backupId: number | string): Promise<BackupItemModel> {
        return this.call("GET", statePath(siteOrSlotId, `backups/${enc(String(backupId))}`));
    }

    /** PATCH …/backups/{id}: JSON-merge-patches the stored `properties`, e.g. `{status: "Deleted"}`. */
    patchStoredBackup(siteOrSlotId: string, backupId: number | string, patch: Record<string, unknown>): Promise<BackupItemModel> {
        return this.call("PATCH", statePath(siteOrSlotId, `backups/${enc(String(backupId))}`), patch);
    }

    /** DELETE …/backups/{id}: the backup vanishes from the emulator (its blob stays). */
    async deleteStoredBackup(siteOrSlotId: string, backupId: number | string): Promise<void> {
        await this.call("DELETE", statePath(siteOrSlotId, `backups/${enc(String(backupId))}`));
    }

    /** Polls the stored backup until its status is one of `statuses`; returns it. */
    async waitForBackup(siteOrSlotId: string, backupId: number | string, statuses: readonly BackupItemStatus[], options: WaitForBackupOptions = {}): Promise<BackupItemModel> {
        const deadline = Date.now() + (options.timeoutMs ?? 10_000);
        for (;;) {
            const backup = await this.getStoredBackup(siteOrSlotId, backupId);
            if (statuses.includes(backup.properties.status)) return backup;
            if (Date.now() > deadline) {
                throw new Error(`backup ${backupId} is still ${backup.properties.status}, not ${statuses.join(" or ")}, after ${options.timeoutMs ?? 10_000} ms`);
            }
            await delay(options.intervalMs ?? 50);
        }
    }

    /** GET /_emulator/appservice/behaviour: timings and page size. */
    getAppServiceBehaviour(): Promise<AppServiceBehaviour> {
        return this.call("GET", "/_emulator/appservice/behaviour");
    }

    /** PUT /_emulator/appservice/behaviour: changes the given timings (the rest stay); reset restores the defaults. */
    setAppServiceBehaviour(update: Partial<AppServiceBehaviour>): Promise<AppServiceBehaviour> {
        return this.call("PUT", "/_emulator/appservice/behaviour", update);
    }

    /** POST /_emulator/appservice/outcomes: the next `count` backups, restores or deletions (of one site, or any) end as forced. */
    forceOutcome(input: ForcedOutcomeInput): Promise<ForcedOutcome> {
        return this.call("POST", "/_emulator/appservice/outcomes", input);
    }

    /** GET /_emulator/appservice/outcomes: registered forced outcomes with their counters. */
    async listForcedOutcomes(): Promise<ForcedOutcome[]> {
        return (await this.call<{ value: ForcedOutcome[] }>("GET", "/_emulator/appservice/outcomes")).value;
    }

    /** DELETE /_emulator/appservice/outcomes; returns how many were removed. */
    async clearForcedOutcomes(): Promise<number> {
        return (await this.call<{ deleted: number }>("DELETE", "/_emulator/appservice/outcomes")).deleted;
    }

    /** GET /_emulator/storage: endpoint, account name and key of the emulator's blob storage (for clients in other processes). */
    getStorage(): Promise<BlobStorageInfo> {
        return this.call("GET", "/_emulator/storage");
    }

    /** Creates a blob container in the emulator's storage account (no error when it exists). */
    createContainer(name: string): Promise<void> {
        return this.blobs().createContainer(name);
    }

    /** A real container SAS URL (`sr=c`, signed with the account key), path-style: `https://127.0.0.1:<port>/<account>/<container>?<sas>`. */
    containerSasUrl(options: ContainerSasOptions): string {
        return this.blobs().containerSasUrl(options);
    }

    /** Blobs of a container with their sizes. */
    listBlobs(container: string): Promise<BlobSummary[]> {
        return this.blobs().listBlobs(container);
    }

    /** A blob's content. */
    readBlob(container: string, name: string): Promise<Buffer> {
        return this.blobs().readBlob(container, name);
    }

    /** Deletes a blob; false when there was none. */
    deleteBlob(container: string, name: string): Promise<boolean> {
        return this.blobs().deleteBlob(container, name);
    }

    private blobs(): BlobStorageClient {
        if (!this.storage) throw new Error("This emulator runs no blob storage (started with storage: false).");
        this.blobClient ??= new BlobStorageClient(this.storage, this.caPem);
        return this.blobClient;
    }

    private call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise<T>((resolve, reject) => {
            const request = https.request(
                `${this.url}${path}`,
                {
                    method,
                    ca: this.caPem,
                    agent: false,
                    headers: { Accept: "application/json", ...(payload ? { "Content-Type": "application/json", "Content-Length": payload.length } : {}) },
                },
                (response) => {
                    const chunks: Buffer[] = [];
                    response.on("data", (chunk: Buffer) => chunks.push(chunk));
                    response.on("error", reject);
                    response.on("end", () => {
                        const text = Buffer.concat(chunks).toString("utf8");
                        const parsed = text ? safeJson(text) : undefined;
                        const status = response.statusCode ?? 0;
                        if (status >= 200 && status < 300) return resolve(parsed as T);
                        const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
                        reject(new EmulatorControlError(status, error?.code, `${method} ${path} answered ${status}: ${error?.message ?? text}`));
                    });
                },
            );
            request.on("error", reject);
            request.end(payload);
        });
    }
}

function enc(segment: string): string {
    return encodeURIComponent(segment);
}

function locationSeed<T extends { location?: string }>(seed: T | string): T | { location: string } {
    return typeof seed === "string" ? { location: seed } : seed;
}

function rgPath(subscriptionId: string, resourceGroupName: string): string {
    return `/_emulator/subscriptions/${enc(subscriptionId)}/resourceGroups/${enc(resourceGroupName)}`;
}

function backupStatePath(siteOrSlotId: string): string {
    return statePath(siteOrSlotId, "config/backup");
}

// An ARM id's segments are encoded one by one, so names with reserved characters survive.
function statePath(siteOrSlotId: string, suffix: string): string {
    const encoded = siteOrSlotId.split("/").filter(Boolean).map(enc).join("/");
    return `/_emulator/state/${encoded}/${suffix}`;
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
