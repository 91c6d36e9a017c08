import * as https from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import { EmulatorControlError, isEmulatorControlError } from "../../../control/controlClientBase";
import type {
    BackupStatus,
    FaultRule,
    FaultRuleInput,
    ForcedOutcome,
    ForcedOutcomeInput,
    InstanceState,
    ObjectsSeed,
    RestoreStatus,
    SyncanoAccountModel,
    SyncanoAccountSeed,
    SyncanoBackupModel,
    SyncanoBehaviour,
    SyncanoRequestSummary,
    SyncanoRestoreModel,
} from "./syncanoControlModels";

/** Where the Syncano emulator's control API listens and the CA that signed its certificate. */
export interface SyncanoControlClientOptions {
    /** Base URL of the Syncano emulator (`https://127.0.0.1:<port>`). */
    url: string;
    /** PEM of the emulator's CA. */
    caPem: string;
}

/** Options of the `waitFor…` helpers. */
export interface WaitOptions {
    /** Give up after this long; default 10 000 ms. */
    timeoutMs?: number;
    /** Between reads; default 25 ms. */
    intervalMs?: number;
}

const ENDED_BACKUP: readonly BackupStatus[] = ["success", "error", "aborted"];
const ENDED_RESTORE: readonly RestoreStatus[] = ["success", "error", "aborted"];

/**
 * Typed client of the Syncano emulator's control API (`/_emulator/...`): accounts and keys,
 * instances and their objects, backups and restores behind the API's back, timings, forced
 * outcomes, faults and request counters. Uses node:https with the emulator's CA and no pooling;
 * error answers reject with an {@link EmulatorControlError}.
 */
export class SyncanoControlClient {
    readonly url: string;
    readonly caPem: string;

    constructor(options: SyncanoControlClientOptions) {
        this.url = options.url.replace(/\/+$/, "");
        this.caPem = options.caPem;
    }

    /** GET /_emulator/health. */
    health(): Promise<{ status: string; url: string }> {
        return this.call("GET", "/_emulator/health");
    }

    /** POST /_emulator/reset: forgets accounts, instances, backups, restores, faults, counters, outcomes and knobs. */
    async reset(): Promise<void> {
        await this.call("POST", "/_emulator/reset");
    }

    /** PUT /_emulator/syncano/accounts/{email}: creates or updates the account; the key is generated (40 hex) when not given. */
    putAccount(seed: SyncanoAccountSeed): Promise<SyncanoAccountModel> {
        const { email, ...rest } = seed;
        return this.call("PUT", `/_emulator/syncano/accounts/${encodeURIComponent(email)}`, rest);
    }

    /** GET /_emulator/syncano/accounts. */
    async listAccounts(): Promise<SyncanoAccountModel[]> {
        return (await this.call<{ value: SyncanoAccountModel[] }>("GET", "/_emulator/syncano/accounts")).value;
    }

    /**
     * PUT /_emulator/syncano/instances/{name}: creates (or recreates) the instance, owned by the
     * account with this email, freshly initialised (a `user_profile` class) with the given types'
     * objects instead; ids are assigned when absent.
     */
    putInstance(ownerEmail: string, instanceName: string, objects: ObjectsSeed = {}): Promise<InstanceState> {
        return this.call("PUT", instancePath(instanceName), { owner: ownerEmail, objects });
    }

    /** GET /_emulator/syncano/instances/{name}: owner and every type's objects. */
    getInstance(instanceName: string): Promise<InstanceState> {
        return this.call("GET", instancePath(instanceName));
    }

    /** Like {@link getInstance}, but undefined when there is no such instance. */
    findInstance(instanceName: string): Promise<InstanceState | undefined> {
        return orUndefined(this.getInstance(instanceName));
    }

    /** PUT /_emulator/syncano/instances/{name}/objects: replaces the given types' objects (the others stay), behind the API's back. */
    putInstanceObjects(instanceName: string, objects: ObjectsSeed): Promise<InstanceState> {
        return this.call("PUT", `${instancePath(instanceName)}/objects`, objects);
    }

    /** DELETE /_emulator/syncano/instances/{name}: its backups stay (with `instance: null`), its restores go. */
    async deleteInstance(instanceName: string): Promise<void> {
        await this.call("DELETE", instancePath(instanceName));
    }

    /** Every backup, or the account's: GET /_emulator/syncano/backups or …/accounts/{email}/backups. */
    async listBackups(ownerEmail?: string): Promise<SyncanoBackupModel[]> {
        const path = ownerEmail === undefined ? "/_emulator/syncano/backups" : `/_emulator/syncano/accounts/${encodeURIComponent(ownerEmail)}/backups`;
        return (await this.call<{ value: SyncanoBackupModel[] }>("GET", path)).value;
    }

    /** GET /_emulator/syncano/backups/{id}. */
    getBackup(id: number): Promise<SyncanoBackupModel> {
        return this.call("GET", `/_emulator/syncano/backups/${id}`);
    }

    /** Like {@link getBackup}, but undefined when there is no such backup. */
    findBackup(id: number): Promise<SyncanoBackupModel | undefined> {
        return orUndefined(this.getBackup(id));
    }

    /** DELETE /_emulator/syncano/backups/{id}: deletes it whatever its status, as another client could. */
    async deleteBackup(id: number): Promise<void> {
        await this.call("DELETE", `/_emulator/syncano/backups/${id}`);
    }

    /**
     * PUT /_emulator/syncano/backups/{id}/status: the backup stays in this status (its run stops);
     * `success` archives the instance as it is now when the backup has no archive yet.
     */
    setBackupStatus(id: number, status: BackupStatus, statusInfo?: string): Promise<SyncanoBackupModel> {
        return this.call("PUT", `/_emulator/syncano/backups/${id}/status`, { status, ...(statusInfo !== undefined ? { statusInfo } : {}) });
    }

    /** Reads the backup until its status is one of `statuses` (default: ended); answers it. */
    waitForBackup(id: number, statuses: readonly BackupStatus[] = ENDED_BACKUP, options: WaitOptions = {}): Promise<SyncanoBackupModel> {
        return waitFor(() => this.getBackup(id), (backup) => statuses.includes(backup.status), options, `backup ${id} to be ${statuses.join("|")}`);
    }

    /** GET /_emulator/syncano/instances/{name}/restores. */
    async listRestores(instanceName: string): Promise<SyncanoRestoreModel[]> {
        return (await this.call<{ value: SyncanoRestoreModel[] }>("GET", `${instancePath(instanceName)}/restores`)).value;
    }

    /** Reads the instance's restores until this one has ended (or is in one of `statuses`); answers it. */
    async waitForRestore(instanceName: string, id: number, statuses: readonly RestoreStatus[] = ENDED_RESTORE, options: WaitOptions = {}): Promise<SyncanoRestoreModel> {
        const read = async () => {
            const restore = (await this.listRestores(instanceName)).find((candidate) => candidate.id === id);
            if (!restore) throw new Error(`no restore ${id} on instance ${instanceName}`);
            return restore;
        };
        return waitFor(read, (restore) => statuses.includes(restore.status), options, `restore ${id} to be ${statuses.join("|")}`);
    }

    /** GET /_emulator/syncano/behaviour. */
    getBehaviour(): Promise<SyncanoBehaviour> {
        return this.call("GET", "/_emulator/syncano/behaviour");
    }

    /** PUT /_emulator/syncano/behaviour: timings (ms), throttle, size limit, default backup limit; answers the new settings. */
    setBehaviour(update: Partial<SyncanoBehaviour>): Promise<SyncanoBehaviour> {
        return this.call("PUT", "/_emulator/syncano/behaviour", update);
    }

    /** POST /_emulator/syncano/outcomes: the next `count` (default 1) backups or restores end with this status and status_info. */
    forceOutcome(input: ForcedOutcomeInput): Promise<ForcedOutcome> {
        return this.call("POST", "/_emulator/syncano/outcomes", input);
    }

    /** GET /_emulator/syncano/outcomes. */
    async listOutcomes(): Promise<ForcedOutcome[]> {
        return (await this.call<{ value: ForcedOutcome[] }>("GET", "/_emulator/syncano/outcomes")).value;
    }

    /** DELETE /_emulator/syncano/outcomes; answers how many were removed. */
    async clearOutcomes(): Promise<number> {
        return (await this.call<{ deleted: number }>("DELETE", "/_emulator/syncano/outcomes")).deleted;
    }

    /** POST /_emulator/faults: `pathPattern` is a regular expression on the decoded path; without one, every API request may fault. */
    addFault(rule: FaultRuleInput): Promise<FaultRule> {
        return this.call("POST", "/_emulator/faults", rule);
    }

    /** GET /_emulator/faults. */
    async listFaults(): Promise<FaultRule[]> {
        return (await this.call<{ value: FaultRule[] }>("GET", "/_emulator/faults")).value;
    }

    /** DELETE /_emulator/faults/{id}. */
    async deleteFault(id: string): Promise<void> {
        await this.call("DELETE", `/_emulator/faults/${encodeURIComponent(id)}`);
    }

    /** DELETE /_emulator/faults; answers how many were removed. */
    async clearFaults(): Promise<number> {
        return (await this.call<{ deleted: number }>("DELETE", "/_emulator/faults")).deleted;
    }

    /** GET /_emulator/requests: totals (throttled, faults, 403s) and counts by operation, path and status. */
    getRequests(): Promise<SyncanoRequestSummary> {
        return this.call("GET", "/_emulator/requests");
    }

    /** DELETE /_emulator/requests. */
    async clearRequests(): Promise<void> {
        await this.call("DELETE", "/_emulator/requests");
    }

    /** Sends one control request and parses its JSON answer; rejects with an {@link EmulatorControlError} on an error status. */
    call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise<T>((resolve, reject) => {
            const outgoing = https.request(
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
                        let parsed: unknown;
                        try {
                            parsed = text ? JSON.parse(text) : undefined;
                        } catch {
                            parsed = text;
                        }
                        const status = response.statusCode ?? 0;
                        if (status >= 200 && status < 300) return resolve(parsed as T);
                        const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
                        reject(new EmulatorControlError(status, error?.code, `${method} ${path} answered ${status}: ${error?.message ?? text}`));
                    });
                },
            );
            outgoing.on("error", reject);
            outgoing.end(payload);
        });
    }
}

function instancePath(instanceName: string): string {
    return `/_emulator/syncano/instances/${encodeURIComponent(instanceName)}`;
}

async function orUndefined<T>(pending: Promise<T>): Promise<T | undefined> {
    try {
        return await pending;
    } catch (error) {
        if (isEmulatorControlError(error) && error.status === 404) return undefined;
        throw error;
    }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, options: WaitOptions, what: string): Promise<T> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
        await delay(options.intervalMs ?? 25);
    }
}

export type {
    BackupStatus,
    FaultRule,
    FaultRuleInput,
    ForcedOutcome,
    ForcedOutcomeInput,
    InstanceState,
    ObjectsSeed,
    RestoreStatus,
    SyncanoAccountModel,
    SyncanoAccountSeed,
    SyncanoBackupModel,
    SyncanoBehaviour,
    SyncanoRequestSummary,
    SyncanoRestoreModel,
};
