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

/** Inputs every protected-item resource takes. Give the vault as `vaultId` or `vault`, the policy as `policyId` or `policyName`. */
export interface ProtectedItemArgs {
    /** ARM id of the Recovery Services vault (e.g. azure-native's `recoveryservices.Vault.id`). */
    vaultId?: pulumi.Input<string>;
    /** The vault by its parts. */
    vault?: pulumi.Input<{ subscriptionId: pulumi.Input<string>; resourceGroupName: pulumi.Input<string>; name: pulumi.Input<string> }>;
    /** ARM id of a policy of the vault that fits the workload. */
    policyId?: pulumi.Input<string>;
    /** Name of a policy of the vault that fits the workload. */
    policyName?: pulumi.Input<string>;
    /** Protected (default) | ProtectionStopped: backups stop, recovery points stay. */
    protectionState?: pulumi.Input<"Protected" | "ProtectionStopped">;
    /** What `pulumi destroy` does: retainData (default: stop protection, keep the recovery points) | deleteData. */
    onDelete?: pulumi.Input<"retainData" | "deleteData">;
    /** Undelete a soft-deleted item found at create (default true) instead of failing. */
    undeleteSoftDeleted?: pulumi.Input<boolean>;
    /** Our own bound on each wait for the service (default 60); dynamic resources ignore customTimeouts. */
    deadlineMinutes?: pulumi.Input<number>;
}
