import { ArmError } from "../platform/arm/armErrors";
import type { ArmQuota } from "../platform/arm/armQuota";
import type { Clock } from "../platform/clock";
import type { TokenAuthority } from "../platform/identity/tokenAuthority";
import type { RequestLog, RequestLogSummary } from "../platform/diagnostics/requestLog";
import type { FaultInjector } from "../platform/faults/faultInjector";
import { validateFaultRuleInput, type FaultRule, type FaultRuleInput } from "../platform/faults/faultRule";
import { requireResourceGroup, requireSite, requireSubscription, type SiteTarget } from "../platform/arm/armScope";
import {
    WEB_RESOURCE_TYPES,
    type BackupConfigurationModel,
    type BackupRequestProperties,
    type ResourceGroupModel,
    type SiteContent,
    type SiteModel,
    type SubscriptionModel,
} from "../platform/state/models";
import { backupConfigurationId, isGuid, resourceGroupId, siteId, slotId } from "../platform/state/resourceIds";
import type { EmulatorStore, StoreSnapshot } from "../platform/state/store";
import type { AuthSettings, AuthSettingsUpdate, ResourceGroupSeed, SiteSeed, SubscriptionSeed } from "./controlModels";
import { jsonMergePatch } from "./jsonMergePatch";
import { parseSiteContent, type SiteContents } from "../services/appservice/state/siteContents";

/** What the control API reaches into. */
export interface ControlDependencies {
    store: EmulatorStore;
    faults: FaultInjector;
    requests: RequestLog;
    authority: TokenAuthority;
    clock: Clock;
    quota: ArmQuota;
    /** Tenant of seeded subscriptions when the seed names none. */
    defaultTenantId: string;
    /** Where a site seed's `content` goes; seeds with content are refused without it. */
    siteContents?: SiteContents;
    /** Clears what lives outside the store (background work, operations, forced outcomes, timings). */
    onReset?: () => void;
}

/** A control API result: whether the PUT created something, and the model. */
export interface Upserted<T> {
    created: boolean;
    value: T;
}

const DEFAULT_LOCATION = "westeurope";

/**
 * The control API's operations (seeding, out-of-band state edits, faults, request log, auth knobs),
 * as methods on models. Errors use the ARM envelope with `BadRequest` / `NotFound` codes.
 */
export class ControlHandler {
    constructor(private readonly deps: ControlDependencies) {}

    /** Clears state, faults, request counters, quota windows, clock skew and token settings. */
    reset(): void {
        this.deps.store.clear();
        this.deps.faults.clear();
        this.deps.requests.clear();
        this.deps.quota.reset();
        this.deps.authority.reset();
        this.deps.clock.skewSeconds = 0;
        this.deps.onReset?.();
    }

    /** Creates or updates a subscription. */
    putSubscription(subscriptionId: string, seed: SubscriptionSeed): Upserted<SubscriptionModel> {
        if (!isGuid(subscriptionId)) throw badRequest(`The subscription id '${subscriptionId}' is not a GUID; ARM requires one.`);
        const existing = this.deps.store.getSubscription(subscriptionId);
        const value = this.deps.store.putSubscription({
            subscriptionId: existing?.subscriptionId ?? subscriptionId,
            displayName: optionalString(seed.displayName, "displayName") ?? existing?.displayName ?? `Emulated subscription ${subscriptionId}`,
            tenantId: optionalString(seed.tenantId, "tenantId") ?? existing?.tenantId ?? this.deps.defaultTenantId,
            state: "Enabled",
        });
        return { created: !existing, value };
    }

    /** Deletes a subscription and everything in it. */
    deleteSubscription(subscriptionId: string): void {
        if (!this.deps.store.deleteSubscription(subscriptionId)) throw notFound(`Subscription '${subscriptionId}' does not exist.`);
    }

    /** Creates or updates a resource group in an existing subscription. */
    putResourceGroup(subscriptionId: string, name: string, seed: ResourceGroupSeed): Upserted<ResourceGroupModel> {
        requireSubscription(this.deps.store, subscriptionId);
        const existing = this.deps.store.getResourceGroup(subscriptionId, name);
        const storedName = existing?.name ?? name;
        const value = this.deps.store.putResourceGroup(subscriptionId, {
            id: existing?.id ?? resourceGroupId(subscriptionId, storedName),
            name: storedName,
            type: "Microsoft.Resources/resourceGroups",
            location: optionalString(seed.location, "location") ?? existing?.location ?? DEFAULT_LOCATION,
            properties: { provisioningState: "Succeeded" },
        });
        return { created: !existing, value };
    }

    /** Deletes a resource group and its resources. */
    deleteResourceGroup(subscriptionId: string, name: string): void {
        if (!this.deps.store.deleteResourceGroup(subscriptionId, name)) throw notFound(`Resource group '${name}' does not exist.`);
    }

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
        if (content) this.deps.siteContents!.put(value.id, content);
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
        if (content) this.deps.siteContents!.put(value.id, content);
        return { created: !existing, value };
    }

    /** Deletes a deployment slot and its configuration. */
    deleteSlot(subscriptionId: string, resourceGroupName: string, siteName: string, slotName: string): void {
        if (!this.deps.store.deleteResource(slotId(subscriptionId, resourceGroupName, siteName, slotName))) {
            throw notFound(`Slot '${siteName}/${slotName}' does not exist.`);
        }
    }

    /** Everything the store holds. */
    state(): StoreSnapshot {
        return this.deps.store.snapshot();
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

    /** Registers a fault rule. */
    addFault(input: unknown): FaultRule {
        const problem = validateFaultRuleInput(input);
        if (problem) throw badRequest(problem);
        return this.deps.faults.add(input as FaultRuleInput);
    }

    /** Active fault rules. */
    listFaults(): FaultRule[] {
        return this.deps.faults.list();
    }

    /** Removes one fault rule. */
    deleteFault(id: string): void {
        if (!this.deps.faults.remove(id)) throw notFound(`Fault '${id}' does not exist.`);
    }

    /** Removes all fault rules; returns how many there were. */
    clearFaults(): number {
        const count = this.deps.faults.list().length;
        this.deps.faults.clear();
        return count;
    }

    /** Request counters and recent requests. */
    requests(): RequestLogSummary {
        return this.deps.requests.summary();
    }

    /** Forgets the request log. */
    clearRequests(): void {
        this.deps.requests.clear();
    }

    /** Current token lifetime, clock skew and issue count. */
    authSettings(): AuthSettings {
        return {
            tokenLifetimeSeconds: this.deps.authority.tokenLifetimeSeconds,
            clockSkewSeconds: this.deps.clock.skewSeconds,
            tokensIssued: this.deps.authority.tokensIssued,
            serverTime: this.deps.clock.now().toISOString(),
        };
    }

    /** Changes token lifetime and/or clock skew. */
    updateAuthSettings(update: AuthSettingsUpdate): AuthSettings {
        if (!isObject(update)) throw badRequest("The body must be a JSON object.");
        const tokenLifetimeSeconds: unknown = update.tokenLifetimeSeconds;
        const clockSkewSeconds: unknown = update.clockSkewSeconds;
        if (tokenLifetimeSeconds !== undefined && !(typeof tokenLifetimeSeconds === "number" && Number.isInteger(tokenLifetimeSeconds) && tokenLifetimeSeconds > 0)) {
            throw badRequest("'tokenLifetimeSeconds' must be a positive integer.");
        }
        if (clockSkewSeconds !== undefined && !(typeof clockSkewSeconds === "number" && Number.isFinite(clockSkewSeconds))) {
            throw badRequest("'clockSkewSeconds' must be a number.");
        }
        if (typeof tokenLifetimeSeconds === "number") this.deps.authority.tokenLifetimeSeconds = tokenLifetimeSeconds;
        if (typeof clockSkewSeconds === "number") this.deps.clock.skewSeconds = clockSkewSeconds;
        return this.authSettings();
    }

    // A seed without `content` leaves the site's content as it is.
    private seedContent(seed: SiteSeed): SiteContent | undefined {
        if (seed.content === undefined) return undefined;
        if (!this.deps.siteContents) throw badRequest("This emulator keeps no site content.");
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

function optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw badRequest(`'${field}' must be a string.`);
    return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function badRequest(message: string): ArmError {
    return new ArmError(400, "BadRequest", message);
}

function notFound(message: string): ArmError {
    return new ArmError(404, "NotFound", message);
}
