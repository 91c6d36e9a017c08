import { badRequest, notFound } from "../../../control/controlInput";
import type { Upserted } from "../../../control/controlRouteHelpers";
import type { FaultInjector } from "../../../platform/faults/faultInjector";
import { validateFaultRuleInput, type FaultRule, type FaultRuleInput } from "../../../platform/faults/faultRule";
import { validateBehaviourUpdate, type SyncanoBehaviour, type SyncanoBehaviourSettings } from "../behaviour";
import { validateForcedOutcomeInput, type ForcedOutcome, type ForcedOutcomeInput, type ForcedOutcomes } from "../forcedOutcomes";
import type { SyncanoRequestLog, SyncanoRequestSummary } from "../http/syncanoRequestLog";
import { isApiKeyShaped, type AccountStore } from "../state/accountStore";
import type { BackupStore } from "../state/backupStore";
import type { InstanceStore } from "../state/instanceStore";
import { BACKUP_STATUSES, type AccountRecord, type BackupRecord, type BackupStatus, type InstanceRecord, type RestoreRecord } from "../state/models";
import { readObjectsSeed } from "../state/objectSeeds";
import { emptyObjects } from "../state/objectTypes";
import type { RestoreStore } from "../state/restoreStore";
import { formatSyncanoTime, type MicrosecondClock } from "../state/syncanoTime";
import { writeBackupArchive } from "../work/backupArchive";
import { backupDetails, selectObjects } from "../work/selection";
import type { InstanceState, SyncanoAccountModel, SyncanoBackupModel, SyncanoRestoreModel } from "./syncanoControlModels";

/** What the control handler works with. */
export interface SyncanoControlDependencies {
    accounts: AccountStore;
    instances: InstanceStore;
    backups: BackupStore;
    restores: RestoreStore;
    behaviour: SyncanoBehaviourSettings;
    outcomes: ForcedOutcomes;
    faults: FaultInjector;
    requests: SyncanoRequestLog;
    clock: MicrosecondClock;
    archiveUrl: (backup: BackupRecord) => string;
    /** Cancels background work and clears what the stores do not hold (throttle windows). */
    resetWork: () => void;
}

const INSTANCE_NAME = /^[a-z0-9-_]{1,64}$/;

/**
 * The Syncano control API: seeding accounts, instances and their objects; reading and changing
 * backups and restores behind the API's back; timings, forced outcomes, faults and counters.
 */
export class SyncanoControlHandler {
    constructor(private readonly deps: SyncanoControlDependencies) {}

    /** Clears every account, instance, backup, restore, fault, forced outcome, counter and knob. */
    reset(): void {
        this.deps.resetWork();
        this.deps.accounts.clear();
        this.deps.instances.clear();
        this.deps.backups.clear();
        this.deps.restores.clear();
        this.deps.behaviour.reset();
        this.deps.outcomes.clear();
        this.deps.faults.clear();
        this.deps.requests.clear();
    }

    putAccount(email: string, body: Record<string, unknown>): Upserted<SyncanoAccountModel> {
        if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw badRequest(`'${email}' is not an email address.`);
        const { apiKey, firstName, lastName, backupsPerAccount } = body;
        if (apiKey !== undefined && !(typeof apiKey === "string" && isApiKeyShaped(apiKey))) throw badRequest("'apiKey' must be 40 hex characters.");
        for (const [name, value] of Object.entries({ firstName, lastName })) {
            if (value !== undefined && typeof value !== "string") throw badRequest(`'${name}' must be a string.`);
        }
        if (backupsPerAccount !== undefined && !(Number.isInteger(backupsPerAccount) && (backupsPerAccount as number) >= 0)) {
            throw badRequest("'backupsPerAccount' must be a non-negative integer.");
        }
        const holder = typeof apiKey === "string" ? this.deps.accounts.byKey(apiKey) : undefined;
        if (holder && holder.email.toLowerCase() !== email.toLowerCase()) throw badRequest(`The key is already ${holder.email}'s.`);
        const { created, account } = this.deps.accounts.put({
            email,
            ...(apiKey !== undefined ? { apiKey: apiKey as string } : {}),
            ...(firstName !== undefined ? { firstName: firstName as string } : {}),
            ...(lastName !== undefined ? { lastName: lastName as string } : {}),
            ...(backupsPerAccount !== undefined ? { backupsPerAccount: backupsPerAccount as number } : {}),
        });
        return { created, value: accountModel(account) };
    }

    listAccounts(): SyncanoAccountModel[] {
        return this.deps.accounts.list().map(accountModel);
    }

    /** Creates (or recreates) the instance, freshly initialised, with the given types' objects. */
    putInstance(name: string, body: Record<string, unknown>): Upserted<InstanceState> {
        if (!INSTANCE_NAME.test(name.toLowerCase())) throw badRequest(`Instance name '${name}' must be 1 to 64 letters, digits, '-' or '_'.`);
        if (typeof body.owner !== "string") throw badRequest("'owner' must be the email of an account.");
        const owner = this.account(body.owner);
        const objects = this.readObjects(body.objects);
        const { created, instance } = this.deps.instances.put(name, owner.id, objects);
        return { created, value: this.instanceState(instance) };
    }

    getInstance(name: string): InstanceState {
        return this.instanceState(this.instance(name));
    }

    /** Replaces the given types' objects, the others stay. */
    putInstanceObjects(name: string, body: unknown): InstanceState {
        this.instance(name);
        return this.instanceState(this.deps.instances.putObjects(name, this.readObjects(body))!);
    }

    /** Deletes the instance: its backups stay without an instance, its restores go. */
    deleteInstance(name: string): void {
        const instance = this.instance(name);
        this.deps.instances.delete(instance.name);
        this.deps.backups.detachInstance(instance.name);
        this.deps.restores.deleteFor(instance.name);
    }

    listRestores(name: string): SyncanoRestoreModel[] {
        return this.deps.restores.listFor(this.instance(name).name).map((restore) => this.restoreModel(restore));
    }

    listBackups(ownerEmail?: string): SyncanoBackupModel[] {
        const ownerId = ownerEmail === undefined ? undefined : this.account(ownerEmail).id;
        return this.deps.backups.list(ownerId === undefined ? {} : { ownerId }).map((backup) => this.backupModel(backup));
    }

    getBackup(id: string): SyncanoBackupModel {
        return this.backupModel(this.backup(id));
    }

    /** Deletes a backup whatever its status, as if from another client (its run stops). */
    deleteBackup(id: string): void {
        this.deps.backups.delete(this.backup(id).id);
    }

    /**
     * Sets a backup's status; it then stays there (its run stops). `success` without an archive
     * archives the instance as it is now; `error` and `aborted` drop archive, size and details.
     */
    setBackupStatus(id: string, body: Record<string, unknown>): SyncanoBackupModel {
        const backup = this.backup(id);
        const { status, statusInfo } = body;
        if (!BACKUP_STATUSES.includes(status as BackupStatus)) throw badRequest(`'status' must be one of ${BACKUP_STATUSES.join(", ")}.`);
        if (statusInfo !== undefined && typeof statusInfo !== "string") throw badRequest("'statusInfo' must be a string.");
        backup.generation++;
        backup.status = status as BackupStatus;
        backup.statusInfo = (statusInfo as string | undefined) ?? "";
        backup.updatedAtUs = this.deps.clock.nowUs();
        if (status === "success" && !backup.archive) {
            const instance = backup.instance === null ? undefined : this.deps.instances.get(backup.instance);
            const objects = selectObjects(instance?.objects ?? emptyObjects(), backup.queryArgs);
            backup.archive = writeBackupArchive(objects, new Date());
            backup.size = backup.archive.length;
            backup.details = backupDetails(objects);
        } else if (status === "error" || status === "aborted") {
            delete backup.archive;
            backup.size = null;
            backup.details = {};
        }
        return this.backupModel(backup);
    }

    behaviour(): SyncanoBehaviour {
        return this.deps.behaviour.get();
    }

    updateBehaviour(body: unknown): SyncanoBehaviour {
        const problem = validateBehaviourUpdate(body);
        if (problem) throw badRequest(problem);
        return this.deps.behaviour.update(body as Partial<SyncanoBehaviour>);
    }

    addOutcome(body: unknown): ForcedOutcome {
        const problem = validateForcedOutcomeInput(body);
        if (problem) throw badRequest(problem);
        return this.deps.outcomes.add(body as ForcedOutcomeInput);
    }

    listOutcomes(): ForcedOutcome[] {
        return this.deps.outcomes.list();
    }

    clearOutcomes(): number {
        return this.deps.outcomes.clear();
    }

    addFault(body: unknown): FaultRule {
        const problem = validateFaultRuleInput(body);
        if (problem) throw badRequest(problem);
        return this.deps.faults.add(body as FaultRuleInput);
    }

    listFaults(): FaultRule[] {
        return this.deps.faults.list();
    }

    deleteFault(id: string): void {
        if (!this.deps.faults.remove(id)) throw notFound(`No fault '${id}'.`);
    }

    clearFaults(): number {
        const count = this.deps.faults.list().length;
        this.deps.faults.clear();
        return count;
    }

    requests(): SyncanoRequestSummary {
        return this.deps.requests.summary();
    }

    clearRequests(): void {
        this.deps.requests.clear();
    }

    private readObjects(seed: unknown) {
        const read = readObjectsSeed(seed);
        if ("problem" in read) throw badRequest(read.problem);
        return read.objects;
    }

    private account(email: string): AccountRecord {
        const account = this.deps.accounts.byEmail(email);
        if (!account) throw notFound(`No account '${email}'.`);
        return account;
    }

    private instance(name: string): InstanceRecord {
        const instance = this.deps.instances.get(name);
        if (!instance) throw notFound(`No instance '${name}'.`);
        return instance;
    }

    private backup(id: string): BackupRecord {
        const backup = /^\d+$/.test(id) ? this.deps.backups.get(Number(id)) : undefined;
        if (!backup) throw notFound(`No backup '${id}'.`);
        return backup;
    }

    private email(accountId: number): string {
        return this.deps.accounts.byId(accountId)?.email ?? "";
    }

    private instanceState(instance: InstanceRecord): InstanceState {
        return { name: instance.name, owner: this.email(instance.ownerId), objects: instance.objects };
    }

    private backupModel(backup: BackupRecord): SyncanoBackupModel {
        return {
            id: backup.id,
            kind: backup.kind,
            instance: backup.instance,
            owner: this.email(backup.ownerId),
            status: backup.status,
            statusInfo: backup.statusInfo,
            label: backup.label,
            description: backup.description,
            metadata: backup.metadata,
            ...(backup.queryArgs ? { queryArgs: backup.queryArgs } : {}),
            ...(backup.kind === "partial" && backup.status === "success" && backup.archive ? { archive: this.deps.archiveUrl(backup) } : {}),
            size: backup.size,
            details: backup.details,
            createdAt: formatSyncanoTime(backup.createdAtUs),
            updatedAt: formatSyncanoTime(backup.updatedAtUs),
        };
    }

    private restoreModel(restore: RestoreRecord): SyncanoRestoreModel {
        return {
            id: restore.id,
            backup: restore.backupId,
            instance: restore.instance,
            owner: this.email(restore.ownerId),
            status: restore.status,
            statusInfo: restore.statusInfo,
            createdAt: formatSyncanoTime(restore.createdAtUs),
            updatedAt: formatSyncanoTime(restore.updatedAtUs),
        };
    }
}

function accountModel(account: AccountRecord): SyncanoAccountModel {
    return {
        id: account.id,
        email: account.email,
        apiKey: account.apiKey,
        firstName: account.firstName,
        lastName: account.lastName,
        ...(account.backupsPerAccount !== undefined ? { backupsPerAccount: account.backupsPerAccount } : {}),
    };
}
