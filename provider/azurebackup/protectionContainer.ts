import * as pulumi from "@pulumi/pulumi";
import { getArmClient, type ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { diffFields } from "../core/diff/fieldDiff";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { createLogger, type Logger } from "../core/log";
import {
    getArmResource,
    getProtectionContainer,
    inquireProtectionContainer,
    listProtectableContainers,
    listProtectedItems,
    refreshContainers,
    registerProtectionContainer,
    unregisterProtectionContainer,
    type ProtectionContainerResource,
    type WaitOptions,
} from "./api";
import { defaultProtectionDeadlineMinutes } from "./protection";
import { checkVaultInput, sameArmId, vaultRefFromId, type VaultRef } from "./vaultRef";

/** Version of the outputs' shape. */
export const protectionContainerSchemaVersion = 1;

const vmIdPattern = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/?$/i;
const storageAccountIdPattern = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)\/?$/i;

/** Accepted values of `onDelete`. */
export const containerOnDeleteModes = ["unregisterWhenEmpty", "unregister", "retain"] as const;

/** Inputs of {@link ProtectionContainer}. */
export interface ProtectionContainerArgs {
    /** ARM id of the Recovery Services vault (e.g. azure-native's `recoveryservices.Vault.id`). */
    vaultId?: pulumi.Input<string>;
    /** The vault by its parts. */
    vault?: pulumi.Input<{ subscriptionId: pulumi.Input<string>; resourceGroupName: pulumi.Input<string>; name: pulumi.Input<string> }>;
    /**
     * What is registered: a VM's ARM id (its SQL databases become protectable) or a storage account's
     * (its file shares become protectable).
     */
    sourceResourceId: pulumi.Input<string>;
    /**
     * What `pulumi destroy` does. unregisterWhenEmpty (default): unregister when no protected item is
     * left, else leave it registered (items whose data was kept need it) and say which; unregister:
     * unregister, refused naming them while protected items (data kept or not) remain; retain: leave it.
     */
    onDelete?: pulumi.Input<(typeof containerOnDeleteModes)[number]>;
    /** Our own bound on each wait for the service (default 60); dynamic resources ignore customTimeouts. */
    deadlineMinutes?: pulumi.Input<number>;
}

/** Outputs of {@link ProtectionContainer}. */
export interface ProtectionContainerOutputs {
    schemaVersion: number;
    vaultId: string;
    sourceResourceId: string;
    /** The service's name for the container (opaque: `VMAppContainer;Compute;rg;vm`, `StorageContainer;Storage;rg;account`). */
    containerName: string;
    containerType: string;
    backupManagementType: string;
    registrationStatus: string;
    onDelete: string;
    deadlineMinutes: number;
}

/** The two kinds of container, told apart by the source's resource type. */
interface ContainerKind {
    containerType: "VMAppContainer" | "StorageContainer";
    backupManagementType: "AzureWorkload" | "AzureStorage";
    /** Workload filter for discovery. */
    workloadType: "SQLDataBase" | "AzureFileShare";
    knownName: string;
    friendlyName: string;
    apiVersion: string;
    sourceKind: string;
}

/** What kind of container a source makes, or undefined when it is neither a VM nor a storage account. */
export function containerKindOf(sourceResourceId: string): ContainerKind | undefined {
    const vm = vmIdPattern.exec(sourceResourceId);
    if (vm) {
        const [rg, name] = vm.slice(1).map(decodeURIComponent);
        return { containerType: "VMAppContainer", backupManagementType: "AzureWorkload", workloadType: "SQLDataBase", knownName: `VMAppContainer;Compute;${rg};${name}`, friendlyName: name, apiVersion: "2024-07-01", sourceKind: "VM" };
    }
    const account = storageAccountIdPattern.exec(sourceResourceId);
    if (account) {
        const [rg, name] = account.slice(1).map(decodeURIComponent);
        return { containerType: "StorageContainer", backupManagementType: "AzureStorage", workloadType: "AzureFileShare", knownName: `StorageContainer;Storage;${rg};${name}`, friendlyName: name, apiVersion: "2023-05-01", sourceKind: "storage account" };
    }
    return undefined;
}

/** Validates and normalizes inputs before any API call. */
export function checkProtectionContainerInputs(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    const checked: Record<string, unknown> = {
        vaultId: checkVaultInput(checker, news),
        onDelete: checker.oneOf("onDelete", news.onDelete, containerOnDeleteModes, "unregisterWhenEmpty"),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultProtectionDeadlineMinutes }),
    };
    if (isUnknown(news.sourceResourceId)) checked.sourceResourceId = news.sourceResourceId;
    else if (typeof news.sourceResourceId !== "string" || !containerKindOf(news.sourceResourceId)) {
        checker.fail(
            "sourceResourceId",
            "sourceResourceId must be the ARM id of a VM (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>, for its SQL databases) " +
                "or of a storage account (…/providers/Microsoft.Storage/storageAccounts/<name>, for its file shares)",
        );
    } else checked.sourceResourceId = news.sourceResourceId;
    return checker.result(checked);
}

function loggerFor(sourceResourceId: string | undefined): Logger {
    return createLogger(`ProtectionContainer ${sourceResourceId?.replace(/^.*\//, "") ?? "?"}`);
}

/** Finds the container's name: registered already, or discovered by a refresh. */
async function findContainerName(client: ArmClient, vault: VaultRef, sourceResourceId: string, kind: ContainerKind, wait: WaitOptions): Promise<string> {
    if (await getProtectionContainer(client, vault, kind.knownName)) return kind.knownName;
    const find = async () =>
        (await listProtectableContainers(client, vault, `backupManagementType eq '${kind.backupManagementType}' and workloadType eq '${kind.workloadType}'`)).find((c) =>
            sameArmId(c.properties.containerId, sourceResourceId),
        );
    let found = await find();
    if (!found) {
        wait.log.info(`discovering ${kind.sourceKind}s in vault ${vault.name}`);
        await refreshContainers(client, vault, kind.backupManagementType, wait);
        found = await find();
    }
    if (!found) throw new Error(`ProtectionContainer: vault ${vault.name} cannot register ${sourceResourceId}: it is not among the containers the vault found (same subscription and region as the vault, not registered with another vault)`);
    return found.name;
}

function outputsFrom(inputs: Record<string, any>, containerName: string, live: ProtectionContainerResource, kind: ContainerKind): ProtectionContainerOutputs {
    return {
        schemaVersion: protectionContainerSchemaVersion,
        vaultId: inputs.vaultId,
        sourceResourceId: inputs.sourceResourceId,
        containerName,
        containerType: live.properties.containerType ?? kind.containerType,
        backupManagementType: live.properties.backupManagementType ?? kind.backupManagementType,
        registrationStatus: live.properties.registrationStatus ?? "Registered",
        onDelete: inputs.onDelete,
        deadlineMinutes: inputs.deadlineMinutes,
    };
}

async function register(inputs: Record<string, any>): Promise<ProtectionContainerOutputs> {
    const client = getArmClient();
    const log = loggerFor(inputs.sourceResourceId);
    const vault = vaultRefFromId(inputs.vaultId, "ProtectionContainer");
    const kind = containerKindOf(inputs.sourceResourceId)!;
    const wait = (operation: string): WaitOptions => ({ operation, deadlineMs: inputs.deadlineMinutes * 60_000, log });
    const containerName = await findContainerName(client, vault, inputs.sourceResourceId, kind, wait("ProtectionContainer discovery"));
    let live = await getProtectionContainer(client, vault, containerName);
    if (live?.properties.registrationStatus?.toLowerCase() !== "registered") {
        log.info(`registering ${containerName} with vault ${vault.name}`);
        await registerProtectionContainer(
            client,
            vault,
            containerName,
            {
                containerType: kind.containerType,
                backupManagementType: kind.backupManagementType,
                sourceResourceId: inputs.sourceResourceId,
                friendlyName: kind.friendlyName,
                ...(kind.containerType === "VMAppContainer" ? { workloadType: "SQLDataBase" } : { acquireStorageAccountLock: "Acquire" }),
            },
            wait("ProtectionContainers.Register"),
        );
    } else {
        log.info(`${containerName} is already registered with vault ${vault.name}`);
    }
    // Look inside for databases or shares, so protection resources find them.
    await inquireProtectionContainer(client, vault, containerName, wait("ProtectionContainers.Inquire"));
    live = await getProtectionContainer(client, vault, containerName);
    if (!live) throw new Error(`ProtectionContainer: ${containerName} was registered but cannot be read back`);
    return outputsFrom(inputs, containerName, live, kind);
}

/** Reads during `check` what only Azure knows (never writes): the source exists. */
async function verifySource(client: ArmClient, inputs: Record<string, any>): Promise<CheckFailure[]> {
    if (typeof inputs.sourceResourceId !== "string" || isUnknown(inputs.sourceResourceId)) return [];
    const kind = containerKindOf(inputs.sourceResourceId)!;
    const source = await getArmResource(client, inputs.sourceResourceId, kind.apiVersion, `${kind.sourceKind}.Get`);
    return source ? [] : [{ property: "sourceResourceId", reason: `sourceResourceId: no ${kind.sourceKind} ${inputs.sourceResourceId} exists` }];
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const protectionContainerProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        const result = checkProtectionContainerInputs(news);
        if (result.failures.length === 0) result.failures.push(...(await verifySource(getArmClient(), result.inputs)));
        return result;
    },

    async diff(_id, olds, news) {
        const o = olds as Partial<ProtectionContainerOutputs>;
        const same = (a: unknown, b: string | undefined) => (typeof a === "string" && sameArmId(a, b) ? b : a);
        const { changes, replaces } = diffFields([
            { field: "vaultId", desired: same(news.vaultId, o.vaultId), live: o.vaultId, replaces: true },
            { field: "sourceResourceId", desired: same(news.sourceResourceId, o.sourceResourceId), live: o.sourceResourceId, replaces: true },
            { field: "registrationStatus", desired: "Registered", live: o.registrationStatus },
            { field: "onDelete", desired: news.onDelete, live: o.onDelete },
            { field: "deadlineMinutes", desired: news.deadlineMinutes, live: o.deadlineMinutes },
            { field: "schemaVersion", desired: protectionContainerSchemaVersion, live: o.schemaVersion },
        ]);
        return { changes, replaces };
    },

    async create(news) {
        const outs = await register(news);
        return { id: `${outs.vaultId}/backupFabrics/Azure/protectionContainers/${encodeURIComponent(outs.containerName)}`, outs };
    },

    async update(_id, _olds, news) {
        return { outs: await register(news) };
    },

    async read(id, props) {
        const stored = props as ProtectionContainerOutputs;
        const live = await getProtectionContainer(getArmClient(), vaultRefFromId(stored.vaultId, "ProtectionContainer"), stored.containerName);
        if (!live) return {};
        const outs = { ...stored, registrationStatus: live.properties.registrationStatus ?? "Registered" };
        return { id, props: outs, inputs: { vaultId: stored.vaultId, sourceResourceId: stored.sourceResourceId, onDelete: stored.onDelete, deadlineMinutes: stored.deadlineMinutes } };
    },

    async delete(_id, props) {
        const stored = props as ProtectionContainerOutputs;
        const log = loggerFor(stored.sourceResourceId);
        if (stored.onDelete === "retain") {
            log.info(`${stored.containerName} stays registered (onDelete: "retain")`);
            return;
        }
        const client = getArmClient();
        const vault = vaultRefFromId(stored.vaultId, "ProtectionContainer");
        // The service refuses to unregister a container that still holds items; say which, and what to do.
        const items = (await listProtectedItems(client, vault, `backupManagementType eq '${stored.backupManagementType}'`)).filter((item) =>
            (item.id ?? "").toLowerCase().includes(`/protectioncontainers/${stored.containerName.toLowerCase()}/`),
        );
        if (items.length > 0) {
            const names = items.map((i) => i.properties.friendlyName ?? i.name).join(", ");
            if (stored.onDelete !== "unregister") {
                // Their kept backup data needs the registration: leaving it is what keeps destroy safe.
                log.info(`${stored.containerName} stays registered: it still holds protected items (${names}) whose backup data was kept`);
                return;
            }
            throw new Error(
                `ProtectionContainer: ${stored.containerName} cannot be unregistered while it holds protected items: ${names}. ` +
                    `Delete their backup data (onDelete: "deleteData" on their resources, then purge or wait for soft delete), or set onDelete: "unregisterWhenEmpty" or "retain" on this container.`,
            );
        }
        log.info(`unregistering ${stored.containerName}`);
        await unregisterProtectionContainer(client, vault, stored.containerName, { operation: "ProtectionContainers.Unregister", deadlineMs: stored.deadlineMinutes * 60_000, log });
    },
};

const provider = lazyProvider("dist/provider/azurebackup/protectionContainer", "protectionContainerProvider");

/**
 * A container registered with a Recovery Services vault: a VM whose SQL databases are backed up, or a
 * storage account whose file shares are. Shared by the protection resources of what it holds.
 */
export class ProtectionContainer extends pulumi.dynamic.Resource {
    declare readonly vaultId: pulumi.Output<string>;
    declare readonly sourceResourceId: pulumi.Output<string>;
    declare readonly containerName: pulumi.Output<string>;
    declare readonly containerType: pulumi.Output<string>;
    declare readonly registrationStatus: pulumi.Output<string>;
    declare readonly onDelete: pulumi.Output<string>;

    constructor(name: string, args: ProtectionContainerArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = { vaultId: undefined, containerName: undefined, containerType: undefined, registrationStatus: undefined, schemaVersion: undefined };
        super(provider, name, { ...outputs, ...args }, opts, "azurebackup", "ProtectionContainer");
    }
}
