import type { ArmQuota } from "../platform/arm/armQuota";
import { requireSubscription } from "../platform/arm/armScope";
import type { Clock } from "../platform/clock";
import type { RequestLog, RequestLogSummary } from "../platform/diagnostics/requestLog";
import type { FaultInjector } from "../platform/faults/faultInjector";
import { validateFaultRuleInput, type FaultRule, type FaultRuleInput } from "../platform/faults/faultRule";
import type { TokenAuthority } from "../platform/identity/tokenAuthority";
import type { ResourceGroupModel, SubscriptionModel } from "../platform/state/models";
import { isGuid, resourceGroupId } from "../platform/state/resourceIds";
import type { EmulatorStore, StoreSnapshot } from "../platform/state/store";
import { badRequest, isObject, notFound, optionalString } from "./controlInput";
import type { AuthSettings, AuthSettingsUpdate, ResourceGroupSeed, SubscriptionSeed } from "./controlModels";
import type { Upserted } from "./controlRouteHelpers";

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
    /** Clears what the services keep outside the store (background work, operations, knobs). */
    resetServices?: () => void;
}

const DEFAULT_LOCATION = "westeurope";

/**
 * The control API's shared operations (subscriptions and resource groups, the store, faults, request
 * log, auth knobs, reset), as methods on models; each service adds its own. Errors use the ARM
 * envelope with `BadRequest` / `NotFound` codes.
 */
export class ControlHandler {
    constructor(private readonly deps: ControlDependencies) {}

    /** Clears state, faults, request counters, quota windows, clock skew, token settings, and each service's own. */
    reset(): void {
        this.deps.store.clear();
        this.deps.faults.clear();
        this.deps.requests.clear();
        this.deps.quota.reset();
        this.deps.authority.reset();
        this.deps.clock.skewSeconds = 0;
        this.deps.resetServices?.();
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

    /** Everything the store holds. */
    state(): StoreSnapshot {
        return this.deps.store.snapshot();
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
}
