import * as pulumi from "@pulumi/pulumi";
import { backupOutputPlaceholders, backupResourceProvider } from "./backupResource";
import { hiddenInputs, type FullBackupArgs } from "./fullBackup";
import type { QueryArgs } from "./queryArgs";
import { lazyProvider } from "../core/dynamic/lazyProvider";

export type { SyncanoBackupOutputs as PartialBackupOutputs } from "./backupResource";

/** Inputs of {@link PartialBackup}: a full backup's, plus what to export. */
export interface PartialBackupArgs extends FullBackupArgs {
    /**
     * What to export: object type → null (all of them) or a list. Classes, channels, data endpoints,
     * response templates, sockets, socket endpoints and environments, script endpoints by name; the
     * other types (data_object, user, group, script, schedule, trigger, …) by integer id. Checked at
     * preview against the schema the API serves. Types left out are exported whole.
     */
    queryArgs: pulumi.Input<Record<string, pulumi.Input<null | Array<string | number>>>>;
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const partialBackupProvider = backupResourceProvider({ kind: "partial", typeName: "PartialBackup" });

const provider = lazyProvider("dist/provider/syncano/partialBackup", "partialBackupProvider");

/**
 * A partial backup (export) of a Syncano instance: the objects `queryArgs` selects, in an archive
 * whose download URL is the secret output `archive`. Otherwise as {@link FullBackup}.
 */
export class PartialBackup extends pulumi.dynamic.Resource {
    declare readonly instanceName: pulumi.Output<string>;
    /** The backup's id: what a `SyncanoRestore` takes. */
    declare readonly backupId: pulumi.Output<number>;
    declare readonly status: pulumi.Output<string>;
    declare readonly statusInfo: pulumi.Output<string>;
    declare readonly size: pulumi.Output<number>;
    declare readonly createdAt: pulumi.Output<string>;
    declare readonly queryArgs: pulumi.Output<QueryArgs>;
    /** The archive's download URL (secret: anyone holding it can download the archive). */
    declare readonly archive: pulumi.Output<string>;

    constructor(name: string, args: PartialBackupArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            { ...backupOutputPlaceholders, archive: undefined, ...args, ...hiddenInputs(name) },
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "archive"] },
            "syncano",
            "PartialBackup",
        );
    }
}
