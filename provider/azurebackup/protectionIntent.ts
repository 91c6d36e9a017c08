import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { getArmClient, type ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { diffFields } from "../core/diff/fieldDiff";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { createLogger, type Logger } from "../core/log";
import { deleteProtectionIntent, getArmResource, getProtectionIntent, putProtectionIntent, type ProtectionIntentResource } from "./api";
import { checkProtectionInputs, verifyPolicy } from "./protection";
import { containerKindOf } from "./protectionContainer";
import { checkSqlHost, sqlPolicyProblem } from "./sqlDatabaseProtection";
import { vmWorkload } from "./vmProtection";
import { sameArmId, vaultRefFromId } from "./vaultRef";

/** Version of the outputs' shape. */
export const protectionIntentSchemaVersion = 1;

const computeApiVersion = "2024-07-01";

/** Inputs of {@link ProtectionIntent}: a VM (protected as the portal does at creation), or a SQL instance (every database, now and later). */
export interface ProtectionIntentArgs {
    /** ARM id of the Recovery Services vault (e.g. azure-native's `recoveryservices.Vault.id`). */
    vaultId?: pulumi.Input<string>;
    /** The vault by its parts. */
    vault?: pulumi.Input<{ subscriptionId: pulumi.Input<string>; resourceGroupName: pulumi.Input<string>; name: pulumi.Input<string> }>;
    /** ARM id of the VM: protected itself, or the host of `instanceName`. */
    vmId: pulumi.Input<string>;
    /** A SQL Server instance on the VM (registered by a `ProtectionContainer`): every database there now and later gets protected. */
    instanceName?: pulumi.Input<string>;
    /** ARM id of the policy (AzureIaasVM for a VM, AzureWorkload for a SQL instance). */
    policyId?: pulumi.Input<string>;
    /** Name of the policy in the vault. */
    policyName?: pulumi.Input<string>;
}

/** Outputs of {@link ProtectionIntent}. */
export interface ProtectionIntentOutputs {
    schemaVersion: number;
    vaultId: string;
    vmId: string;
    instanceName?: string;
    policyId: string;
    /** The service's name of the intent. */
    intentName: string;
    protectionIntentItemType: string;
    /** NotProtected | Protecting | Protected | ProtectionFailed. */
    protectionState: string;
}

/** Validates and normalizes inputs before any API call. */
export function checkProtectionIntentInputs(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    const shared = checkProtectionInputs(checker, { ...news, protectionState: "Protected" });
    const checked: Record<string, unknown> = { vaultId: shared.vaultId, policyId: shared.policyId };
    if (news.instanceName !== undefined) checkSqlHost(checker, news, checked);
    else if (isUnknown(news.vmId) || (typeof news.vmId === "string" && containerKindOf(news.vmId)?.containerType === "VMAppContainer")) checked.vmId = news.vmId;
    else checker.fail("vmId", "vmId must be the ARM id of a VM: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>");
    return checker.result(checked);
}

/** The intent's name: as the service names a VM's; for a SQL instance, a GUID fixed by vault and instance so reruns find it. */
export function intentNameOf(inputs: { vaultId: string; vmId: string; instanceName?: string }): string {
    const [, rg, vm] = /resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)/i.exec(inputs.vmId)!.map((s) => decodeURIComponent(s));
    if (!inputs.instanceName) return `vm;iaasvmcontainerv2;${rg.toLowerCase()};${vm.toLowerCase()}`;
    const hex = createHash("sha256").update(`${inputs.vaultId}|${inputs.vmId}|${inputs.instanceName}`.toLowerCase()).digest("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

function intentBody(inputs: Record<string, any>): ProtectionIntentResource["properties"] {
    if (!inputs.instanceName) return { protectionIntentItemType: "AzureResourceItem", sourceResourceId: inputs.vmId, policyId: inputs.policyId };
    const container = containerKindOf(inputs.vmId)!.knownName;
    return {
        protectionIntentItemType: "AzureWorkloadSQLAutoProtectionIntent",
        backupManagementType: "AzureWorkload",
        workloadItemType: "SQLInstance",
        sourceResourceId: inputs.vmId,
        itemId: `${inputs.vaultId}/backupFabrics/Azure/protectionContainers/${container}/protectableItems/SQLInstance;${inputs.instanceName}`,
        policyId: inputs.policyId,
    };
}

/** Live protection states that mean the intent holds. */
const holdingStates = new Set(["protected", "protecting"]);

function outputsFrom(inputs: Record<string, any>, intentName: string, live: ProtectionIntentResource): ProtectionIntentOutputs {
    return {
        schemaVersion: protectionIntentSchemaVersion,
        vaultId: inputs.vaultId,
        vmId: inputs.vmId,
        ...(inputs.instanceName ? { instanceName: inputs.instanceName } : {}),
        policyId: live.properties.policyId && sameArmId(live.properties.policyId, inputs.policyId) ? inputs.policyId : (live.properties.policyId ?? ""),
        intentName,
        protectionIntentItemType: live.properties.protectionIntentItemType,
        protectionState: live.properties.protectionState ?? "Protected",
    };
}

function loggerFor(inputs: Record<string, any>): Logger {
    return createLogger(`ProtectionIntent ${inputs.instanceName ?? inputs.vmId?.replace(/^.*\//, "") ?? "?"}`);
}

async function apply(inputs: Record<string, any>): Promise<ProtectionIntentOutputs> {
    const client = getArmClient();
    const vault = vaultRefFromId(inputs.vaultId, "ProtectionIntent");
    const intentName = intentNameOf(inputs as { vaultId: string; vmId: string; instanceName?: string });
    const existing = await getProtectionIntent(client, vault, intentName);
    let live = existing;
    if (!existing || !sameArmId(existing.properties.policyId, inputs.policyId) || !holdingStates.has((existing.properties.protectionState ?? "").toLowerCase())) {
        loggerFor(inputs).info(`${existing ? "updating" : "creating"} protection intent ${intentName} with policy ${inputs.policyId}`);
        live = await putProtectionIntent(client, vault, intentName, intentBody(inputs));
    }
    return outputsFrom(inputs, intentName, live!);
}

async function verifyReferences(client: ArmClient, inputs: Record<string, any>): Promise<CheckFailure[]> {
    const policyProblem = inputs.instanceName ? sqlPolicyProblem : vmWorkload.policyProblem;
    const failures: CheckFailure[] = (await verifyPolicy(client, inputs, { policyProblem })).map(([property, reason]) => ({ property, reason }));
    if (typeof inputs.vmId === "string" && !isUnknown(inputs.vmId) && !(await getArmResource(client, inputs.vmId, computeApiVersion, "VirtualMachines.Get"))) {
        failures.push({ property: "vmId", reason: `vmId: no VM ${inputs.vmId} exists` });
    }
    return failures;
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const protectionIntentProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        const result = checkProtectionIntentInputs(news);
        if (result.failures.length === 0) result.failures.push(...(await verifyReferences(getArmClient(), result.inputs)));
        return result;
    },

    async diff(_id, olds, news) {
        const o = olds as Partial<ProtectionIntentOutputs>;
        const same = (a: unknown, b: string | undefined) => (typeof a === "string" && sameArmId(a, b) ? b : a);
        const ci = (a: unknown, b: string | undefined) => (typeof a === "string" && b !== undefined && a.toLowerCase() === b.toLowerCase() ? b : a);
        const { changes, replaces } = diffFields([
            { field: "vaultId", desired: same(news.vaultId, o.vaultId), live: o.vaultId, replaces: true },
            { field: "vmId", desired: same(news.vmId, o.vmId), live: o.vmId, replaces: true },
            { field: "instanceName", desired: ci(news.instanceName, o.instanceName) ?? null, live: o.instanceName ?? null, replaces: true },
            { field: "policyId", desired: same(news.policyId, o.policyId), live: o.policyId },
            { field: "protectionState", desired: "Protected", live: holdingStates.has((o.protectionState ?? "").toLowerCase()) ? "Protected" : o.protectionState },
            { field: "schemaVersion", desired: protectionIntentSchemaVersion, live: o.schemaVersion },
        ]);
        return { changes, replaces };
    },

    async create(news) {
        const outs = await apply(news);
        return { id: `${outs.vaultId}/backupFabrics/Azure/backupProtectionIntent/${outs.intentName}`, outs };
    },

    async update(_id, _olds, news) {
        return { outs: await apply(news) };
    },

    async read(id, props) {
        const stored = props as ProtectionIntentOutputs;
        const live = await getProtectionIntent(getArmClient(), vaultRefFromId(stored.vaultId, "ProtectionIntent"), stored.intentName);
        if (!live) return {};
        const outs = outputsFrom(stored, stored.intentName, live);
        const state = holdingStates.has(outs.protectionState.toLowerCase()) ? "Protected" : outs.protectionState;
        return {
            id,
            props: outs,
            inputs: { vaultId: stored.vaultId, vmId: stored.vmId, ...(stored.instanceName ? { instanceName: stored.instanceName } : {}), policyId: outs.policyId, ...(state !== "Protected" ? { protectionState: state } : {}) },
        };
    },

    async delete(_id, props) {
        const stored = props as ProtectionIntentOutputs;
        // Items the intent protected stay protected: the intent only stops protecting new ones.
        loggerFor(stored).info(`deleting protection intent ${stored.intentName}; items it protected stay protected`);
        await deleteProtectionIntent(getArmClient(), vaultRefFromId(stored.vaultId, "ProtectionIntent"), stored.intentName);
    },
};

const provider = lazyProvider("dist/provider/azurebackup/protectionIntent", "protectionIntentProvider");

/**
 * A protection intent (`backupProtectionIntent`): a VM protected as the portal does at its creation, or
 * a SQL Server instance whose every database, now and later, gets protected with the policy.
 */
export class ProtectionIntent extends pulumi.dynamic.Resource {
    declare readonly vaultId: pulumi.Output<string>;
    declare readonly vmId: pulumi.Output<string>;
    declare readonly policyId: pulumi.Output<string>;
    declare readonly intentName: pulumi.Output<string>;
    declare readonly protectionState: pulumi.Output<string>;
    declare readonly instanceName: pulumi.Output<string | undefined>;
    declare readonly protectionIntentItemType: pulumi.Output<string>;

    constructor(name: string, args: ProtectionIntentArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = { vaultId: undefined, policyId: undefined, intentName: undefined, protectionState: undefined, instanceName: undefined, protectionIntentItemType: undefined, schemaVersion: undefined };
        super(provider, name, { ...outputs, ...args }, opts, "azurebackup", "ProtectionIntent");
    }
}

