import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { EmulatorControl } from "./control/controlClient";
import { ControlHandler } from "./control/controlHandler";
import { controlRoutes, controlStage } from "./control/controlRoutes";
import {
    DEFAULT_AUDIENCE,
    DEFAULT_HOST,
    DEFAULT_TOKEN_LIFETIME_SECONDS,
    DEFAULT_WEB_API_VERSIONS,
    defaultDataDir,
} from "./defaults";
import { RequestLog, requestLogStage } from "./platform/diagnostics/requestLog";
import { FaultInjector } from "./platform/faults/faultInjector";
import { faultStage } from "./platform/faults/faultStage";
import { errorSerializationStage } from "./platform/pipeline/errorSerializationStage";
import { RequestContext } from "./platform/pipeline/requestContext";
import { routeLookupStage } from "./platform/pipeline/routeLookupStage";
import { composeStages } from "./platform/pipeline/stage";
import { apiVersionStage } from "./platform/arm/apiVersion";
import { resourceGroupNameOf, subscriptionIdOf } from "./platform/arm/armPath";
import { ArmQuota, armQuotaStage } from "./platform/arm/armQuota";
import { bearerAuthStage } from "./platform/identity/bearerAuth";
import { Clock } from "./platform/clock";
import { requestIdStage } from "./platform/arm/requestIds";
import { Router } from "./platform/pipeline/router";
import { DEFAULT_SERVICE_PRINCIPAL, ServicePrincipalRegistry } from "./platform/identity/servicePrincipals";
import { createSigningKey } from "./platform/identity/signingKey";
import { ensureCertificates } from "./platform/tls/tls";
import { TokenAuthority } from "./platform/identity/tokenAuthority";
import { tokenAuthorityRoutes, tokenAuthorityStage } from "./platform/identity/tokenAuthorityRoutes";
import { armDispatchStage } from "./platform/arm/armDispatchStage";
import { AppServiceHandler, appServiceRoutes } from "./services/appservice/routes";
import { WebAppBackupsHandler } from "./services/appservice/handlers/webAppBackupsHandler";
import { AppServiceControlHandler } from "./services/appservice/control/appServiceControlHandler";
import { BehaviourSettings } from "./services/appservice/behaviour";
import { BackupDeletions } from "./services/appservice/work/backupDeletions";
import { BackupRuns } from "./services/appservice/work/backupRuns";
import { BackupStore } from "./services/appservice/state/backupStore";
import type { BackupWorkDependencies } from "./services/appservice/work/backupWork";
import { ForcedOutcomes } from "./services/appservice/forcedOutcomes";
import { RestoreOperations } from "./services/appservice/work/restoreOperations";
import { Scheduler } from "./platform/scheduler";
import { SiteContents } from "./services/appservice/state/siteContents";
import { startAzurite, type AzuriteProcess } from "./services/storage/azurite";
import { BlobTransfer } from "./services/storage/blobTransfer";
import { createAccountKey, DEFAULT_STORAGE_ACCOUNT_NAME, type BlobStorageInfo } from "./services/storage/storageAccount";
import type { EmulatorStore } from "./platform/state/store";
import { MemoryStore } from "./platform/state/memoryStore";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
    /** Port to listen on; 0 (default) picks a free one. */
    port?: number;
    /** Bind address; default "127.0.0.1". */
    host?: string;
    /** Where the CA, server certificate and keys are created at first start and kept; default "<repo>/.emulator-data". */
    dataDir?: string;
    /** Accepted api-versions per provider; default for Microsoft.Web: {@link DEFAULT_WEB_API_VERSIONS}. */
    apiVersions?: { web?: string[] };
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

    const clock = new Clock();
    const store: EmulatorStore = new MemoryStore();
    const faults = new FaultInjector();
    const requests = new RequestLog();
    const quota = new ArmQuota();
    const authority = new TokenAuthority({
        baseUrl: () => url,
        principals: new ServicePrincipalRegistry([principal]),
        signingKey: await createSigningKey(),
        clock,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    });

    // Blob storage starts while the rest is assembled; it is the slowest part of starting.
    const azurite = options.storage === false ? undefined : startStorage(certificates.certFile, certificates.keyFile);
    const backups = composeAppServiceBackups(store, clock, certificates.caPem, () => url);

    const armRoutes = appServiceRoutes(new AppServiceHandler(store, clock), backups.arm);
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
        siteContents: backups.contents,
        onReset: backups.reset,
    });
    let storage: { info: BlobStorageInfo; process: AzuriteProcess } | undefined;
    const controlRouter = new Router(controlRoutes(controlHandler, () => url, backups.control, () => storage?.info));

    // The stack, outermost first. Order is the protocol: every answer (errors too) carries request
    // ids; control calls bypass logging, faults and auth; faults come before the token authority so a
    // pathPattern can reach token routes; api-version is checked before the bearer token, then dispatch.
    const handle = composeStages([
        errorSerializationStage(),
        requestIdStage(),
        routeLookupStage({ tokenRouter, armRouter }),
        controlStage(controlRouter),
        requestLogStage(requests),
        armQuotaStage(quota),
        faultStage(faults),
        tokenAuthorityStage(tokenRouter, () => url),
        apiVersionStage({
            versionsByNamespace: { "Microsoft.Web": options.apiVersions?.web ?? DEFAULT_WEB_API_VERSIONS },
            locationOf: (context) => locationOf(store, context.segments),
        }),
        bearerAuthStage({
            signingKeys: () => authority.signingKeys,
            audience,
            clock,
            authorizationUri: () => `${url}/${principal.tenantId}`,
        }),
        armDispatchStage(armRouter, armRoutes),
    ]);

    const server = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, (req, res) => {
        void handle(new RequestContext(req, res));
    });
    const host = options.host ?? DEFAULT_HOST;
    try {
        const [, started] = await Promise.all([listen(server, options.port ?? 0, host), azurite]);
        storage = started;
    } catch (error) {
        await Promise.allSettled([azurite?.then((started) => started.process.stop()), close(server)]);
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
        ...(storage ? { storage: storage.info } : {}),
        control: new EmulatorControl({ url, caPem: certificates.caPem, ...(storage ? { storage: storage.info } : {}) }),
        close: async () => {
            await close(server);
            await backups.close();
            await storage?.process.stop();
        },
    };
}

/** The App Service backup emulation: ARM operations, control operations, and the background work behind both. */
function composeAppServiceBackups(store: EmulatorStore, clock: Clock, caPem: string, baseUrl: () => string) {
    const scheduler = new Scheduler();
    const behaviour = new BehaviourSettings();
    const outcomes = new ForcedOutcomes();
    const backups = new BackupStore(store);
    const contents = new SiteContents(store);
    const work: BackupWorkDependencies = { backups, contents, blobs: new BlobTransfer({ caPem }), scheduler, behaviour: () => behaviour.get(), clock };
    const restores = new RestoreOperations(work, store);
    return {
        arm: new WebAppBackupsHandler({
            store,
            backups,
            runs: new BackupRuns(work),
            deletions: new BackupDeletions(work),
            restores,
            outcomes,
            behaviour: () => behaviour.get(),
            clock,
            baseUrl,
        }),
        control: new AppServiceControlHandler({ store, backups, contents, outcomes, behaviour }),
        contents,
        reset: () => {
            scheduler.cancelAll();
            restores.clear();
            outcomes.clear();
            behaviour.reset();
            backups.reset();
        },
        close: () => scheduler.close(),
    };
}

// Azurite serves TLS with the emulator's own server certificate (localhost, 127.0.0.1, ::1; signed by
// the emulator's CA), so whoever trusts the emulator trusts its storage. The account key is new at
// every start: Azurite's well-known development key is never accepted.
async function startStorage(certFile: string, keyFile: string): Promise<{ info: BlobStorageInfo; process: AzuriteProcess }> {
    const accountName = DEFAULT_STORAGE_ACCOUNT_NAME;
    const accountKey = createAccountKey();
    const azurite = await startAzurite({ host: DEFAULT_HOST, certFile, keyFile, accountName, accountKey });
    return { info: { blobEndpoint: `${azurite.serviceUrl}/${accountName}`, accountName, accountKey }, process: azurite };
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
