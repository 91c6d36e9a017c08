/** A subscription the emulator knows (seeded through the control API). */
export interface SubscriptionModel {
    subscriptionId: string;
    displayName: string;
    /** Tenant that owns the subscription. */
    tenantId: string;
    state: "Enabled" | "Disabled" | "Warned" | "PastDue" | "Deleted";
}

/** A resource group, as ARM returns it. */
export interface ResourceGroupModel {
    id: string;
    name: string;
    type: "Microsoft.Resources/resourceGroups";
    location: string;
    properties: { provisioningState: "Succeeded" };
}

/**
 * Any ARM resource (tracked or proxy) kept by the store under its id: sites, slots, their config
 * documents, and later backups, vaults, protected items. `P` is the shape of `properties`.
 */
export interface ArmResourceModel<P = Record<string, unknown>> {
    id: string;
    name: string;
    type: string;
    location?: string;
    kind?: string;
    tags?: Record<string, string>;
    properties: P;
}
