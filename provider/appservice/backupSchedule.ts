import * as pulumi from "@pulumi/pulumi";
import { getArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { diffFields, type FieldDiffResult } from "../core/diff/fieldDiff";
import { createLogger } from "../core/log";
import { fingerprint, registerSecret } from "../core/redact/sanitizer";
import { parseContainerSasUrl, validateContainerSasUrl } from "../core/sas/containerSasUrl";
import {
    deleteBackupConfiguration,
    getBackupConfiguration,
    updateBackupConfiguration,
    type BackupRequest,
    type BackupRequestProperties,
    type DatabaseBackupSetting,
} from "./api";
import { checkDatabasesInput, databaseOutputs, databaseTypes, type DatabaseOutput } from "./backupInputs";
import { checkBackupName } from "./backupName";
import { checkSiteInput } from "./siteInput";
import { sameSiteId, siteRefFromId } from "./siteRef";

/** Version of the outputs' shape; a stale version in state makes `diff` ask for an update that rewrites it. */
export const backupScheduleSchemaVersion = 1;

/** Accepted values of `frequencyUnit`. */
export const frequencyUnits = ["Day", "Hour"] as const;
/** Accepted values of `storageAccountUrlManagement`. */
export const sasManagementModes = ["pinned", "rotated"] as const;
/** Accepted values of a database's `databaseType`. */
export { databaseTypes };

/** A database to include in every scheduled backup. */
export interface BackupScheduleDatabaseArgs {
    /** SqlAzure | MySql | LocalMySql | PostgreSql. */
    databaseType: pulumi.Input<(typeof databaseTypes)[number]>;
    /** Database name. */
    name: pulumi.Input<string>;
    /** Name of the app's connection string to use, instead of `connectionString`. */
    connectionStringName?: pulumi.Input<string>;
    /** Connection string (secret: only its fingerprint is kept in state). */
    connectionString?: pulumi.Input<string>;
}

/** The app (or slot) whose backups are scheduled. */
export interface SiteReferenceArgs {
    subscriptionId: pulumi.Input<string>;
    resourceGroupName: pulumi.Input<string>;
    /** App name. */
    name: pulumi.Input<string>;
    /** Deployment slot; the production slot when omitted. */
    slot?: pulumi.Input<string>;
}

/** Inputs of {@link BackupSchedule}. Give the app as `siteId` or as `site`, not both. */
export interface BackupScheduleArgs {
    /** ARM id of the app or slot, e.g. `azure-native.web.WebApp.id`. */
    siteId?: pulumi.Input<string>;
    /** The app or slot by its parts. */
    site?: pulumi.Input<SiteReferenceArgs>;
    /** Whether scheduled backups run (default true). False keeps the configuration but pauses it. */
    enabled?: pulumi.Input<boolean>;
    /** How often backups run, with `frequencyUnit` (1 to 1000). */
    frequencyInterval: pulumi.Input<number>;
    /** Day | Hour. */
    frequencyUnit: pulumi.Input<(typeof frequencyUnits)[number]>;
    /** Days to keep backups, 0 meaning forever (default 30). */
    retentionPeriodInDays?: pulumi.Input<number>;
    /** Keep the newest backup whatever its age (default true). */
    keepAtLeastOneBackup?: pulumi.Input<boolean>;
    /** When the schedule starts (ISO 8601). Left to the service when omitted, and then never diffed. */
    startTime?: pulumi.Input<string>;
    /** Name of the backup blobs; left to the service when omitted. */
    backupName?: pulumi.Input<string>;
    /** Container SAS URL with write permission (secret: state keeps its fingerprint and expiry only). */
    storageAccountUrl: pulumi.Input<string>;
    /** Databases to back up with the app. */
    databases?: pulumi.Input<pulumi.Input<BackupScheduleDatabaseArgs>[]>;
    /**
     * pinned (default): the schedule always uses `storageAccountUrl`, and a SAS changed elsewhere is
     * drift. rotated: `storageAccountUrl` is used only to create the schedule; a `BackupSasRotation`
     * keeps it current afterwards, so its SAS is neither diffed nor overwritten (nor checked for expiry).
     */
    storageAccountUrlManagement?: pulumi.Input<(typeof sasManagementModes)[number]>;
}

/** A database as recorded in outputs: the connection string only by fingerprint. */
export type BackupScheduleDatabaseOutput = DatabaseOutput;

/** Outputs of {@link BackupSchedule}: the live configuration, with secrets reduced to fingerprints. */
export interface BackupScheduleOutputs {
    schemaVersion: number;
    siteId: string;
    enabled: boolean;
    frequencyInterval: number;
    frequencyUnit: string;
    retentionPeriodInDays: number;
    keepAtLeastOneBackup: boolean;
    startTime?: string;
    backupName?: string;
    storageContainerUrl: string;
    storageAccountUrlFingerprint: string;
    storageAccountUrlExpiresOn?: string;
    databases: BackupScheduleDatabaseOutput[];
    storageAccountUrlManagement: string;
    /** Whether the program gave `startTime` (else the service chose it, and it is not compared). */
    startTimeDeclared: boolean;
}

/** Inputs after `check`: validated, defaults applied, the app reduced to `siteId`. */
interface CheckedInputs {
    siteId: string;
    enabled: boolean;
    frequencyInterval: number;
    frequencyUnit: (typeof frequencyUnits)[number];
    retentionPeriodInDays: number;
    keepAtLeastOneBackup: boolean;
    startTime?: string;
    backupName?: string;
    storageAccountUrl: string;
    databases?: DatabaseBackupSetting[];
    storageAccountUrlManagement: (typeof sasManagementModes)[number];
}

const log = createLogger("BackupSchedule");

/** Inputs passed as secrets. */
const secretInputs = ["storageAccountUrl", "databases"];

/** Validates and normalizes inputs before any API call; failures name the field and the accepted values. */
export function checkBackupScheduleInputs(news: Record<string, any>, now = new Date()): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker(secretInputs);
    const siteId = checkSiteInput(checker, news);
    const checked: Record<string, any> = {
        siteId,
        enabled: checker.boolean("enabled", news.enabled, true),
        frequencyInterval: checker.integer("frequencyInterval", news.frequencyInterval, { min: 1, max: 1000 }),
        frequencyUnit: checker.oneOf("frequencyUnit", news.frequencyUnit, frequencyUnits),
        retentionPeriodInDays: checker.integer("retentionPeriodInDays", news.retentionPeriodInDays, { min: 0, max: 9999, defaultValue: 30 }),
        keepAtLeastOneBackup: checker.boolean("keepAtLeastOneBackup", news.keepAtLeastOneBackup, true),
        startTime: checker.optionalDateTime("startTime", news.startTime),
        backupName: checkBackupName(checker, "backupName", news.backupName),
        storageAccountUrl: news.storageAccountUrl,
        databases: checkDatabasesInput(checker, news.databases),
        storageAccountUrlManagement: checker.oneOf("storageAccountUrlManagement", news.storageAccountUrlManagement, sasManagementModes, "pinned"),
    };
    // A rotated SAS is only used at creation and may have expired in config since: only its shape matters.
    const sasCheckTime = checked.storageAccountUrlManagement === "rotated" ? new Date(0) : now;
    const sas = news.storageAccountUrl;
    if (!isUnknown(sas)) {
        if (typeof sas !== "string" || sas === "") {
            checker.fail("storageAccountUrl", "storageAccountUrl is required: a container SAS URL with write permission");
        } else {
            for (const reason of validateContainerSasUrl("storageAccountUrl", sas, { requiredPermissions: "w", now: sasCheckTime })) {
                checker.fail("storageAccountUrl", reason);
            }
        }
    }
    // Unknown values pass through untouched so the engine can fill them in later.
    for (const key of ["storageAccountUrlManagement", "enabled", "frequencyInterval", "frequencyUnit", "retentionPeriodInDays", "keepAtLeastOneBackup", "startTime", "backupName", "databases"]) {
        if (isUnknown(news[key])) checked[key] = news[key];
    }
    return checker.result(checked);
}

function toWire(inputs: CheckedInputs): BackupRequestProperties {
    return {
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
    };
}

/** Live configuration → outputs; the SAS and connection strings leave only fingerprints. */
export function outputsFromLive(siteId: string, live: BackupRequest, storageAccountUrlManagement = "pinned", startTimeDeclared = true): BackupScheduleOutputs {
    const p = live.properties;
    const schedule = p.backupSchedule;
    const sas = p.storageAccountUrl ?? "";
    const info = parseContainerSasUrl(sas);
    const outputs: BackupScheduleOutputs = {
        schemaVersion: backupScheduleSchemaVersion,
        siteId,
        enabled: p.enabled ?? false,
        frequencyInterval: schedule?.frequencyInterval ?? 0,
        frequencyUnit: schedule?.frequencyUnit ?? "",
        retentionPeriodInDays: schedule?.retentionPeriodInDays ?? 0,
        keepAtLeastOneBackup: schedule?.keepAtLeastOneBackup ?? false,
        storageContainerUrl: info?.containerUrl ?? "",
        storageAccountUrlFingerprint: sas ? fingerprint(sas) : "",
        databases: databaseOutputs(p.databases),
        storageAccountUrlManagement,
        startTimeDeclared,
    };
    if (schedule?.startTime) outputs.startTime = new Date(schedule.startTime).toISOString();
    if (p.backupName) outputs.backupName = p.backupName;
    if (info?.expiresOn) outputs.storageAccountUrlExpiresOn = info.expiresOn;
    return outputs;
}

/**
 * Inputs that would produce the live configuration. `read` returns them so that after a refresh the
 * engine's input comparison names the fields that drifted. Secrets are included: the engine marks
 * them secret again because the resource always passes them as secrets.
 */
export function inputsFromLive(siteId: string, live: BackupRequest, storageAccountUrlManagement = "pinned", startTimeDeclared = true): Record<string, unknown> {
    const p = live.properties;
    const schedule = p.backupSchedule;
    const inputs: Record<string, unknown> = {
        siteId,
        enabled: p.enabled ?? false,
        frequencyInterval: schedule?.frequencyInterval,
        frequencyUnit: schedule?.frequencyUnit,
        retentionPeriodInDays: schedule?.retentionPeriodInDays,
        keepAtLeastOneBackup: schedule?.keepAtLeastOneBackup,
        // A start time the service chose is not the program's: rebuilding it would show as drift.
        startTime: startTimeDeclared && schedule?.startTime ? new Date(schedule.startTime).toISOString() : undefined,
        backupName: p.backupName || undefined,
        storageAccountUrl: p.storageAccountUrl,
        databases: p.databases ?? [],
        storageAccountUrlManagement,
    };
    for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
    return inputs;
}

/** Compares desired inputs with live outputs field by field (secrets by fingerprint, never by value). */
export function diffBackupSchedule(live: Partial<BackupScheduleOutputs>, desired: Record<string, any>): FieldDiffResult {
    const desiredSite = typeof desired.siteId === "string" && !isUnknown(desired.siteId) ? desired.siteId : undefined;
    const result = diffFields([
        {
            field: "siteId",
            desired: desiredSite !== undefined && live.siteId !== undefined && sameSiteId(desiredSite, live.siteId) ? live.siteId : desiredSite ?? (isUnknown(desired.siteId) ? desired.siteId : undefined),
            live: live.siteId,
            replaces: true,
        },
        { field: "enabled", desired: desired.enabled, live: live.enabled },
        { field: "frequencyInterval", desired: desired.frequencyInterval, live: live.frequencyInterval },
        { field: "frequencyUnit", desired: desired.frequencyUnit, live: live.frequencyUnit },
        { field: "retentionPeriodInDays", desired: desired.retentionPeriodInDays, live: live.retentionPeriodInDays },
        { field: "keepAtLeastOneBackup", desired: desired.keepAtLeastOneBackup, live: live.keepAtLeastOneBackup },
        { field: "startTime", desired: desired.startTime, live: live.startTime },
        { field: "backupName", desired: desired.backupName, live: live.backupName },
        {
            field: "storageAccountUrl",
            desired:
                desired.storageAccountUrlManagement === "rotated"
                    ? undefined
                    : typeof desired.storageAccountUrl === "string" && !isUnknown(desired.storageAccountUrl)
                      ? fingerprint(desired.storageAccountUrl)
                      : desired.storageAccountUrl,
            live: live.storageAccountUrlFingerprint,
        },
        // State written before this setting existed counts as pinned.
        { field: "storageAccountUrlManagement", desired: desired.storageAccountUrlManagement, live: live.storageAccountUrlManagement ?? "pinned" },
        {
            field: "databases",
            desired: Array.isArray(desired.databases) ? databaseOutputs(desired.databases) : desired.databases === undefined ? [] : desired.databases,
            live: live.databases ?? [],
        },
        { field: "schemaVersion", desired: backupScheduleSchemaVersion, live: live.schemaVersion },
    ]);
    return result;
}

function registerInputSecrets(inputs: CheckedInputs): void {
    registerSecret(inputs.storageAccountUrl);
    for (const db of inputs.databases ?? []) if (db.connectionString) registerSecret(db.connectionString);
}

async function apply(inputs: CheckedInputs, verb: string): Promise<BackupScheduleOutputs> {
    registerInputSecrets(inputs);
    const site = siteRefFromId(inputs.siteId, "BackupSchedule");
    const client = getArmClient();
    log.info(`${verb} the backup schedule of ${inputs.siteId}: every ${inputs.frequencyInterval} ${inputs.frequencyUnit}(s), retention ${inputs.retentionPeriodInDays} day(s)`);
    let wire = toWire(inputs);
    if (inputs.storageAccountUrlManagement === "rotated") {
        // Keep the SAS a rotation put there; the configured one only seeds a new schedule.
        const current = await getBackupConfiguration(client, site);
        if (current?.properties.storageAccountUrl) wire = { ...wire, storageAccountUrl: current.properties.storageAccountUrl };
    }
    // PUT replaces the whole configuration, so a rerun after an interrupted `up` converges.
    await updateBackupConfiguration(client, site, wire);
    const live = await getBackupConfiguration(client, site);
    if (!live) throw new Error(`BackupSchedule: the schedule of ${inputs.siteId} was accepted but cannot be read back`);
    return outputsFromLive(inputs.siteId, live, inputs.storageAccountUrlManagement, inputs.startTime !== undefined);
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const backupScheduleProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        return checkBackupScheduleInputs(news);
    },

    async diff(_id, olds, news) {
        const { changes, diffs, replaces } = diffBackupSchedule(olds, news);
        if (changes) log.debug(`${olds.siteId}: changed ${diffs.join(", ")}`);
        // The host drops a list of changed fields; the engine names them by comparing old and new
        // inputs, which is why `read` returns inputs rebuilt from live state.
        return { changes, replaces };
    },

    async create(inputs) {
        const outs = await apply(inputs as CheckedInputs, "Creating");
        return { id: `${outs.siteId}/config/backup`, outs };
    },

    async update(_id, _olds, news) {
        return { outs: await apply(news as CheckedInputs, "Updating") };
    },

    async read(id, props) {
        const siteId: string = props?.siteId ?? id.replace(/\/config\/backup$/i, "");
        const live = await getBackupConfiguration(getArmClient(), siteRefFromId(siteId, "BackupSchedule"));
        if (!live) {
            log.info(`the backup schedule of ${siteId} no longer exists`);
            return {};
        }
        const management = props?.storageAccountUrlManagement ?? "pinned";
        // Imported or older state does not say; then the live start time counts as declared.
        const startTimeDeclared = props?.startTimeDeclared !== false;
        return { id, props: outputsFromLive(siteId, live, management, startTimeDeclared), inputs: inputsFromLive(siteId, live, management, startTimeDeclared) };
    },

    async delete(_id, props) {
        const siteId: string = props.siteId;
        log.info(`Removing the backup schedule of ${siteId}`);
        await deleteBackupConfiguration(getArmClient(), siteRefFromId(siteId, "BackupSchedule"));
    },
};

const provider = lazyProvider("dist/provider/appservice/backupSchedule", "backupScheduleProvider");

/**
 * The backup schedule of an App Service app or slot (`sites/config/backup`): how often backups
 * run, how long they are kept, where they go and which databases they include. The SAS URL and
 * connection strings are secrets: state keeps only their fingerprints.
 */
export class BackupSchedule extends pulumi.dynamic.Resource {
    declare readonly siteId: pulumi.Output<string>;
    declare readonly enabled: pulumi.Output<boolean>;
    declare readonly frequencyInterval: pulumi.Output<number>;
    declare readonly frequencyUnit: pulumi.Output<string>;
    declare readonly retentionPeriodInDays: pulumi.Output<number>;
    declare readonly keepAtLeastOneBackup: pulumi.Output<boolean>;
    declare readonly startTime: pulumi.Output<string | undefined>;
    declare readonly backupName: pulumi.Output<string | undefined>;
    declare readonly storageContainerUrl: pulumi.Output<string>;
    declare readonly storageAccountUrlFingerprint: pulumi.Output<string>;
    declare readonly storageAccountUrlExpiresOn: pulumi.Output<string | undefined>;
    declare readonly databases: pulumi.Output<BackupScheduleDatabaseOutput[]>;
    declare readonly storageAccountUrlManagement: pulumi.Output<string>;

    constructor(name: string, args: BackupScheduleArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, backupScheduleResourceInputs(args), opts, "appservice", "BackupSchedule");
    }
}

/** What BackupSchedule registers: its args with every output's placeholder and the secrets wrapped (the bench's shape variant registers the same). */
export function backupScheduleResourceInputs(args: BackupScheduleArgs): Record<string, unknown> {
    // Every output gets a placeholder so the property exists even when its input was left out
    // (the app given as `site` still yields `siteId`); inputs given by the caller override them.
    const outputs = {
        siteId: undefined,
        enabled: undefined,
        retentionPeriodInDays: undefined,
        keepAtLeastOneBackup: undefined,
        storageAccountUrlManagement: undefined,
        startTime: undefined,
        backupName: undefined,
        storageContainerUrl: undefined,
        storageAccountUrlFingerprint: undefined,
        storageAccountUrlExpiresOn: undefined,
        schemaVersion: undefined,
    };
    // Secret inputs are wrapped here so state holds them encrypted even when the caller passed plain strings.
    return {
        ...outputs,
        ...args,
        storageAccountUrl: pulumi.secret(args.storageAccountUrl),
        // Always present (an empty list by default) so that inputs rebuilt by `read` are marked secret too.
        databases: pulumi.secret(args.databases ?? []),
    };
}
