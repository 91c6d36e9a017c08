import * as pulumi from "@pulumi/pulumi";

/** The outputs every protected-item resource (VM, file share, SQL database) has, declared once. */
export abstract class ProtectedItemResource extends pulumi.dynamic.Resource {
    declare readonly vaultId: pulumi.Output<string>;
    declare readonly policyId: pulumi.Output<string | undefined>;
    /** Protected, ProtectionStopped, or SoftDeleted (found by refresh). */
    declare readonly protectionState: pulumi.Output<string>;
    /** The service's (opaque) container name. */
    declare readonly containerName: pulumi.Output<string>;
    /** The service's (opaque) protected item name. */
    declare readonly protectedItemName: pulumi.Output<string>;
    /** ARM id of the protected item: what an OnDemandBackup and the functions take. */
    declare readonly protectedItemId: pulumi.Output<string>;
    declare readonly lastBackupStatus: pulumi.Output<string | undefined>;
    declare readonly lastBackupTime: pulumi.Output<string | undefined>;
    declare readonly onDelete: pulumi.Output<string>;
    /** When a soft-deleted item will be purged (absent otherwise). */
    declare readonly deferredDeleteTimeInUTC: pulumi.Output<string | undefined>;
}
