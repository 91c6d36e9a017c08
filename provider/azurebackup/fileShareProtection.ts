import * as pulumi from "@pulumi/pulumi";
import type { ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { resolvePollIntervalMs } from "../core/lro/pollInterval";
import { containerNameProblem } from "../core/storage/storageNames";
import { delay } from "../core/util/delay";
import { getArmResource, getProtectionContainer, inquireProtectionContainer, listProtectableItems, listProtectedItems } from "./api";
import { checkProtectionInputs, verifyPolicy, type CheckedProtectionInputs, type ProtectionOutputs, type ProtectionWorkload } from "./protection";
import { containerKindOf } from "./protectionContainer";
import { ProtectedItemResource, type ProtectedItemArgs } from "./protectedItemResource";
import { protectionOutputPlaceholders, protectionResourceProvider } from "./protectionProvider";
import { sameArmId } from "./vaultRef";

const storageApiVersion = "2023-05-01";
const storageAccountIdPattern = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+\/?$/i;

// While waiting for a new share, ask the vault to look again this often.
const reinquireAfterMs = 30_000;

/** Environment variable bounding the wait for a new share to become visible to the vault (default 120 s). */
export const shareDiscoveryWaitEnvVar = "DECLARATIVE_BACKUPS_SHARE_DISCOVERY_WAIT_MS";

/** Inputs of {@link FileShareProtection}. */
export interface FileShareProtectionArgs extends ProtectedItemArgs {
    /** ARM id of the storage account, registered with the vault by a `ProtectionContainer` (pass its `sourceResourceId`). */
    storageAccountId: pulumi.Input<string>;
    /** The share's name, as in the storage account (the service may know it by another, system name). */
    shareName: pulumi.Input<string>;
}

/** Inputs after `check`. */
export interface CheckedFileShareProtectionInputs extends CheckedProtectionInputs {
    storageAccountId: string;
    shareName: string;
}

/** Outputs of {@link FileShareProtection}. */
export interface FileShareProtectionOutputs extends ProtectionOutputs {
    storageAccountId: string;
    shareName: string;
}

/** Validates and normalizes inputs before any API call. */
export function checkFileShareProtectionInputs(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    const checked: Record<string, unknown> = checkProtectionInputs(checker, news);
    if (isUnknown(news.storageAccountId)) checked.storageAccountId = news.storageAccountId;
    else if (typeof news.storageAccountId !== "string" || !storageAccountIdPattern.test(news.storageAccountId)) {
        checker.fail("storageAccountId", "storageAccountId must be the ARM id of a storage account: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>");
    } else checked.storageAccountId = news.storageAccountId;
    const shareName = checker.requiredString("shareName", news.shareName);
    // Share names follow the container rules: 3 to 63 lowercase letters, digits and single hyphens.
    const problem = shareName !== undefined ? containerNameProblem(shareName) : undefined;
    if (problem) checker.fail("shareName", `shareName ${problem}`);
    else checked.shareName = isUnknown(news.shareName) ? news.shareName : shareName;
    return checker.result(checked);
}

function shareDiscoveryWaitMs(): number {
    const value = Number(process.env[shareDiscoveryWaitEnvVar]);
    return Number.isFinite(value) && value >= 0 ? value : 120_000;
}

/** How file shares are found (by friendly name, whatever system name the service gives them) and protected. */
export const fileShareWorkload: ProtectionWorkload<CheckedFileShareProtectionInputs> = {
    resource: "FileShareProtection",
    backupManagementType: "AzureStorage",
    protectedItemType: "AzureFileShareProtectedItem",
    policyProblem: (policy) =>
        policy.properties.backupManagementType === "AzureStorage" ? undefined : `is for ${policy.properties.backupManagementType} items; a file share needs an AzureStorage policy`,
    // The item's name is the service's system name for the share: only discovery knows it.
    knownNames: () => undefined,
    async discover(client, vault, inputs, wait) {
        const containerName = containerKindOf(inputs.storageAccountId)!.knownName;
        const container = await getProtectionContainer(client, vault, containerName);
        if (!container || container.properties.registrationStatus?.toLowerCase() !== "registered") {
            throw new Error(`FileShareProtection: storage account ${inputs.storageAccountId} is not registered with vault ${vault.name}: declare a ProtectionContainer for it and pass its sourceResourceId as storageAccountId`);
        }
        const inContainer = (id: string | undefined) => (id ?? "").toLowerCase().includes(`/protectioncontainers/${containerName.toLowerCase()}/`);
        // Protected already (a rerun, or protection made elsewhere): adopt it.
        const protectedItem = (await listProtectedItems(client, vault, "backupManagementType eq 'AzureStorage' and itemType eq 'AzureFileShare'")).find(
            (item) => inContainer(item.id) && item.properties.friendlyName?.toLowerCase() === inputs.shareName.toLowerCase(),
        );
        if (protectedItem?.name) return { containerName, protectedItemName: protectedItem.name };
        const findProtectable = async () =>
            (await listProtectableItems(client, vault, `backupManagementType eq 'AzureStorage' and workloadType eq 'AzureFileShare'`)).find(
                (item) =>
                    item.properties.friendlyName?.toLowerCase() === inputs.shareName.toLowerCase() &&
                    (inContainer(item.id) || (item.properties.parentContainerFriendlyName as string | undefined)?.toLowerCase() === containerKindOf(inputs.storageAccountId)!.friendlyName.toLowerCase()),
            );
        // A new share is not visible at once: inquire, then look again (inquiring anew now and then) for a bounded time.
        const deadline = Date.now() + shareDiscoveryWaitMs();
        let found = await findProtectable();
        let inquiredAt: number | undefined;
        while (!found && (inquiredAt === undefined || Date.now() < deadline)) {
            if (inquiredAt === undefined || Date.now() - inquiredAt > reinquireAfterMs) {
                wait.log.info(`share ${inputs.shareName} not visible to the vault yet: inquiring ${containerName}`);
                await inquireProtectionContainer(client, vault, containerName, wait);
                inquiredAt = Date.now();
            }
            found = await findProtectable();
            if (!found) await delay(Math.min(resolvePollIntervalMs(), Math.max(0, deadline - Date.now())));
        }
        if (!found) throw new Error(`FileShareProtection: the vault does not see a share named ${inputs.shareName} in ${inputs.storageAccountId} (inquired for ${Math.round(shareDiscoveryWaitMs() / 1000)} s)`);
        // The protectable item's name (azurefileshare;<system name>) is the protected item's name.
        return { containerName, protectedItemName: found.name };
    },
    bodyProperties: (inputs) => ({ sourceResourceId: inputs.storageAccountId }),
    friendlyName: (inputs) => inputs.shareName,
    liveMatches: () => true,
};

/** Reads during `check` what only Azure knows (never writes): the share exists and the policy fits. */
async function verifyReferences(client: ArmClient, inputs: Record<string, any>): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = (await verifyPolicy(client, inputs, fileShareWorkload)).map(([property, reason]) => ({ property, reason }));
    if (typeof inputs.storageAccountId === "string" && typeof inputs.shareName === "string" && !isUnknown(inputs.storageAccountId) && !isUnknown(inputs.shareName)) {
        const share = await getArmResource(client, `${inputs.storageAccountId}/fileServices/default/shares/${encodeURIComponent(inputs.shareName)}`, storageApiVersion, "FileShares.Get");
        if (!share) failures.push({ property: "shareName", reason: `shareName: storage account ${inputs.storageAccountId.replace(/^.*\//, "")} has no file share named ${JSON.stringify(inputs.shareName)}` });
    }
    return failures;
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const fileShareProtectionProvider = protectionResourceProvider<CheckedFileShareProtectionInputs, FileShareProtectionOutputs>({
    workload: fileShareWorkload,
    check: checkFileShareProtectionInputs,
    verify: verifyReferences,
    comparisons: (olds, news) => [
        { field: "storageAccountId", desired: typeof news.storageAccountId === "string" && sameArmId(news.storageAccountId, olds.storageAccountId) ? olds.storageAccountId : news.storageAccountId, live: olds.storageAccountId, replaces: true },
        { field: "shareName", desired: typeof news.shareName === "string" && news.shareName.toLowerCase() === olds.shareName?.toLowerCase() ? olds.shareName : news.shareName, live: olds.shareName, replaces: true },
    ],
    outputs: (inputs) => ({ storageAccountId: inputs.storageAccountId, shareName: inputs.shareName }),
    inputsFromLive: (stored) => ({ storageAccountId: stored.storageAccountId, shareName: stored.shareName }),
    sourceResourceId: (stored) => stored.storageAccountId,
    label: (values) => values.shareName,
});

const provider = lazyProvider("dist/provider/azurebackup/fileShareProtection", "fileShareProtectionProvider");

/**
 * Azure Backup protection of an Azure file share: found by its name whatever system name the vault
 * gives it, protected with an AzureStorage policy, changed in place, stopped with the data kept.
 * `pulumi destroy` keeps the backup data unless `onDelete: "deleteData"`.
 */
export class FileShareProtection extends ProtectedItemResource {
    declare readonly storageAccountId: pulumi.Output<string>;
    declare readonly shareName: pulumi.Output<string>;

    constructor(name: string, args: FileShareProtectionArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...protectionOutputPlaceholders, ...args }, opts, "azurebackup", "FileShareProtection");
    }
}
