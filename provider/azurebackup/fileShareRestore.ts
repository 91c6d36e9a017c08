import * as pulumi from "@pulumi/pulumi";
import { armIdInput } from "../core/arm/armIdInput";
import { isUnknown, type InputChecker } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { containerNameProblem } from "../core/storage/storageNames";
import { checkRecoveryPointOf, restoreOutputPlaceholders, restoreResourceProvider, type RestoreCommonArgs, type RestoreCommonOutputs, type RestoreWorkload } from "./restoreRun";

/** Where a share is restored: over itself, or into another share. */
export const fileShareRestoreTargets = ["OriginalLocation", "AlternateLocation"] as const;
/** What happens to a file that exists in the target (the service's copyOptions). */
export const copyOptionValues = ["FailOnConflict", "Overwrite", "Skip", "CreateCopy"] as const;

/** One file or folder of an item-level restore. */
export interface FileShareRestoreItem {
    /** Path in the share, such as `reports/q1.csv`. */
    path: string;
    /** A folder restores everything under it (default false: a file). */
    isDirectory?: boolean;
}

/** Inputs of {@link FileShareRestore}. */
export interface FileShareRestoreArgs extends RestoreCommonArgs {
    /** ARM id of the recovery point to restore (of `protectedItemId`). */
    recoveryPointId: pulumi.Input<string>;
    /** OriginalLocation (default) or AlternateLocation (`targetStorageAccountId` and `targetShareName`). */
    target?: pulumi.Input<(typeof fileShareRestoreTargets)[number]>;
    targetStorageAccountId?: pulumi.Input<string>;
    targetShareName?: pulumi.Input<string>;
    /** AlternateLocation: folder of the target share the files go to (default its root). */
    targetFolderPath?: pulumi.Input<string>;
    /** FailOnConflict (default: nothing is overwritten), Overwrite, Skip or CreateCopy. */
    copyOptions?: pulumi.Input<(typeof copyOptionValues)[number]>;
    /** Only these files and folders (an item-level restore); the whole share when absent. */
    items?: pulumi.Input<pulumi.Input<FileShareRestoreItem>[]>;
}

/** Outputs of {@link FileShareRestore}. */
export interface FileShareRestoreOutputs extends RestoreCommonOutputs {
    recoveryPointId: string;
    target: string;
    targetStorageAccountId?: string;
    targetShareName?: string;
    targetFolderPath?: string;
    copyOptions: string;
    items?: Array<{ path: string; isDirectory: boolean }>;
}

const fields = ["recoveryPointId", "target", "targetStorageAccountId", "targetShareName", "targetFolderPath", "copyOptions", "items"] as const;

function checkItems(checker: InputChecker, value: unknown): Array<{ path: string; isDirectory: boolean }> | undefined {
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return value as never;
    if (!Array.isArray(value) || value.length === 0) {
        checker.fail("items", "items must be a non-empty list of { path, isDirectory? } (leave it out to restore the whole share)");
        return undefined;
    }
    return value.flatMap((entry, index) => {
        const path = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>).path : undefined;
        const isDirectory = typeof entry === "object" && entry !== null ? ((entry as Record<string, unknown>).isDirectory ?? false) : false;
        const clean = typeof path === "string" ? path.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "") : "";
        if (clean === "" || clean.split("/").some((part) => part === ".." || part === ".")) {
            checker.fail(`items[${index}].path`, `items[${index}].path must be a path in the share, such as reports/q1.csv, without . or .. parts; got ${JSON.stringify(path ?? null)}`);
            return [];
        }
        if (typeof isDirectory !== "boolean") {
            checker.fail(`items[${index}].isDirectory`, `items[${index}].isDirectory must be true or false`);
            return [];
        }
        return [{ path: clean, isDirectory }];
    });
}

/** The file-share workload of the restore life cycle. */
export const fileShareRestoreWorkload: RestoreWorkload = {
    resource: "FileShareRestore",
    workloadType: "AzureFileShare",
    fields,
    check(checker, news) {
        const target = checker.oneOf("target", news.target, fileShareRestoreTargets, "OriginalLocation");
        const alternate = target === "AlternateLocation";
        const checked: Record<string, unknown> = {
            recoveryPointId: news.recoveryPointId,
            target,
            targetStorageAccountId: armIdInput(checker, "targetStorageAccountId", news.targetStorageAccountId, "storageAccount", alternate),
            targetShareName: checker.optionalString("targetShareName", news.targetShareName),
            targetFolderPath: checker.optionalString("targetFolderPath", news.targetFolderPath)?.replace(/\\/g, "/").replace(/^\/+|\/+$/g, ""),
            copyOptions: checker.oneOf("copyOptions", news.copyOptions, copyOptionValues, "FailOnConflict"),
            items: checkItems(checker, news.items),
        };
        if (news.recoveryPointId === undefined || news.recoveryPointId === null) checker.fail("recoveryPointId", "recoveryPointId is required: the ARM id of one of the share's recovery points");
        else checkRecoveryPointOf(checker, "recoveryPointId", news.recoveryPointId, news.protectedItemId);
        if (alternate && checked.targetShareName === undefined && !isUnknown(news.targetShareName)) checker.fail("targetShareName", "targetShareName is required with target AlternateLocation");
        const shareProblem = typeof checked.targetShareName === "string" && !isUnknown(checked.targetShareName) ? containerNameProblem(checked.targetShareName) : undefined;
        if (shareProblem) checker.fail("targetShareName", `targetShareName ${shareProblem}`);
        if (!alternate) {
            for (const field of ["targetStorageAccountId", "targetShareName", "targetFolderPath"]) {
                if (checked[field] !== undefined && !isUnknown(checked[field])) checker.fail(field, `${field} applies to target AlternateLocation only`);
            }
        }
        if (checked.targetFolderPath === "") checked.targetFolderPath = undefined;
        return checked;
    },
    request(inputs, _item, live) {
        const pointName = decodeURIComponent(String(inputs.recoveryPointId).replace(/^.*\/recoveryPoints\//i, ""));
        const alternate = inputs.target === "AlternateLocation";
        const items = inputs.items as Array<{ path: string; isDirectory: boolean }> | undefined;
        const properties: Record<string, unknown> = {
            objectType: "AzureFileShareRestoreRequest",
            recoveryType: inputs.target,
            sourceResourceId: live.properties.sourceResourceId,
            copyOptions: inputs.copyOptions,
            restoreRequestType: items ? "ItemLevelRestore" : "FullShareRestore",
            ...(items
                ? {
                      restoreFileSpecs: items.map((entry) => ({
                          path: entry.path,
                          fileSpecType: entry.isDirectory ? "Directory" : "File",
                          ...(alternate && inputs.targetFolderPath ? { targetFolderPath: inputs.targetFolderPath } : {}),
                      })),
                  }
                : {}),
            ...(alternate
                ? { targetDetails: { name: inputs.targetShareName, targetResourceId: inputs.targetStorageAccountId, ...(inputs.targetFolderPath ? { targetFolderPath: inputs.targetFolderPath } : {}) } }
                : {}),
        };
        const what = items ? `${items.length} item(s)` : "the whole share";
        const where = alternate ? `into share ${inputs.targetShareName}${inputs.targetFolderPath ? `/${inputs.targetFolderPath}` : ""} of ${inputs.targetStorageAccountId}` : "over the share itself";
        return { recoveryPointName: pointName, recoveryType: inputs.target, properties, summary: `${what} ${where} (${inputs.copyOptions}) from recovery point ${pointName}` };
    },
};

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const fileShareRestoreProvider = restoreResourceProvider(fileShareRestoreWorkload);

const provider = lazyProvider("dist/provider/azurebackup/fileShareRestore", "fileShareRestoreProvider");

/**
 * Restores a protected Azure file share from a recovery point, whole or the listed files and folders,
 * over itself or into another share, with the service's conflict rule (`copyOptions`, default
 * FailOnConflict: nothing is overwritten unless asked). Runs once at `up`; again only when its inputs
 * or `triggers` change; refresh never restores; a rerun after an interrupted `up` adopts the job the
 * killed run started.
 */
export class FileShareRestore extends pulumi.dynamic.Resource {
    declare readonly jobId: pulumi.Output<string>;
    declare readonly jobStatus: pulumi.Output<string>;
    declare readonly completedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: FileShareRestoreArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...restoreOutputPlaceholders, ...args }, opts, "azurebackup", "FileShareRestore");
    }
}
