import { setTimeout as delay } from "node:timers/promises";
import {
    encodeSegment,
    isEmulatorControlError,
    locationSeed,
    resourceGroupControlPath,
    stateControlPath,
    type ControlClientConstructor,
} from "../../../control/controlClientBase";
import type {
    AppServiceBehaviour,
    BackupConfigurationModel,
    BackupItemModel,
    BackupItemStatus,
    BackupRequestProperties,
    ForcedOutcome,
    ForcedOutcomeInput,
    SiteContent,
    SiteModel,
    SiteSeed,
    SlotModel,
    StoredBackupList,
} from "./appServiceControlModels";

/** Options of `waitForBackup`. */
export interface WaitForBackupOptions {
    /** Give up after this long; default 10 000 ms. */
    timeoutMs?: number;
    /** Between reads; default 50 ms. */
    intervalMs?: number;
}

/** Everything `seedSite` creates in one call. */
export interface SiteSeedPlan {
    subscriptionId: string;
    resourceGroupName: string;
    siteName: string;
    /** Location of the resource group (and so the site); default westeurope. */
    location?: string;
    /** Deployment slots to create under the site. */
    slotNames?: string[];
}

/**
 * Adds the App Service part to a control client: seeding sites and slots, the stored backup
 * configuration, site content, stored backups, timings and forced outcomes.
 */
export function withAppServiceControl<TBase extends ControlClientConstructor>(Base: TBase) {
    abstract class AppServiceControlClient extends Base {
        /** PUT /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}; `seed` may be just the location. */
        putSite(subscriptionId: string, resourceGroupName: string, siteName: string, seed: SiteSeed | string = {}): Promise<SiteModel> {
            return this.call("PUT", `${resourceGroupControlPath(subscriptionId, resourceGroupName)}/sites/${encodeSegment(siteName)}`, locationSeed(seed));
        }

        /** DELETE /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}. */
        async deleteSite(subscriptionId: string, resourceGroupName: string, siteName: string): Promise<void> {
            await this.call("DELETE", `${resourceGroupControlPath(subscriptionId, resourceGroupName)}/sites/${encodeSegment(siteName)}`);
        }

        /** PUT /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}/slots/{slot}; `seed` may be just the location. */
        putSlot(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string, seed: SiteSeed | string = {}): Promise<SlotModel> {
            return this.call("PUT", `${resourceGroupControlPath(subscriptionId, resourceGroupName)}/sites/${encodeSegment(siteName)}/slots/${encodeSegment(slotName)}`, locationSeed(seed));
        }

        /** DELETE /_emulator/subscriptions/{id}/resourceGroups/{rg}/sites/{name}/slots/{slot}. */
        async deleteSlot(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string): Promise<void> {
            await this.call("DELETE", `${resourceGroupControlPath(subscriptionId, resourceGroupName)}/sites/${encodeSegment(siteName)}/slots/${encodeSegment(slotName)}`);
        }

        /** Creates subscription, resource group, site and slots in one go (each PUT is idempotent). */
        async seedSite(plan: SiteSeedPlan): Promise<SiteModel> {
            await this.putSubscription(plan.subscriptionId);
            await this.putResourceGroup(plan.subscriptionId, plan.resourceGroupName, plan.location ? { location: plan.location } : {});
            const site = await this.putSite(plan.subscriptionId, plan.resourceGroupName, plan.siteName);
            for (const slotName of plan.slotNames ?? []) await this.putSlot(plan.subscriptionId, plan.resourceGroupName, plan.siteName, slotName);
            return site;
        }

        /**
         * GET /_emulator/state/{site or slot id}/config/backup: the stored configuration, secrets included.
         * Rejects with an {@link EmulatorControlError} (status 404) when there is none.
         */
        getBackupConfiguration(siteOrSlotId: string): Promise<BackupConfigurationModel> {
            return this.call("GET", stateControlPath(siteOrSlotId, "config/backup"));
        }

        /** Like {@link AppServiceControlClient.getBackupConfiguration}, but undefined when the site has no configuration. */
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
            return this.call("PUT", stateControlPath(siteOrSlotId, "config/backup"), { properties });
        }

        /** PATCH /_emulator/state/{id}/config/backup: JSON-merge-patches the stored `properties`. */
        patchBackupConfiguration(siteOrSlotId: string, patch: Record<string, unknown>): Promise<BackupConfigurationModel> {
            return this.call("PATCH", stateControlPath(siteOrSlotId, "config/backup"), patch);
        }

        /** DELETE /_emulator/state/{id}/config/backup; false when there was none. */
        async deleteBackupConfiguration(siteOrSlotId: string): Promise<boolean> {
            try {
                await this.call("DELETE", stateControlPath(siteOrSlotId, "config/backup"));
                return true;
            } catch (error) {
                if (isEmulatorControlError(error) && error.status === 404) return false;
                throw error;
            }
        }

        /** GET /_emulator/state/{site or slot id}/content: files and app settings (the start page when never set). */
        getSiteContent(siteOrSlotId: string): Promise<SiteContent> {
            return this.call("GET", stateControlPath(siteOrSlotId, "content"));
        }

        /** PUT /_emulator/state/{site or slot id}/content: replaces files and app settings. */
        putSiteContent(siteOrSlotId: string, content: Partial<SiteContent>): Promise<SiteContent> {
            return this.call("PUT", stateControlPath(siteOrSlotId, "content"), content);
        }

        /** GET /_emulator/state/{site or slot id}/backups: every stored backup (deleted ones and SAS URLs included) with counts. */
        listStoredBackups(siteOrSlotId: string): Promise<StoredBackupList> {
            return this.call("GET", stateControlPath(siteOrSlotId, "backups"));
        }

        /** Number of stored backups of a site or slot, optionally only those with one of `statuses`. */
        async countBackups(siteOrSlotId: string, statuses?: readonly BackupItemStatus[]): Promise<number> {
            const { value } = await this.listStoredBackups(siteOrSlotId);
            return statuses ? value.filter((backup) => statuses.includes(backup.properties.status)).length : value.length;
        }

        /** GET /_emulator/state/{site or slot id}/backups/{id}: the stored backup, SAS URL included; rejects with 404 when missing. */
        getStoredBackup(siteOrSlotId: string, backupId: number | string): Promise<BackupItemModel> {
            return this.call("GET", stateControlPath(siteOrSlotId, `backups/${encodeSegment(String(backupId))}`));
        }

        /** PATCH …/backups/{id}: JSON-merge-patches the stored `properties`, e.g. `{status: "Deleted"}`. */
        patchStoredBackup(siteOrSlotId: string, backupId: number | string, patch: Record<string, unknown>): Promise<BackupItemModel> {
            return this.call("PATCH", stateControlPath(siteOrSlotId, `backups/${encodeSegment(String(backupId))}`), patch);
        }

        /** DELETE …/backups/{id}: the backup vanishes from the emulator (its blob stays). */
        async deleteStoredBackup(siteOrSlotId: string, backupId: number | string): Promise<void> {
            await this.call("DELETE", stateControlPath(siteOrSlotId, `backups/${encodeSegment(String(backupId))}`));
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
    }
    return AppServiceControlClient;
}
