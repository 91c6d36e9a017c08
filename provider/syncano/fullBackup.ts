import * as pulumi from "@pulumi/pulumi";
import { backupOutputPlaceholders, backupResourceProvider } from "./backupResource";
import { lazyProvider } from "../core/dynamic/lazyProvider";

export type { SyncanoBackupOutputs as FullBackupOutputs } from "./backupResource";

/** Inputs of {@link FullBackup}. */
export interface FullBackupArgs {
    /** The Syncano instance to back up. */
    instanceName: pulumi.Input<string>;
    /** At most 64 characters. */
    label?: pulumi.Input<string>;
    /** At most 256 characters. */
    description?: pulumi.Input<string>;
    /** At most 7 keys (Syncano allows 8; the provider's marker `decl-backups` takes one); keys of at most 16 characters. */
    metadata?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
    /**
     * Keep this resource's newest N backups (1 to 100): each new one (a `triggers` change) deletes the
     * oldest beyond N, and at the account's limit the oldest go first to make room. Only backups this
     * stack's resource took (its marker) are ever deleted. Unset: a new backup replaces the previous one.
     */
    keepLast?: pulumi.Input<number>;
    /** Keep the backup(s) in Syncano when the resource is destroyed (default false: deleted). */
    retainOnDelete?: pulumi.Input<boolean>;
    /** Any values; a change takes a new backup (a date, for a nightly one). */
    triggers?: pulumi.Input<unknown[]>;
    /** How long `up` waits for the backup, and `destroy` for a running one to end (default 60, at most 1440). */
    deadlineMinutes?: pulumi.Input<number>;
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const fullBackupProvider = backupResourceProvider({ kind: "full", typeName: "FullBackup" });

const provider = lazyProvider("dist/provider/syncano/fullBackup", "fullBackupProvider");

/**
 * A full backup (snapshot) of a Syncano instance, taken by `up` and waited for. `triggers` take a new
 * one; `keepLast` keeps a series; `destroy` deletes it unless `retainOnDelete`. A rerun after an
 * interrupted `up` adopts the backup the killed run started. The account key is read by the provider
 * (stack config `declarative-backups:syncanoApiKey`, else SYNCANO_API_KEY), never an input.
 */
export class FullBackup extends pulumi.dynamic.Resource {
    declare readonly instanceName: pulumi.Output<string>;
    /** The backup's id: what a `SyncanoRestore` takes. */
    declare readonly backupId: pulumi.Output<number>;
    declare readonly status: pulumi.Output<string>;
    declare readonly statusInfo: pulumi.Output<string>;
    declare readonly size: pulumi.Output<number>;
    declare readonly createdAt: pulumi.Output<string>;

    constructor(name: string, args: FullBackupArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...backupOutputPlaceholders, ...args, ...hiddenInputs(name) }, opts, "syncano", "FullBackup");
    }
}

/** The inputs a backup's marker is made from, besides the user's: the resource name and "<project>/<stack>". */
export function hiddenInputs(name: string): { resourceName: string; stackName: string } {
    return { resourceName: name, stackName: `${pulumi.getProject()}/${pulumi.getStack()}` };
}
