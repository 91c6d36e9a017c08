import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { controlStage } from "../../control/controlRoutes";
import { DEFAULT_HOST, defaultDataDir } from "../../defaults";
import { FaultInjector } from "../../platform/faults/faultInjector";
import { Router } from "../../platform/pipeline/router";
import { Scheduler } from "../../platform/scheduler";
import { ensureCertificates } from "../../platform/tls/tls";
import { SyncanoBehaviourSettings } from "./behaviour";
import { SyncanoControlClient } from "./control/syncanoControlClient";
import { SyncanoControlHandler } from "./control/syncanoControlHandler";
import { syncanoControlRoutes } from "./control/syncanoControlRoutes";
import { ForcedOutcomes } from "./forcedOutcomes";
import { BackupsHandler } from "./handlers/backupsHandler";
import { RestoresHandler } from "./handlers/restoresHandler";
import { apiDispatchStage } from "./http/apiDispatchStage";
import { apiKeyAuthStage } from "./http/apiKeyAuthStage";
import { archiveDownloadStage, archiveUrl } from "./http/archiveDownloadStage";
import { syncanoErrorStage } from "./http/syncanoErrorStage";
import { syncanoFaultStage } from "./http/syncanoFaultStage";
import { composeSyncanoStages, SyncanoRequestContext } from "./http/syncanoRequestContext";
import { SyncanoRequestLog, syncanoRequestLogStage } from "./http/syncanoRequestLog";
import { syncanoRouteLookupStage } from "./http/syncanoRouteLookupStage";
import { AccountThrottle, throttleStage } from "./http/throttleStage";
import { syncanoRoutes } from "./routes";
import { AccountStore } from "./state/accountStore";
import { BackupStore } from "./state/backupStore";
import { InstanceStore } from "./state/instanceStore";
import { RestoreStore } from "./state/restoreStore";
import { MicrosecondClock } from "./state/syncanoTime";
import { BackupRuns } from "./work/backupRuns";
import { RestoreRuns } from "./work/restoreRuns";
import type { SyncanoWork } from "./work/syncanoWork";

export { SyncanoControlClient } from "./control/syncanoControlClient";
export type * from "./control/syncanoControlModels";
export { OBJECT_TYPES, type ObjectType } from "./state/objectTypes";

/** Options of {@link startSyncanoEmulator}. */
export interface SyncanoEmulatorOptions {
    /** Port to listen on; 0 (default) picks a free one. */
    port?: number;
    /** Bind address; default "127.0.0.1". */
    host?: string;
    /** Where the CA and server certificate are kept (shared with the Azure emulator); default "<repo>/.emulator-data". */
    dataDir?: string;
    /** Backups an account may keep unless it sets its own; default 25 (the seed's). */
    backupsPerAccount?: number;
}

/** A started Syncano emulator: where it listens, how to trust it, and its control API. */
export interface RunningSyncanoEmulator {
    /** "https://127.0.0.1:<port>": the API base (paths /v1/…, /v1.1/…, /v2/…) and the control API. */
    url: string;
    /** "127.0.0.1:<port>": what @syncano/core's SYNCANO_HOST takes. */
    host: string;
    /** Path of the CA certificate (the Azure emulator's too), for NODE_EXTRA_CA_CERTS. */
    caFile: string;
    /** The CA certificate, for an explicit `ca` option. */
    caPem: string;
    /** DECLARATIVE_BACKUPS_SYNCANO_URL, SYNCANO_HOST, NODE_EXTRA_CA_CERTS and DECLARATIVE_BACKUPS_CA_FILE, for child processes. */
    env: Record<string, string>;
    /** Typed client of the control API. */
    control: SyncanoControlClient;
    /** Stops listening, drops open connections and cancels background work. */
    close(): Promise<void>;
}

/**
 * Starts the Syncano emulator: its own HTTPS server (the platform is another host than Azure),
 * with the Azure emulator's CA and certificate, serving the backup API under /v1, /v1.1 and /v2,
 * archive downloads under /media, and its control API under /_emulator.
 */
export async function startSyncanoEmulator(options: SyncanoEmulatorOptions = {}): Promise<RunningSyncanoEmulator> {
    const certificates = await ensureCertificates(options.dataDir ?? defaultDataDir());
    let url = ""; // known once listening; every consumer reads it lazily

    const behaviour = new SyncanoBehaviourSettings(options.backupsPerAccount !== undefined ? { backupsPerAccount: options.backupsPerAccount } : {});
    const accounts = new AccountStore();
    const instances = new InstanceStore();
    const faults = new FaultInjector();
    const requests = new SyncanoRequestLog();
    const throttle = new AccountThrottle();
    const work: SyncanoWork = {
        backups: new BackupStore(),
        restores: new RestoreStore(),
        instances,
        outcomes: new ForcedOutcomes(),
        scheduler: new Scheduler(),
        behaviour: () => behaviour.get(),
        clock: new MicrosecondClock(),
    };
    const { backups, restores, outcomes, scheduler, clock } = work;
    const archiveUrlOf = (backup: Parameters<typeof archiveUrl>[1]) => archiveUrl(url, backup);

    const backupsHandler = new BackupsHandler({ backups, accounts, runs: new BackupRuns(work), behaviour: work.behaviour, clock, archiveUrl: archiveUrlOf });
    const restoresHandler = new RestoresHandler({ backups, restores, accounts, runs: new RestoreRuns(work), clock });
    const controlHandler = new SyncanoControlHandler({
        accounts,
        instances,
        backups,
        restores,
        behaviour,
        outcomes,
        faults,
        requests,
        clock,
        archiveUrl: archiveUrlOf,
        resetWork: () => {
            scheduler.cancelAll();
            throttle.clear();
        },
    });

    // Outermost first. Order is the protocol: control calls bypass logging and faults; the archive
    // needs no key; the instance is looked up before the key, the key before the throttle, and a
    // method the path does not allow is refused last, as Django REST framework does.
    const handle = composeSyncanoStages([
        syncanoErrorStage(),
        syncanoRouteLookupStage(new Router(syncanoRoutes(backupsHandler, restoresHandler))),
        controlStage(new Router(syncanoControlRoutes(controlHandler, () => url))),
        syncanoRequestLogStage(requests),
        syncanoFaultStage(faults),
        archiveDownloadStage(backups),
        apiKeyAuthStage(accounts, instances),
        throttleStage(throttle, () => behaviour.get()),
        apiDispatchStage(),
    ]);

    const server = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, (req, res) => {
        void handle(new SyncanoRequestContext(req, res));
    });
    await listen(server, options.port ?? 0, options.host ?? DEFAULT_HOST);
    const host = `${urlHost(options.host ?? DEFAULT_HOST)}:${(server.address() as AddressInfo).port}`;
    url = `https://${host}`;

    return {
        url,
        host,
        caFile: certificates.caFile,
        caPem: certificates.caPem,
        env: {
            DECLARATIVE_BACKUPS_SYNCANO_URL: url,
            SYNCANO_HOST: host,
            NODE_EXTRA_CA_CERTS: certificates.caFile,
            DECLARATIVE_BACKUPS_CA_FILE: certificates.caFile,
        },
        control: new SyncanoControlClient({ url, caPem: certificates.caPem }),
        close: async () => {
            await new Promise<void>((resolve) => {
                server.close(() => resolve());
                // Keep-alive sockets (node-fetch's agent) would hold close() open until they time out.
                server.closeAllConnections();
            });
            await scheduler.close();
        },
    };
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

// Wildcard binds are reached through loopback; IPv6 literals need brackets in URLs.
function urlHost(host: string): string {
    if (host === "0.0.0.0" || host === "") return "127.0.0.1";
    if (host === "::") return "[::1]";
    return host.includes(":") ? `[${host}]` : host;
}
