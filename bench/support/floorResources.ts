import * as pulumi from "@pulumi/pulumi";
import {
    backupScheduleResourceInputs,
    checkBackupScheduleInputs,
    diffBackupSchedule,
    outputsFromLive,
    type BackupScheduleArgs,
    type BackupScheduleOutputs,
} from "../../provider/appservice/backupSchedule";
import type { BackupRequest } from "../../provider/appservice/api";
import { lazyProvider } from "../../provider/core/dynamic/lazyProvider";

/**
 * The floor's provider: one trivial object shared by every floor resource, serialized whole into
 * state (no lazy require), whose methods do nothing. No inputs beyond `__provider`, no outputs: what
 * N dynamic resources cost the engine when the provider costs nothing.
 */
const noopProvider: pulumi.dynamic.ResourceProvider = {
    async create() {
        return { id: "noop" };
    },
    async read(id, props) {
        return { id, props };
    },
    async diff() {
        return { changes: false };
    },
    async update() {
        return {};
    },
    async delete() {
        // nothing to remove
    },
};

/** A dynamic resource that does nothing: the floor our resources are measured against. */
export class NoopResource extends pulumi.dynamic.Resource {
    constructor(name: string, opts?: pulumi.CustomResourceOptions) {
        super(noopProvider, name, {}, opts, "bench", "Noop");
    }
}

/** The floor's provider, but whose create answers the secret input `b` back (a secret output, as our fingerprints are). */
const secretEchoProvider: pulumi.dynamic.ResourceProvider = {
    ...noopProvider,
    async create(inputs) {
        return { id: "noop", outs: { b: `sha256:${String(inputs.b).length}` } };
    },
};

/**
 * The floor with secrets: a no-op resource carrying what BackupSchedule carries in secrets, a SAS
 * URL and a connection string as secret inputs and one secret output, and nothing else. It tells
 * whether the engine's cost per resource follows the secrets rather than the bytes.
 */
export class SecretNoopResource extends pulumi.dynamic.Resource {
    constructor(name: string, secrets: { sas: string; connectionString: string }, opts?: pulumi.CustomResourceOptions) {
        super(secretEchoProvider, name, { a: pulumi.secret(secrets.sas), b: pulumi.secret(secrets.connectionString) }, opts, "bench", "SecretNoop");
    }
}

/** A schedule as the service would hold it after a PUT of these checked inputs (no call made). */
function liveFromInputs(inputs: Record<string, any>): BackupRequest {
    return {
        properties: {
            ...(inputs.backupName ? { backupName: inputs.backupName } : {}),
            enabled: inputs.enabled,
            storageAccountUrl: inputs.storageAccountUrl,
            backupSchedule: {
                frequencyInterval: inputs.frequencyInterval,
                frequencyUnit: inputs.frequencyUnit,
                keepAtLeastOneBackup: inputs.keepAtLeastOneBackup,
                retentionPeriodInDays: inputs.retentionPeriodInDays,
                ...(inputs.startTime ? { startTime: inputs.startTime } : {}),
            },
            ...(inputs.databases ? { databases: inputs.databases } : {}),
        },
    };
}

function shapeOutputs(inputs: Record<string, any>): BackupScheduleOutputs {
    return outputsFromLive(inputs.siteId, liveFromInputs(inputs), inputs.storageAccountUrlManagement, inputs.startTime !== undefined);
}

/**
 * BackupSchedule's own check, diff and outputs, with no API call: create and update compute the
 * outputs the real provider would store, read returns the stored outputs, delete does nothing. What
 * N schedules cost when only their shape in state (inputs, outputs, secrets, the provider shell) and
 * their provider process remain, and no request is sent. Loaded in the dynamic-provider process.
 */
export const scheduleShapeProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        return checkBackupScheduleInputs(news);
    },
    async diff(_id, olds, news) {
        const { changes, replaces } = diffBackupSchedule(olds, news);
        return { changes, replaces };
    },
    async create(inputs) {
        const outs = shapeOutputs(inputs);
        return { id: `${outs.siteId}/config/backup`, outs };
    },
    async read(id, props) {
        return { id, props };
    },
    async update(_id, _olds, news) {
        return { outs: shapeOutputs(news) };
    },
    async delete() {
        // nothing to remove
    },
};

const scheduleShape = lazyProvider("dist/bench/support/floorResources", "scheduleShapeProvider");

/**
 * A resource with exactly BackupSchedule's inputs (placeholders and secrets included), type token and
 * outputs, on {@link scheduleShapeProvider}: BackupSchedule without its API calls.
 */
export class ScheduleShapeResource extends pulumi.dynamic.Resource {
    constructor(name: string, args: BackupScheduleArgs, opts?: pulumi.CustomResourceOptions) {
        super(scheduleShape, name, backupScheduleResourceInputs(args), opts, "appservice", "BackupSchedule");
    }
}
