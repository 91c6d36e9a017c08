import type * as pulumi from "@pulumi/pulumi";
import { getArmClient, type ArmClient } from "../core/arm/armClient";
import type { CheckFailure } from "../core/dynamic/checks";
import type { FieldComparison } from "../core/diff/fieldDiff";
import { createLogger, type Logger } from "../core/log";
import { getProtectedItem, type ProtectedItemResource } from "./api";
import {
    diffProtection,
    ensureProtection,
    protectionInputsFromLive,
    protectionOutputs,
    removeProtection,
    type CheckedProtectionInputs,
    type ProtectionOutputs,
    type ProtectionWorkload,
} from "./protection";
import { vaultRefFromId } from "./vaultRef";

/** What a protected-item resource adds to the shared life cycle: its own fields, checks and names. */
export interface ProtectionResourceSpec<TInputs extends CheckedProtectionInputs, TOutputs extends ProtectionOutputs> {
    workload: ProtectionWorkload<TInputs>;
    /** The pure input checks (shapes, accepted values). */
    check(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] };
    /** Reads during `check` what only Azure knows (never writes); runs once the pure checks pass. */
    verify(client: ArmClient, inputs: Record<string, any>): Promise<CheckFailure[]>;
    /** Comparisons of the resource's own fields (the shared ones are made for it). */
    comparisons(olds: Partial<TOutputs>, news: Record<string, any>): FieldComparison[];
    /** The resource's own outputs, from its inputs and the live item. */
    outputs(inputs: TInputs, live: ProtectedItemResource): Omit<TOutputs, keyof ProtectionOutputs>;
    /** The resource's own inputs as `read` rebuilds them from stored outputs and the live item. */
    inputsFromLive(stored: TOutputs, live: ProtectedItemResource): Record<string, unknown>;
    /** The item's source (VM, storage account), which a stop-protection body names. */
    sourceResourceId(stored: TOutputs): string;
    /** What log lines call the item: the VM's, share's or database's name. */
    label(values: Partial<TInputs>): string | undefined;
    /** Said at create before any call (what is backed up, in words). */
    describe?(inputs: TInputs, log: Logger): void;
}

/** Placeholders of the outputs every protected-item resource has, so each exists whatever the inputs. */
export const protectionOutputPlaceholders = Object.freeze({
    vaultId: undefined,
    policyId: undefined,
    protectionState: undefined,
    containerName: undefined,
    protectedItemName: undefined,
    protectedItemId: undefined,
    lastBackupStatus: undefined,
    lastBackupTime: undefined,
    onDelete: undefined,
    deferredDeleteTimeInUTC: undefined,
    schemaVersion: undefined,
});

/**
 * The dynamic-provider implementation of a protected-item resource: check (shapes, then reads),
 * diff (shared and own fields), create and update through {@link ensureProtection}, read that rebuilds
 * inputs from the live item so drift names the field, and delete through {@link removeProtection}.
 */
export function protectionResourceProvider<TInputs extends CheckedProtectionInputs, TOutputs extends ProtectionOutputs>(
    spec: ProtectionResourceSpec<TInputs, TOutputs>,
): pulumi.dynamic.ResourceProvider {
    const { workload } = spec;
    const loggerFor = (values: Partial<TInputs>): Logger => createLogger(`${workload.resource} ${spec.label(values) ?? "?"}`);
    const outputsFor = (inputs: TInputs, names: { containerName: string; protectedItemName: string }, live: ProtectedItemResource): TOutputs =>
        ({ ...protectionOutputs(inputs, names, live), ...spec.outputs(inputs, live) }) as TOutputs;
    return {
        async check(_olds, news) {
            const result = spec.check(news);
            if (result.failures.length === 0) result.failures.push(...(await spec.verify(getArmClient(), result.inputs)));
            return result;
        },

        async diff(_id, olds, news) {
            const { changes, replaces } = diffProtection(olds as Partial<TOutputs>, news, spec.comparisons(olds as Partial<TOutputs>, news));
            return { changes, replaces };
        },

        async create(news) {
            const inputs = news as TInputs;
            const log = loggerFor(inputs);
            spec.describe?.(inputs, log);
            const { names, live } = await ensureProtection(workload, inputs, { client: getArmClient(), log });
            const outs = outputsFor(inputs, names, live);
            return { id: outs.protectedItemId, outs };
        },

        async update(_id, olds, news) {
            const inputs = news as TInputs;
            const stored = olds as TOutputs;
            const names = { containerName: stored.containerName, protectedItemName: stored.protectedItemName };
            const { live } = await ensureProtection(workload, inputs, { client: getArmClient(), log: loggerFor(inputs), names });
            return { outs: outputsFor(inputs, names, live) };
        },

        async read(id, props) {
            const stored = props as TOutputs;
            const live = await getProtectedItem(getArmClient(), vaultRefFromId(stored.vaultId, workload.resource), stored.containerName, stored.protectedItemName);
            if (!live) {
                loggerFor(stored as unknown as Partial<TInputs>).info(`${stored.protectedItemName} no longer exists in the vault`);
                return {};
            }
            return { id, props: outputsFor(stored as unknown as TInputs, stored, live), inputs: { ...protectionInputsFromLive(stored, live), ...spec.inputsFromLive(stored, live) } };
        },

        async delete(_id, props) {
            const stored = props as TOutputs;
            await removeProtection(workload, { ...stored, sourceResourceId: spec.sourceResourceId(stored) }, { client: getArmClient(), log: loggerFor(stored as unknown as Partial<TInputs>) });
        },
    };
}
