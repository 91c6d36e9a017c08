import { containerId } from "../names/backupIds";
import type { ContainerName } from "../names/backupNames";
import { bmsUserErrorContainerHasDatasources, operationFailed } from "../recoveryServicesErrors";
import type { ContainerModel, VaultModel } from "../state/backupStore";
import { BACKUP_TYPES, type BackupManagementType, type ContainerRecord } from "../state/models";
import type { AutoProtection } from "./autoProtection";
import type { BackupOperation } from "./backupOperations";
import type { BackupWorkDependencies } from "./backupWork";
import type { Discovery } from "./discovery";
import { containerJobSubject } from "./jobSubjects";
import { inventorySqlServer } from "./workloadInquiry";

/** How a registration ended up: answered at once (`container`) or running as an operation. */
export type RegistrationResult = { kind: "registered"; container: ContainerModel } | { kind: "accepted"; operation: BackupOperation };

/**
 * Container-level work: discovery (refresh), registration, unregistration and inquiry, each an
 * operation ending on the backup clock. Register and UnRegister open jobs; refresh and inquiry do not
 * (the live service shows no job for them).
 */
export class ContainerWork {
    constructor(
        private readonly deps: BackupWorkDependencies,
        private readonly discovery: Discovery,
        private readonly autoProtection: AutoProtection,
    ) {}

    /** Refresh: inventories the subscription when it starts; what it found becomes protectable when it ends. */
    refresh(vault: VaultModel, types: readonly BackupManagementType[]): BackupOperation {
        const snapshot = this.discovery.snapshot(vault, types);
        const forced = this.deps.failures.take("Refresh", vault.name);
        return this.deps.operations.start({
            vaultId: vault.id,
            kind: "Refresh",
            scope: "fabric",
            entityFriendlyName: vault.name,
            startMs: this.deps.clock.nowMs(),
            durationMs: this.deps.behaviour().refreshMs,
            ...(forced ? { forced } : {}),
            complete: () => this.discovery.apply(vault.id, snapshot),
        });
    }

    /**
     * Register: the container exists once it ends. With `registerMode: "sync"` it is answered at once
     * (200 with the container, the job completed), as the spec allows; a forced failure then fails the PUT.
     */
    register(vault: VaultModel, name: ContainerName, record: ContainerRecord): RegistrationResult {
        const now = this.deps.clock.nowMs();
        const subject = containerJobSubject(record);
        const forced = this.deps.failures.take("Register", record.friendlyName);
        const job = this.deps.jobs.start(vault.id, "Register", subject, now, true);
        const put = () => this.deps.store.getContainer(vault.id, name.name) ?? this.deps.store.putContainer({ id: containerId(vault.id, name.name), name: name.name, type: BACKUP_TYPES.container, properties: record });
        if (this.deps.behaviour().registerMode === "sync") {
            this.deps.jobs.finish(vault.id, job.name, now, forced);
            if (forced) throw operationFailed(forced.code, forced.message);
            return { kind: "registered", container: put() };
        }
        const operation = this.deps.operations.start({
            vaultId: vault.id,
            kind: "Register",
            scope: "container",
            containerName: name.name,
            entityFriendlyName: record.friendlyName,
            startMs: now,
            durationMs: this.deps.behaviour().registerMs,
            jobName: job.name,
            ...(forced ? { forced } : {}),
            complete: () => void put(),
        });
        return { kind: "accepted", operation };
    }

    /** UnRegister: the container goes when it ends, unless items came back meanwhile. */
    unregister(vault: VaultModel, container: ContainerModel): BackupOperation {
        const now = this.deps.clock.nowMs();
        const forced = this.deps.failures.take("UnRegister", container.properties.friendlyName);
        const job = this.deps.jobs.start(vault.id, "UnRegister", containerJobSubject(container.properties), now, true);
        return this.deps.operations.start({
            vaultId: vault.id,
            kind: "UnRegister",
            scope: "container",
            containerName: container.name,
            entityFriendlyName: container.properties.friendlyName,
            startMs: now,
            durationMs: this.deps.behaviour().unregisterMs,
            jobName: job.name,
            ...(forced ? { forced } : {}),
            complete: () => {
                const current = this.deps.store.getContainer(vault.id, container.name);
                if (!current) return;
                if (this.deps.store.listItemsIn(current).length > 0) throw bmsUserErrorContainerHasDatasources();
                this.deps.store.deleteContainer(vault.id, current.name);
            },
        });
    }

    /**
     * Inquire: looks into a container for workloads. A VM's SQL Server is inventoried when the inquiry
     * starts; when it ends its instances and databases become protectable, and SQL auto-protection
     * intents on them protect the new databases. For storage accounts there is nothing more to find.
     */
    inquire(vault: VaultModel, container: ContainerModel): BackupOperation {
        const inventory = container.properties.containerType === "VMAppContainer" ? inventorySqlServer(this.deps.store, container.properties.sourceResourceId) : undefined;
        const forced = this.deps.failures.take("Inquire", container.properties.friendlyName);
        return this.deps.operations.start({
            vaultId: vault.id,
            kind: "Inquire",
            scope: "container",
            containerName: container.name,
            entityFriendlyName: container.properties.friendlyName,
            startMs: this.deps.clock.nowMs(),
            durationMs: this.deps.behaviour().inquireMs,
            ...(forced ? { forced } : {}),
            complete: (atMs) => {
                const current = this.deps.store.getContainer(vault.id, container.name);
                if (!inventory || !current) return;
                this.deps.store.putInquiry(current, { inquiredAt: new Date(atMs).toISOString(), instances: inventory });
                this.autoProtection.afterInquiry(vault, current, atMs);
            },
        });
    }
}
