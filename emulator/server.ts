import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { EmulatorControl } from "./control/controlClient";
import { ControlHandler } from "./control/controlHandler";
import { controlRoutes, controlStage } from "./control/controlRoutes";
import { DEFAULT_AUDIENCE, DEFAULT_HOST, DEFAULT_TOKEN_LIFETIME_SECONDS, defaultDataDir } from "./defaults";
import { apiVersionStage } from "./platform/arm/apiVersion";
import { armDispatchStage } from "./platform/arm/armDispatchStage";
import { resourceGroupNameOf, subscriptionIdOf } from "./platform/arm/armPath";
import { ArmQuota, armQuotaStage } from "./platform/arm/armQuota";
import { requestIdStage } from "./platform/arm/requestIds";
import { Clock } from "./platform/clock";
import { RequestLog, requestLogStage } from "./platform/diagnostics/requestLog";
import { FaultInjector } from "./platform/faults/faultInjector";
import { faultStage } from "./platform/faults/faultStage";
import { bearerAuthStage } from "./platform/identity/bearerAuth";
import { DEFAULT_SERVICE_PRINCIPAL, ServicePrincipalRegistry, type ServicePrincipal } from "./platform/identity/servicePrincipals";
import { createSigningKey } from "./platform/identity/signingKey";
import { TokenAuthority } from "./platform/identity/tokenAuthority";
import { tokenAuthorityRoutes, tokenAuthorityStage } from "./platform/identity/tokenAuthorityRoutes";
import { errorSerializationStage } from "./platform/pipeline/errorSerializationStage";
import { RequestContext } from "./platform/pipeline/requestContext";
import { routeLookupStage } from "./platform/pipeline/routeLookupStage";
import { Router } from "./platform/pipeline/router";
import { composeStages } from "./platform/pipeline/stage";
import { MemoryStore } from "./platform/state/memoryStore";
import type { EmulatorStore } from "./platform/state/store";
import { ensureCertificates } from "./platform/tls/tls";
import { createAppServiceModule, DEFAULT_WEB_API_VERSIONS } from "./services/appservice/appServiceModule";
import { createComputeModule } from "./services/compute/computeModule";
import { createRecoveryServicesModule } from "./services/recoveryservices/recoveryServicesModule";
import type { ServiceModule } from "./services/serviceModule";
import { createBlobStorageModule } from "./services/storage/blobStorageModule";
import { createStorageAccountsModule } from "./services/storageaccounts/storageAccountsModule";
import type { BlobStorageInfo } from "./services/storage/storageAccount";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
    /** Port to listen on; 0 (default) picks a free one. */
    port?: number;
    /** Bind address; default "127.0.0.1". */
    host?: string;
    /** Where the CA, server certificate and keys are created at first start and kept; default "<repo>/.emulator-data". */
    dataDir?: string;
    /**
     * Accepted api-versions per provider; defaults: Microsoft.Web {@link DEFAULT_WEB_API_VERSIONS},
     * Microsoft.RecoveryServices 2023-04-01 … 2026-11-01, and recent versions of Microsoft.Compute and Microsoft.Storage.
     */
    apiVersions?: { web?: string[]; recoveryServices?: string[]; compute?: string[]; storageAccounts?: string[] };
    /** Lifetime of issued tokens; default 3600. */
    tokenLifetimeSeconds?: number;
    /** ARM audience; default "https://management.azure.com/" (accepted with or without trailing slash). */
    audience?: string;
    /**
     * Start blob storage (Azurite's blob service, HTTPS, one account with a key generated per start)
     * for backups to write to; default true. Without it, backups fail as the service fails when it
     * cannot reach storage.
     */
    storage?: boolean;
    /** Where blob storage keeps contents: "memory" (default, capped at 256 MB) or "disk" (a temporary folder, for benchmarks that rewrite large blobs). */
    storagePersistence?: "memory" | "disk";
}

/** A started emulator: where it listens, how to trust and authenticate against it, and its control API. */
export interface RunningEmulator {
    /** "https://127.0.0.1:<port>": ARM endpoint and authority host (same server). */
    url: string;
    /** Path of the generated CA certificate, for NODE_EXTRA_CA_CERTS. */
    caFile: string;
    /** The CA certificate, for an explicit `ca` option. */
    caPem: string;
    /** The pre-registered service principal. */
    tenantId: string;
    clientId: string;
    clientSecret: string;
    /** AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST, NODE_EXTRA_CA_CERTS,
     * DECLARATIVE_BACKUPS_CA_FILE (the same CA, for clients in this process), DECLARATIVE_BACKUPS_ARM_ENDPOINT
     * and DECLARATIVE_BACKUPS_ARM_AUDIENCE for child processes. */
    env: Record<string, string>;
    /** The blob storage backups are written to; absent when started with `storage: false`. */
    storage?: BlobStorageInfo;
    /** Typed client of the control API, bound to this server. */
    control: EmulatorControl;
    /** Stops listening, drops open connections, cancels background work and stops blob storage. */
    close(): Promise<void>;
}

/** Starts the Azure emulator: one HTTPS server for ARM, the token authority and the control API. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const audience = options.audience ?? DEFAULT_AUDIENCE;
    const certificates = await ensureCertificates(options.dataDir ?? defaultDataDir());
    const principal = DEFAULT_SERVICE_PRINCIPAL;
    let url = ""; // known once listening; every consumer reads it lazily
    const baseUrl = () => url;

    const store: EmulatorStore = new MemoryStore();
    const clock = new Clock();
    const platform: Platform = {
        store,
        clock,
        faults: new FaultInjector(),
        requests: new RequestLog(),
        quota: new ArmQuota(),
        authority: new TokenAuthority({
            baseUrl,
            principals: new ServicePrincipalRegistry([principal]),
            signingKey: await createSigningKey(),
            clock,
            tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
        }),
        principal,
        audience,
        baseUrl,
    };

    // Every emulated service registers the same way: its ARM routes, its control routes, its reset.
    const storage = createBlobStorageModule({
        isEnabled: options.storage !== false,
        persistence: options.storagePersistence,
        host: DEFAULT_HOST,
        certFile: certificates.certFile,
        keyFile: certificates.keyFile,
    });
    const context = { store, clock, caPem: certificates.caPem, baseUrl };
    const services: ServiceModule[] = [
        createAppServiceModule(context, { apiVersions: options.apiVersions?.web }),
        createRecoveryServicesModule(context, { apiVersions: options.apiVersions?.recoveryServices }),
        createComputeModule(context, { apiVersions: options.apiVersions?.compute }),
        createStorageAccountsModule(context, { apiVersions: options.apiVersions?.storageAccounts }),
        storage,
    ];
    const handle = composePipeline(platform, services);

    const server = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, (req, res) => {
        void handle(new RequestContext(req, res));
    });
    const host = options.host ?? DEFAULT_HOST;
    try {
        // Services start while the server binds: blob storage (a child process) is the slowest part of starting.
        await Promise.all([listen(server, options.port ?? 0, host), ...services.map((service) => service.start?.())]);
    } catch (error) {
        await Promise.allSettled([...services.map((service) => service.close()), close(server)]);
        throw error;
    }
    url = `https://${urlHost(host)}:${(server.address() as AddressInfo).port}`;

    return {
        url,
        caFile: certificates.caFile,
        caPem: certificates.caPem,
        tenantId: principal.tenantId,
        clientId: principal.clientId,
        clientSecret: principal.clientSecret,
        env: {
            AZURE_TENANT_ID: principal.tenantId,
            AZURE_CLIENT_ID: principal.clientId,
            AZURE_CLIENT_SECRET: principal.clientSecret,
            AZURE_AUTHORITY_HOST: url,
            NODE_EXTRA_CA_CERTS: certificates.caFile,
            DECLARATIVE_BACKUPS_CA_FILE: certificates.caFile,
            DECLARATIVE_BACKUPS_ARM_ENDPOINT: url,
            DECLARATIVE_BACKUPS_ARM_AUDIENCE: audience,
        },
        ...(storage.info ? { storage: storage.info } : {}),
        control: new EmulatorControl({ url, caPem: certificates.caPem, ...(storage.info ? { storage: storage.info } : {}) }),
        close: async () => {
            await close(server);
            for (const service of services) await service.close();
        },
    };
}

/** What every emulated ARM service shares: state, time, faults, the request log, quota and the token authority. */
interface Platform {
    store: EmulatorStore;
    clock: Clock;
    faults: FaultInjector;
    requests: RequestLog;
    quota: ArmQuota;
    authority: TokenAuthority;
    /** The pre-registered principal; its tenant owns seeded subscriptions. */
    principal: ServicePrincipal;
    /** ARM audience bearer tokens must carry. */
    audience: string;
    baseUrl: () => string;
}

/** The request pipeline: the platform's stages around the routes of every service. */
function composePipeline(platform: Platform, services: readonly ServiceModule[]): (context: RequestContext) => Promise<void> {
    const { store, clock, faults, requests, quota, authority, principal, baseUrl } = platform;
    const armRoutes = services.flatMap((service) => service.armRoutes);
    const armRouter = new Router(armRoutes);
    const tokenRouter = new Router(tokenAuthorityRoutes(authority));
    const controlHandler = new ControlHandler({
        store,
        faults,
        requests,
        authority,
        clock,
        quota,
        defaultTenantId: principal.tenantId,
        resetServices: () => services.forEach((service) => service.reset()),
    });
    const controlRouter = new Router([...controlRoutes(controlHandler, baseUrl), ...services.flatMap((service) => service.controlRoutes)]);

    // Outermost first. Order is the protocol: every answer (errors too) carries request ids; control
    // calls bypass logging, faults and auth; faults come before the token authority so a pathPattern
    // can reach token routes; api-version is checked before the bearer token, then dispatch.
    return composeStages([
        errorSerializationStage(),
        requestIdStage(),
        routeLookupStage({ tokenRouter, armRouter }),
        controlStage(controlRouter),
        requestLogStage(requests),
        armQuotaStage(quota),
        faultStage(faults),
        tokenAuthorityStage(tokenRouter, baseUrl),
        apiVersionStage({
            versionsByNamespace: Object.assign({}, ...services.map((service) => service.apiVersions)),
            locationOf: (context) => locationOf(store, context.segments),
        }),
        bearerAuthStage({
            jwks: authority.jwks(),
            issuers: () => [authority.issuer(principal.tenantId)],
            audience: platform.audience,
            clock,
            authorizationUri: () => `${baseUrl()}/${principal.tenantId}`,
        }),
        armDispatchStage(armRouter, armRoutes),
    ]);
}

function listen(server: https.Server, port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
}

function close(server: https.Server): Promise<void> {
    return new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
    });
}

// Wildcard binds are reached through loopback; IPv6 literals need brackets in URLs.
function urlHost(host: string): string {
    if (host === "0.0.0.0" || host === "") return "127.0.0.1";
    if (host === "::") return "[::1]";
    return host.includes(":") ? `[${host}]` : host;
}

// ARM names the target's region in NoRegisteredProviderFound; the resource group's is close enough.
function locationOf(store: EmulatorStore, segments: readonly string[]): string {
    const subscriptionId = subscriptionIdOf(segments);
    const resourceGroupName = resourceGroupNameOf(segments);
    const location = subscriptionId && resourceGroupName ? store.getResourceGroup(subscriptionId, resourceGroupName)?.location : undefined;
    return (location ?? "global").toLowerCase().replace(/\s+/g, "");
}
