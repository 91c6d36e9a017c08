import { requireResourceGroup } from "../../../platform/arm/armScope";
import type { EmulatorStore } from "../../../platform/state/store";
import { badRequest, isObject, notFound, optionalString } from "../../../control/controlInput";
import type { Upserted } from "../../../control/controlRouteHelpers";
import { jsonMergePatch } from "../../../control/jsonMergePatch";
import { validateBehaviourUpdate, type AppServiceBehaviour, type BehaviourSettings } from "../behaviour";
import { validateForcedOutcomeInput, type ForcedOutcome, type ForcedOutcomeInput, type ForcedOutcomes } from "../forcedOutcomes";
import type { BackupStore } from "../state/backupStore";
import {
    BACKUP_ITEM_STATUSES,
    WEB_RESOURCE_TYPES,
    type BackupConfigurationModel,
    type BackupItemModel,
    type BackupItemProperties,
    type BackupItemStatus,
    type BackupRequestProperties,
    type SiteContent,
    type SiteModel,
} from "../state/models";
import { backupConfigurationId, siteId, slotId } from "../state/resourceIds";
import { parseSiteContent, type SiteContents } from "../state/siteContents";
import { requireSite, type SiteTarget } from "../state/siteScope";
import type { SiteSeed } from "./appServiceControlModels";

/** What the App Service part of the control API reaches into. */
export interface AppServiceControlDependencies {
    store: EmulatorStore;
    backups: BackupStore;
    contents: SiteContents;
    outcomes: ForcedOutcomes;
    behaviour: BehaviourSettings;
}

/** Answer of `GET /_emulator/state/<site id>/backups`: every stored backup, deleted ones and secrets included. */
export interface StoredBackupList {
    value: BackupItemModel[];
    /** `value.length`. */
    count: number;
    /** How many backups have each status. */
    byStatus: Partial<Record<BackupItemStatus, number>>;
}

/**
 * The control API's App Service operations: seeding sites and slots, the stored backup configuration,
 * site content, stored backups (raw, secrets included, editable out of band), timings and forced
 * outcomes. Errors use the ARM envelope.
 */
export class AppServiceControlHandler {
    constructor(private readonly deps: AppServiceControlDependencies) {}

    /** Creates or updates a web app in an existing resource group. */
    putSite(subscriptionId: string, resourceGroupName: string, name: string, seed: SiteSeed): Upserted<SiteModel> {
        const resourceGroup = requireResourceGroup(this.deps.store, subscriptionId, resourceGroupName);
        const content = this.seedContent(seed);
        const existing = this.deps.store.getResource<SiteModel["properties"]>(siteId(subscriptionId, resourceGroupName, name));
        const storedName = existing?.name ?? name;
        const value = this.deps.store.putResource<SiteModel["properties"]>({
            id: existing?.id ?? siteId(subscriptionId, resourceGroup.name, storedName),
            name: storedName,
            type: WEB_RESOURCE_TYPES.site,
            location: optionalString(seed.location, "location") ?? existing?.location ?? resourceGroup.location,
            kind: optionalString(seed.kind, "kind") ?? existing?.kind ?? "app",
            ...tagsOf(seed, existing),
            properties: siteProperties(storedName, `${storedName}.azurewebsites.net`, resourceGroup.name),
        });
        if (content) this.deps.contents.put(value.id, content);
        return { created: !existing, value };
    }

    /** Deletes a web app with its slots and configuration. */
    deleteSite(subscriptionId: string, resourceGroupName: string, name: string): void {
        if (!this.deps.store.deleteResource(siteId(subscriptionId, resourceGroupName, name))) throw notFound(`Site '${name}' does not exist.`);
    }

    /** Creates or updates a deployment slot of an existing web app. */
    putSlot(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string, seed: SiteSeed): Upserted<SiteModel> {
        const { resourceGroup, site } = requireSite(this.deps.store, { subscriptionId, resourceGroupName, siteName });
        const content = this.seedContent(seed);
        const existing = this.deps.store.getResource<SiteModel["properties"]>(slotId(subscriptionId, resourceGroupName, siteName, slotName));
        const storedSlot = existing ? existing.name.split("/")[1] : slotName;
        const value = this.deps.store.putResource<SiteModel["properties"]>({
            id: existing?.id ?? `${site.id}/slots/${storedSlot}`,
            name: `${site.name}/${storedSlot}`,
            type: WEB_RESOURCE_TYPES.slot,
            location: optionalString(seed.location, "location") ?? existing?.location ?? site.location,
            kind: optionalString(seed.kind, "kind") ?? existing?.kind ?? site.kind ?? "app",
            ...tagsOf(seed, existing),
            properties: siteProperties(`${site.name}(${storedSlot})`, `${site.name}-${storedSlot}.azurewebsites.net`, resourceGroup.name),
        });
        if (content) this.deps.contents.put(value.id, content);
        return { created: !existing, value };
    }

    /** Deletes a deployment slot and its configuration. */
    deleteSlot(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string): void {
        if (!this.deps.store.deleteResource(slotId(subscriptionId, resourceGroupName, siteName, slotName))) {
            throw notFound(`Slot '${siteName}/${slotName}' does not exist.`);
        }
    }

    /** The stored backup configuration of a site or slot, secrets included. */
    getBackupConfiguration(target: SiteTarget): BackupConfigurationModel {
        const configuration = this.deps.store.getResource<BackupRequestProperties>(this.backupConfigurationIdOf(target));
        if (!configuration) throw notFound("The site has no backup configuration.");
        return configuration;
    }

    /** Stores a backup configuration as given, without the service's validation (out-of-band write). */
    putBackupConfiguration(target: SiteTarget, body: unknown): Upserted<BackupConfigurationModel> {
        if (!isObject(body) || !isObject(body.properties)) throw badRequest("The body must be an object with 'properties'.");
        const id = this.backupConfigurationIdOf(target);
        const existing = this.deps.store.getResource(id);
        const value = this.deps.store.putResource({
            id,
            name: "backup",
            type: target.slotName === undefined ? WEB_RESOURCE_TYPES.siteConfig : WEB_RESOURCE_TYPES.slotConfig,
            properties: body.properties as unknown as BackupRequestProperties,
        });
        return { created: !existing, value };
    }

    /** Merges `patch` (JSON Merge Patch) into the stored configuration's `properties`. */
    patchBackupConfiguration(target: SiteTarget, patch: unknown): BackupConfigurationModel {
        if (!isObject(patch)) throw badRequest("The body must be a JSON object to merge into 'properties'.");
        const configuration = this.getBackupConfiguration(target);
        configuration.properties = jsonMergePatch(configuration.properties, patch) as BackupRequestProperties;
        return this.deps.store.putResource(configuration);
    }

    /** Removes the stored configuration. */
    deleteBackupConfiguration(target: SiteTarget): void {
        if (!this.deps.store.deleteResource(this.backupConfigurationIdOf(target))) throw notFound("The site has no backup configuration.");
    }

    /** The site's content (the default start page when none was set). */
    getSiteContent(target: SiteTarget): SiteContent {
        return this.deps.contents.get(this.siteIdOf(target));
    }

    /** Replaces the site's content. */
    putSiteContent(target: SiteTarget, body: unknown): SiteContent {
        const id = this.siteIdOf(target);
        const content = parseSiteContent(body, "body");
        if (typeof content === "string") throw badRequest(content);
        return this.deps.contents.put(id, content);
    }

    /** Every stored backup of the site or slot, with counts. */
    listBackups(target: SiteTarget): StoredBackupList {
        const value = this.deps.backups.list(this.siteIdOf(target));
        const byStatus: StoredBackupList["byStatus"] = {};
        for (const backup of value) byStatus[backup.properties.status] = (byStatus[backup.properties.status] ?? 0) + 1;
        return { value, count: value.length, byStatus };
    }

    /** One stored backup, secrets included, whatever its status. */
    getBackup(target: SiteTarget, backupId: string): BackupItemModel {
        const backup = /^\d+$/.test(backupId) ? this.deps.backups.get(this.siteIdOf(target), backupId) : undefined;
        if (!backup) throw notFound(`The site has no backup with id '${backupId}'.`);
        return backup;
    }

    /** JSON-merge-patches the stored backup's `properties` (e.g. `{status: "Deleted"}`); `id` cannot change. */
    patchBackup(target: SiteTarget, backupId: string, patch: unknown): BackupItemModel {
        if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw badRequest("The body must be a JSON object to merge into 'properties'.");
        const { id, status } = patch as Record<string, unknown>;
        if (id !== undefined) throw badRequest("A backup's 'id' cannot be changed.");
        if (status !== undefined && !BACKUP_ITEM_STATUSES.includes(status as BackupItemStatus)) {
            throw badRequest(`'status' must be one of ${BACKUP_ITEM_STATUSES.join(", ")}.`);
        }
        const backup = this.getBackup(target, backupId);
        backup.properties = jsonMergePatch(backup.properties, patch) as BackupItemProperties;
        return this.deps.backups.replace(backup);
    }

    /** Makes a backup vanish (record only; its blob stays). */
    deleteBackup(target: SiteTarget, backupId: string): void {
        this.deps.backups.delete(this.getBackup(target, backupId).id);
    }

    /** Current timings and page size. */
    behaviour(): AppServiceBehaviour {
        return this.deps.behaviour.get();
    }

    /** Changes some timings; the rest stay. */
    updateBehaviour(update: unknown): AppServiceBehaviour {
        const problem = validateBehaviourUpdate(update);
        if (problem) throw badRequest(problem);
        return this.deps.behaviour.update(update as Partial<AppServiceBehaviour>);
    }

    /** Registers a forced outcome. */
    addOutcome(input: unknown): ForcedOutcome {
        const problem = validateForcedOutcomeInput(input);
        if (problem) throw badRequest(problem);
        return this.deps.outcomes.add(input as ForcedOutcomeInput);
    }

    /** Registered forced outcomes. */
    listOutcomes(): ForcedOutcome[] {
        return this.deps.outcomes.list();
    }

    /** Forgets every forced outcome; returns how many there were. */
    clearOutcomes(): number {
        const count = this.deps.outcomes.list().length;
        this.deps.outcomes.clear();
        return count;
    }

    private siteIdOf(target: SiteTarget): string {
        return requireSite(this.deps.store, target).site.id;
    }

    // A seed without `content` leaves the site's content as it is.
    private seedContent(seed: SiteSeed): SiteContent | undefined {
        if (seed.content === undefined) return undefined;
        const content = parseSiteContent(seed.content);
        if (typeof content === "string") throw badRequest(content);
        return content;
    }

    private backupConfigurationIdOf(target: SiteTarget): string {
        return backupConfigurationId(requireSite(this.deps.store, target).site.id);
    }
}

function siteProperties(name: string, defaultHostName: string, resourceGroup: string): SiteModel["properties"] {
    return { name, state: "Running", enabled: true, defaultHostName, hostNames: [defaultHostName], resourceGroup };
}

function tagsOf(seed: SiteSeed, existing: SiteModel | undefined): { tags?: Record<string, string> } {
    const tags = seed.tags ?? existing?.tags;
    return tags !== undefined ? { tags } : {};
}
