/** An app registration with a client secret, as Microsoft Entra ID knows it. */
export interface ServicePrincipal {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    /** Object id of the principal: the `oid` claim. */
    objectId: string;
    displayName: string;
}

/**
 * The principal every emulator knows at start. Fixed values, so exported environment lines stay
 * valid across restarts; the secret is marked as not being one.
 */
export const DEFAULT_SERVICE_PRINCIPAL: Readonly<ServicePrincipal> = Object.freeze({
    tenantId: "7e1a2f3c-0b1d-4c5e-9f60-0000000e3a01",
    clientId: "c11e2b7d-5a4f-4b3e-8d2c-0000000e3a02",
    clientSecret: "emulator~secret.not-a-real-credential",
    objectId: "0b1ec7d0-3e2f-4a1b-9c8d-0000000e3a03",
    displayName: "declarative-backups emulator principal",
});

/** The app registrations the token authority accepts, looked up by tenant and client id. */
export class ServicePrincipalRegistry {
    private readonly principals = new Map<string, ServicePrincipal>();

    constructor(initial: readonly ServicePrincipal[] = [DEFAULT_SERVICE_PRINCIPAL]) {
        for (const principal of initial) this.register(principal);
    }

    /** Adds or replaces a principal. */
    register(principal: ServicePrincipal): void {
        this.principals.set(principal.clientId.toLowerCase(), { ...principal });
    }

    /** The principal with this client id, if any (ids compare case-insensitively, like GUIDs). */
    findByClientId(clientId: string): ServicePrincipal | undefined {
        return this.principals.get(clientId.toLowerCase());
    }

    /** True when some principal lives in this tenant. */
    hasTenant(tenantId: string): boolean {
        const wanted = tenantId.toLowerCase();
        return [...this.principals.values()].some((p) => p.tenantId.toLowerCase() === wanted);
    }
}
