import { getSqlDatabase, writeSqlDatabase } from "../../compute/sqlServers";
import { parseVirtualMachineId, virtualMachineFromBlueprint, type VirtualMachineProperties } from "../../compute/virtualMachines";
import { getFileShareContent, putFileShareContent, writeStorageAccountBlobs } from "../../storageaccounts/storageAccounts";
import { userErrorRestoreFileConflict, userErrorRestoreTargetNotFound, userErrorTargetDatabaseExists, userErrorTargetVmExists } from "../recoveryServicesErrors";
import type { ProtectedItemModel, VaultModel } from "../state/backupStore";
import type { RestoreRecord } from "../state/models";
import type { BackupOperation } from "./backupOperations";
import type { BackupRuns } from "./backupRuns";
import type { BackupWorkDependencies } from "./backupWork";
import { itemJobSubject } from "./jobSubjects";

/** One file or folder of an item-level file-share restore. */
export interface FileSpec {
    /** Path in the share, without a leading `/`. */
    path: string;
    /** A folder restores everything under it. */
    isDirectory: boolean;
    /** Folder the selection goes to in the target share (alternate location), without leading or trailing `/`. */
    targetFolderPath?: string;
}

/** What a restore does, as the handler read it from the request (targets checked to exist). */
export type RestorePlan =
    | { kind: "RestoreDisks"; storageAccountId: string; targetResourceGroupId?: string }
    | { kind: "AlternateLocation"; targetVirtualMachineId: string; region?: string }
    | { kind: "OriginalLocation" }
    | { kind: "FileShare"; targetShareId: string; copyOptions: "CreateCopy" | "Skip" | "Overwrite" | "FailOnConflict"; specs?: FileSpec[] }
    | { kind: "SqlDatabase"; targetVmId: string; instanceName: string; databaseName: string; overwrite: boolean; pointInTimeMs?: number };

/** The request facts a restore record keeps. */
export interface RestoreRequestFacts {
    objectType: string;
    recoveryType: string;
    /** The recovery point restored (`DefaultRangeRecoveryPoint` for a point in time). */
    recoveryPointName: string;
}

/**
 * Restores (Restores.Trigger) as the service runs them: a Restore job, `restoreMs` later the data comes
 * back from the recovery point: a VM's disks as blobs in a storage account (with the VM configuration
 * and template blobs the job's property bag names), a new VM with the point's data disks, the source
 * VM's disks replaced; a share's files (whole share or the listed ones) with the copy option applied;
 * a SQL database's content from a full point or from the log chain at a point in time. A conflict the
 * request does not resolve fails the job. Each completed restore is recorded for the control API.
 */
export class RestoreWork {
    constructor(
        private readonly deps: BackupWorkDependencies,
        private readonly runs: BackupRuns,
    ) {}

    /** Starts the restore of `item`'s recovery point; answered 202 at the item's poll URLs. */
    start(vault: VaultModel, item: ProtectedItemModel, facts: RestoreRequestFacts, plan: RestorePlan): BackupOperation {
        const now = this.deps.clock.nowMs();
        const subject = itemJobSubject(item.properties);
        const job = this.deps.jobs.start(vault.id, "Restore", { ...subject, taskNames: ["Transfer data"], propertyBag: { ...subject.propertyBag, "Recovery point": facts.recoveryPointName, "Recovery type": facts.recoveryType } }, now, true);
        const forced = this.deps.failures.take("Restore", item.properties.friendlyName);
        return this.deps.operations.start({
            vaultId: vault.id,
            kind: "Restore",
            scope: "item",
            containerName: item.properties.containerName,
            itemName: item.name,
            entityFriendlyName: item.properties.friendlyName,
            startMs: now,
            durationMs: this.deps.behaviour().restoreMs,
            jobName: job.name,
            ...(forced ? { forced } : {}),
            complete: (atMs) => {
                const target = this.apply(item, facts.recoveryPointName, plan, job.name, atMs);
                const record: RestoreRecord = {
                    jobId: job.name,
                    itemName: item.name,
                    recoveryPointId: facts.recoveryPointName,
                    objectType: facts.objectType,
                    recoveryType: facts.recoveryType,
                    completedAt: new Date(atMs).toISOString(),
                    target,
                };
                this.deps.store.putRestore(vault.id, record);
            },
        });
    }

    private apply(item: ProtectedItemModel, pointName: string, plan: RestorePlan, jobName: string, atMs: number): Record<string, unknown> {
        switch (plan.kind) {
            case "RestoreDisks":
                return this.restoreDisks(item, pointName, plan, jobName);
            case "AlternateLocation":
                return this.restoreNewVm(item, pointName, plan);
            case "OriginalLocation":
                return this.restoreOriginalVm(item, pointName);
            case "FileShare":
                return this.restoreFiles(item, pointName, plan);
            case "SqlDatabase":
                return this.restoreDatabase(item, pointName, plan, atMs);
        }
    }

    // The disks (OS and data) as VHD blobs, with the VM configuration and a deployment template, as the service leaves them.
    private restoreDisks(item: ProtectedItemModel, pointName: string, plan: Extract<RestorePlan, { kind: "RestoreDisks" }>, jobName: string): Record<string, unknown> {
        const snapshot = this.requireVmSnapshot(item, pointName);
        const vmName = item.properties.friendlyName.toLowerCase();
        const container = `${vmName}-${jobName.slice(0, 8)}`;
        const disk = (kind: string, lun: number | undefined, sizeGB: number) => JSON.stringify({ sourceVirtualMachineId: item.properties.sourceResourceId, recoveryPointId: pointName, kind, ...(lun !== undefined ? { lun } : {}), diskSizeGB: sizeGB });
        const blobs: Record<string, string> = { [`${container}/${vmName}-osdisk.vhd`]: disk("OS", undefined, 127) };
        for (const data of snapshot.dataDisks) blobs[`${container}/${vmName}-datadisk-${data.lun}.vhd`] = disk("Data", data.lun, data.diskSizeGB);
        const configBlob = `config-${vmName}-${jobName}.json`;
        const templateBlob = `azuredeploy-${jobName}.json`;
        blobs[`${container}/${configBlob}`] = JSON.stringify({ vmSize: snapshot.vmSize, osType: snapshot.osType, dataDisks: snapshot.dataDisks });
        blobs[`${container}/${templateBlob}`] = JSON.stringify({ $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", resources: [] });
        writeStorageAccountBlobs(this.deps.store.shared, plan.storageAccountId, blobs);
        const accountName = plan.storageAccountId.split("/").pop() ?? "";
        // The names the live Restore job's property bag carries, so the VM can be built from them.
        this.deps.jobs.addProperties(this.vaultIdOf(item), jobName, {
            "Target Storage Account Name": accountName,
            "Config Blob Container Name": container,
            "Config Blob Name": configBlob,
            "Template Blob Uri": `https://${accountName}.blob.core.windows.net/${container}/${templateBlob}`,
        });
        return { storageAccountId: plan.storageAccountId, container, blobs: Object.keys(blobs), ...(plan.targetResourceGroupId ? { targetResourceGroupId: plan.targetResourceGroupId } : {}) };
    }

    private restoreNewVm(item: ProtectedItemModel, pointName: string, plan: Extract<RestorePlan, { kind: "AlternateLocation" }>): Record<string, unknown> {
        const snapshot = this.requireVmSnapshot(item, pointName);
        const parts = parseVirtualMachineId(plan.targetVirtualMachineId)!;
        const group = this.deps.store.shared.getResourceGroup(parts.subscriptionId, parts.resourceGroupName);
        if (!group) throw userErrorRestoreTargetNotFound(`resource group '${parts.resourceGroupName}'`);
        if (this.deps.store.shared.getResource(plan.targetVirtualMachineId)) throw userErrorTargetVmExists(parts.vmName);
        const vm = this.deps.store.shared.putResource(
            virtualMachineFromBlueprint(plan.targetVirtualMachineId, parts.vmName, {
                location: plan.region ?? snapshot.location ?? group.location,
                vmSize: snapshot.vmSize,
                osType: snapshot.osType,
                dataDisks: snapshot.dataDisks,
                tags: { restoredFrom: item.properties.sourceResourceId, recoveryPointId: pointName },
            }),
        );
        return { virtualMachineId: vm.id, dataDiskLuns: snapshot.dataDisks.map((disk) => disk.lun) };
    }

    // The source VM gets the point's disks back (its id and vmId stay).
    private restoreOriginalVm(item: ProtectedItemModel, pointName: string): Record<string, unknown> {
        const snapshot = this.requireVmSnapshot(item, pointName);
        const vm = this.deps.store.shared.getResource<VirtualMachineProperties>(item.properties.sourceResourceId);
        if (!vm) throw userErrorRestoreTargetNotFound(`virtual machine '${item.properties.friendlyName}'`);
        const dataDisks = snapshot.dataDisks.map(({ lun, diskSizeGB }) => ({ lun, name: `${vm.name}_DataDisk_${lun}`, diskSizeGB, createOption: "Attach" as const }));
        this.deps.store.shared.putResource({ ...vm, tags: { ...vm.tags, restoredFrom: pointName }, properties: { ...vm.properties, storageProfile: { ...vm.properties.storageProfile, dataDisks } } });
        return { virtualMachineId: vm.id, dataDiskLuns: dataDisks.map((disk) => disk.lun) };
    }

    private restoreFiles(item: ProtectedItemModel, pointName: string, plan: Extract<RestorePlan, { kind: "FileShare" }>): Record<string, unknown> {
        const point = this.deps.store.getRecoveryPoint(item.id, pointName);
        const source = (point ? this.deps.store.getFileShareSnapshot(point.id)?.files : undefined) ?? {};
        if (!this.deps.store.shared.getResource(plan.targetShareId)) throw userErrorRestoreTargetNotFound(`file share '${plan.targetShareId.split("/").pop()}'`);
        const selected = selectFiles(source, plan.specs);
        const files = { ...getFileShareContent(this.deps.store.shared, plan.targetShareId).files };
        const written: string[] = [];
        const skipped: string[] = [];
        const copies: Record<string, string> = {};
        // FailOnConflict refuses the whole restore before anything is written.
        if (plan.copyOptions === "FailOnConflict") {
            const conflict = selected.find(({ target }) => files[target] !== undefined);
            if (conflict) throw userErrorRestoreFileConflict(conflict.target);
        }
        for (const { source: path, target } of selected) {
            const content = source[path];
            if (files[target] === undefined || plan.copyOptions === "Overwrite" || plan.copyOptions === "FailOnConflict") {
                files[target] = content;
                written.push(target);
            } else if (plan.copyOptions === "Skip") {
                skipped.push(target);
            } else {
                const copy = copyName(target, files);
                files[copy] = content;
                copies[target] = copy;
                written.push(copy);
            }
        }
        putFileShareContent(this.deps.store.shared, plan.targetShareId, { files });
        return { shareId: plan.targetShareId, copyOptions: plan.copyOptions, written, skipped, copies };
    }

    private restoreDatabase(item: ProtectedItemModel, pointName: string, plan: Extract<RestorePlan, { kind: "SqlDatabase" }>, atMs: number): Record<string, unknown> {
        const content = plan.pointInTimeMs !== undefined ? this.runs.sql.contentAt(item.id, plan.pointInTimeMs) : this.pointContent(item, pointName);
        if (content === undefined) throw userErrorRestoreTargetNotFound(`content of recovery point '${pointName}'`);
        const existing = getSqlDatabase(this.deps.store.shared, plan.targetVmId, plan.instanceName, plan.databaseName);
        if (existing && !plan.overwrite) throw userErrorTargetDatabaseExists(`${plan.instanceName}/${plan.databaseName}`);
        const database = writeSqlDatabase(this.deps.store.shared, plan.targetVmId, plan.instanceName, plan.databaseName, content);
        return {
            databaseId: database.id,
            instanceName: plan.instanceName,
            databaseName: database.name,
            content,
            overwritten: Boolean(existing),
            ...(plan.pointInTimeMs !== undefined ? { pointInTime: new Date(plan.pointInTimeMs).toISOString() } : {}),
            restoredAt: new Date(atMs).toISOString(),
        };
    }

    private pointContent(item: ProtectedItemModel, pointName: string): string | undefined {
        const point = this.deps.store.getRecoveryPoint(item.id, pointName);
        return point ? this.deps.store.getSqlSnapshot(point.id)?.content : undefined;
    }

    private requireVmSnapshot(item: ProtectedItemModel, pointName: string) {
        const point = this.deps.store.getRecoveryPoint(item.id, pointName);
        const snapshot = point ? this.deps.store.getVmSnapshot(point.id) : undefined;
        if (!snapshot) throw userErrorRestoreTargetNotFound(`disks of recovery point '${pointName}'`);
        return snapshot;
    }

    private vaultIdOf(item: ProtectedItemModel): string {
        return item.id.slice(0, item.id.toLowerCase().indexOf("/backupfabrics/"));
    }
}

// The files a restore brings back, with their paths in the target share: all of them, or those the specs name.
function selectFiles(source: Record<string, string>, specs: FileSpec[] | undefined): { source: string; target: string }[] {
    const paths = Object.keys(source).sort();
    if (!specs) return paths.map((path) => ({ source: path, target: path }));
    const chosen = new Map<string, string>();
    for (const spec of specs) {
        for (const path of paths) {
            const matches = spec.isDirectory ? spec.path === "" || path.startsWith(`${spec.path}/`) : path === spec.path;
            if (!matches || chosen.has(path)) continue;
            // A folder keeps its name under the target folder; a file keeps its own.
            const relative = spec.isDirectory ? path.slice(spec.path.lastIndexOf("/") + 1) : path.slice(path.lastIndexOf("/") + 1);
            chosen.set(path, spec.targetFolderPath !== undefined ? [spec.targetFolderPath, relative].filter(Boolean).join("/") : path);
        }
    }
    return [...chosen].map(([path, target]) => ({ source: path, target }));
}

// CreateCopy's name for a file that exists: `name (1).ext`, the first number free (Windows' convention, chosen).
function copyName(path: string, files: Record<string, string>): string {
    const slash = path.lastIndexOf("/");
    const dot = path.lastIndexOf(".");
    const [stem, extension] = dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, ""];
    for (let n = 1; ; n++) {
        const candidate = `${stem} (${n})${extension}`;
        if (files[candidate] === undefined) return candidate;
    }
}
