import * as pulumi from "@pulumi/pulumi";
import { getArmClient, type ArmClient } from "../core/arm/armClient";
import { isArmError } from "../core/arm/armError";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { diffFields, type FieldDiffResult } from "../core/diff/fieldDiff";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { isOperationFailedError } from "../core/errors";
import { createLogger, type Logger } from "../core/log";
import { getProtectedItem, getRecoveryPoint } from "./api";
import { listInstantItemRecoveryOperationResult, provisionInstantItemRecovery, revokeInstantItemRecovery, type ClientScript, type RecoveryPointRef } from "./ilrApi";
import { parseProtectedItemId } from "./protectedItemId";
import { defaultProtectionDeadlineMinutes } from "./protection";
import { sameArmId } from "./vaultRef";

/** Version of the outputs' shape. */
export const fileRecoverySessionSchemaVersion = 1;

/** The initiator a session is provisioned for when none is given. */
export const defaultInitiatorName = "declarative-backups";

/**
 * How long the service keeps a session: 12 hours from provisioning (the portal's "the script is valid
 * for 12 hours"). Neither the operation status nor the scripts say when it ends, so `expiresAt` is
 * counted from the moment provisioning completed, as this process saw it.
 */
export const ilrSessionLengthMs = 12 * 3_600_000;

/** Where the password sits in `scriptNameSuffix`: 33 characters after the last `_`, 15 long (seed 001). */
export const ilrPasswordOffset = 33;
/** Length of the password in `scriptNameSuffix`. */
export const ilrPasswordLength = 15;

// iSCSI names are at most 223 bytes (RFC 3720, 3.2.6.1).
const maxInitiatorNameLength = 223;
const recoveryPointIdPattern = /^(.+)\/recoveryPoints\/([^/]+)\/?$/i;

/** Inputs of {@link FileRecoverySession}. */
export interface FileRecoverySessionArgs {
    /** ARM id of a VM recovery point (`<protectedItemId>/recoveryPoints/<name>`): the `recoveryPointId` output of an OnDemandBackup, or one `listRecoveryPointsOf` returns. */
    recoveryPointId: pulumi.Input<string>;
    /**
     * The iSCSI initiator name of the machine that will run the script (its `iqn.…` name); default
     * "declarative-backups". A change provisions a new session for the new initiator.
     */
    initiatorName?: pulumi.Input<string>;
    /** Any values; a change provisions a new session (a new script and password). */
    triggers?: pulumi.Input<unknown[]>;
    /** Our own bound on the wait for provisioning and revoking (default 60). */
    deadlineMinutes?: pulumi.Input<number>;
}

/** Outputs of {@link FileRecoverySession}. */
export interface FileRecoverySessionOutputs {
    schemaVersion: number;
    recoveryPointId: string;
    initiatorName: string;
    triggers: unknown[];
    deadlineMinutes: number;
    /** The script's file name: `scriptNameSuffix` without the password (append `scriptExtension`). */
    fileName: string;
    /** `.ps1` (Windows) or `.py` (Linux), as the service says. */
    scriptExtension: string;
    osType: string;
    /** When the session ends (ISO): provisioning plus 12 hours. */
    expiresAt: string;
    /** Active, or Expired once the session has ended (refresh, or `expiresAt` passed): the next `up` provisions a new one. */
    sessionState: "Active" | "Expired";
    /** Secret: the mount script. */
    scriptContent: string;
    /** Secret: what the script asks for when it runs. */
    password: string;
    /** The provision operation's id, which the service's result listing may ask for. */
    provisionOperationId?: string;
}

/** Fields whose change provisions a new session (in place: the service keeps one session per point). */
const sessionFields = ["initiatorName", "triggers", "sessionState"];

/** The vault, container, item and point of a recovery point's ARM id; undefined if it is not one. */
export function parseRecoveryPointId(id: string): RecoveryPointRef | undefined {
    const m = recoveryPointIdPattern.exec(id);
    const item = m ? parseProtectedItemId(m[1]) : undefined;
    return m && item ? { ...item, recoveryPointName: decodeURIComponent(m[2]) } : undefined;
}

/**
 * Seed 001's rule: the password is the 15 characters that start 33 characters after the last `_` of
 * `scriptNameSuffix`, and the file name is the suffix without them. Errors never quote the suffix.
 */
export function splitScriptNameSuffix(suffix: string): { password: string; fileName: string } {
    const start = suffix.lastIndexOf("_") + ilrPasswordOffset;
    if (suffix.lastIndexOf("_") < 0) throw new Error("FileRecoverySession: the script's name suffix has no '_', so it holds no password where the service puts one");
    if (suffix.length < start + ilrPasswordLength) {
        throw new Error(`FileRecoverySession: the script's name suffix is too short to hold the password (${suffix.length} characters; it needs ${start + ilrPasswordLength})`);
    }
    return { password: suffix.slice(start, start + ilrPasswordLength), fileName: suffix.slice(0, start) + suffix.slice(start + ilrPasswordLength) };
}

/** Validates and normalizes inputs before any API call. */
export function checkFileRecoverySessionInputs(news: Record<string, any>): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker();
    const checked: Record<string, unknown> = {
        triggers: checker.list("triggers", news.triggers),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultProtectionDeadlineMinutes }),
    };
    const id = news.recoveryPointId;
    if (isUnknown(id)) checked.recoveryPointId = id;
    else {
        const point = typeof id === "string" ? parseRecoveryPointId(id) : undefined;
        if (!point) {
            checker.fail(
                "recoveryPointId",
                `recoveryPointId must be the ARM id of a VM recovery point (<protectedItemId>/recoveryPoints/<name>, such as the recoveryPointId output of an OnDemandBackup); got ${JSON.stringify(typeof id === "string" ? id.slice(0, 300) : id ?? null)}`,
            );
        } else if (!/^vm;/i.test(point.itemName)) {
            checker.fail("recoveryPointId", `recoveryPointId must be a recovery point of a VM (file-level recovery mounts a VM's disks); ${JSON.stringify(point.itemName)} is not a VM item`);
        } else checked.recoveryPointId = id;
    }
    if (news.initiatorName === undefined || news.initiatorName === null) checked.initiatorName = defaultInitiatorName;
    else {
        const name = checker.requiredString("initiatorName", news.initiatorName);
        if (name !== undefined && Buffer.byteLength(name) > maxInitiatorNameLength) {
            checker.fail("initiatorName", `initiatorName must be at most ${maxInitiatorNameLength} bytes, the longest iSCSI name; got ${Buffer.byteLength(name)}`);
        } else checked.initiatorName = name;
    }
    for (const key of ["initiatorName", "triggers", "deadlineMinutes"]) if (isUnknown(news[key])) checked[key] = news[key];
    // What is wanted is a running session: `read` puts the live state in the inputs, so an ended one diffs by name.
    checked.sessionState = "Active";
    return checker.result(checked);
}

/** The session's state as stored, Expired once `expiresAt` has passed (no refresh needed to see that). */
function storedSessionState(stored: Partial<FileRecoverySessionOutputs>, now: Date): string | undefined {
    return stored.expiresAt && Date.parse(stored.expiresAt) <= now.getTime() ? "Expired" : stored.sessionState;
}

/** What differs between the stored session and the inputs; a session that ended differs in `sessionState`. */
export function diffFileRecoverySession(olds: Partial<FileRecoverySessionOutputs>, news: Record<string, any>, now = new Date()): FieldDiffResult {
    return diffFields([
        // Another point is another session: the old one is revoked once the new one is up.
        { field: "recoveryPointId", desired: typeof news.recoveryPointId === "string" && sameArmId(news.recoveryPointId, olds.recoveryPointId) ? olds.recoveryPointId : news.recoveryPointId, live: olds.recoveryPointId, replaces: true },
        { field: "initiatorName", desired: news.initiatorName ?? defaultInitiatorName, live: olds.initiatorName },
        { field: "triggers", desired: news.triggers ?? [], live: olds.triggers ?? [] },
        { field: "sessionState", desired: "Active", live: storedSessionState(olds, now) },
        { field: "deadlineMinutes", desired: news.deadlineMinutes, live: olds.deadlineMinutes },
        { field: "schemaVersion", desired: fileRecoverySessionSchemaVersion, live: olds.schemaVersion },
    ]);
}

function loggerFor(id: string | undefined): Logger {
    const point = id ? parseRecoveryPointId(id) : undefined;
    return createLogger(`FileRecoverySession ${point ? `${point.itemName}/${point.recoveryPointName}` : "?"}`);
}

/** The script to keep: the first that carries a name suffix (the one with the password). */
function scriptOf(scripts: ClientScript[] | undefined): (ClientScript & { scriptNameSuffix: string }) | undefined {
    return scripts?.find((s): s is ClientScript & { scriptNameSuffix: string } => typeof s.scriptNameSuffix === "string" && s.scriptNameSuffix !== "");
}

/** Whether the live scripts are those of the session we provisioned (same file name); malformed suffixes count as ours. */
function isOurSession(scripts: ClientScript[], fileName: string): boolean {
    const script = scriptOf(scripts);
    if (!script) return true;
    try {
        return splitScriptNameSuffix(script.scriptNameSuffix).fileName === fileName;
    } catch {
        return true;
    }
}

/**
 * Provisions a session on the point for the initiator and waits for it. `renewExistingRegistration`
 * replaces any session the point has (the service keeps one per point), so a rerun after an
 * interrupted `up`, a new initiator or new triggers leave one session, never two.
 */
async function provisionSession(inputs: Record<string, any>): Promise<FileRecoverySessionOutputs> {
    const client = getArmClient();
    const log = loggerFor(inputs.recoveryPointId);
    const point = parseRecoveryPointId(inputs.recoveryPointId)!;
    const where = `recovery point ${point.recoveryPointName} of ${point.itemName}`;
    const item = await getProtectedItem(client, point.vault, point.containerName, point.itemName);
    if (!item) throw new Error(`FileRecoverySession: the vault has no protected item ${point.itemName}`);
    log.info(`provisioning file recovery of ${where} for initiator ${inputs.initiatorName}`);
    const deadlineMs = inputs.deadlineMinutes * 60_000;
    const virtualMachineId = typeof item.properties.virtualMachineId === "string" ? item.properties.virtualMachineId : item.properties.sourceResourceId;
    const result = await provisionInstantItemRecovery(
        client,
        point,
        { initiatorName: inputs.initiatorName, recoveryPointId: point.recoveryPointName, ...(virtualMachineId ? { virtualMachineId } : {}), renewExistingRegistration: true },
        { operation: "ItemLevelRecoveryConnections.Provision", deadlineMs, log },
    ).catch((error: unknown) => {
        if (!isOperationFailedError(error)) throw error;
        throw new Error(`FileRecoverySession: provisioning file recovery of ${where} failed: ${error.serviceCode}: ${error.serviceMessage}`);
    });
    const provisionedAtMs = Date.now();
    // From 2026-08-01 the scripts are no longer in the operation's status: list them.
    const script = scriptOf(result.clientScripts) ?? scriptOf(await listInstantItemRecoveryOperationResult(client, point, result.operationId));
    if (!script) throw new Error(`FileRecoverySession: the service provisioned file recovery of ${where} but returned no script`);
    const { password, fileName } = splitScriptNameSuffix(script.scriptNameSuffix);
    const expiresAt = new Date(provisionedAtMs + ilrSessionLengthMs).toISOString();
    log.info(`session ready: script ${fileName}${script.scriptExtension ?? ""}, until ${expiresAt}`);
    return {
        schemaVersion: fileRecoverySessionSchemaVersion,
        recoveryPointId: inputs.recoveryPointId,
        initiatorName: inputs.initiatorName,
        triggers: inputs.triggers ?? [],
        deadlineMinutes: inputs.deadlineMinutes,
        fileName,
        scriptExtension: script.scriptExtension ?? "",
        osType: script.osType ?? "",
        expiresAt,
        sessionState: "Active",
        scriptContent: script.scriptContent ?? "",
        password,
        ...(result.operationId ? { provisionOperationId: result.operationId } : {}),
    };
}

/** A service older than the result listing (api-version before 2026-08-01) refuses it with 400. */
function isListingUnsupported(error: unknown): boolean {
    return isArmError(error) && error.statusCode === 400;
}

/**
 * Whether our session still runs: not past `expiresAt`, and the service lists it (404 once it
 * ended, was revoked or the point is gone; other scripts once someone else's session replaced it).
 * A service without the listing (400, api-version before 2026-08-01) is asked through the point's
 * `isInstantIlrSessionActive`.
 */
async function liveSessionState(client: ArmClient, point: RecoveryPointRef, stored: FileRecoverySessionOutputs, now = new Date()): Promise<"Active" | "Expired"> {
    if (storedSessionState(stored, now) === "Expired") return "Expired";
    try {
        const scripts = await listInstantItemRecoveryOperationResult(client, point, stored.provisionOperationId);
        return scripts && isOurSession(scripts, stored.fileName) ? "Active" : "Expired";
    } catch (error) {
        if (!isListingUnsupported(error)) throw error;
        const rp = await getRecoveryPoint(client, point.vault, point.containerName, point.itemName, point.recoveryPointName);
        return rp && rp.properties.isInstantIlrSessionActive !== false ? "Active" : "Expired";
    }
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const fileRecoverySessionProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        return checkFileRecoverySessionInputs(news);
    },

    async diff(_id, olds, news) {
        // The host drops the list of changed fields; the engine names them by comparing old and new
        // inputs, which is why `check` adds the desired `sessionState` and `read` returns the live one.
        const { changes, replaces } = diffFileRecoverySession(olds, news);
        return { changes, replaces };
    },

    async create(news) {
        const outs = await provisionSession(news);
        return { id: `${outs.recoveryPointId}/instantItemRecovery`, outs };
    },

    async update(_id, olds, news) {
        const { diffs } = diffFileRecoverySession(olds, news);
        // A new initiator, new triggers or an ended session: a new session (renewing replaces the old one).
        if (diffs.some((field) => sessionFields.includes(field))) return { outs: await provisionSession(news) };
        return { outs: { ...(olds as FileRecoverySessionOutputs), deadlineMinutes: news.deadlineMinutes, schemaVersion: fileRecoverySessionSchemaVersion } };
    },

    async read(id, props) {
        const stored = props as FileRecoverySessionOutputs;
        const point = typeof stored.recoveryPointId === "string" ? parseRecoveryPointId(stored.recoveryPointId) : undefined;
        if (!point) return { id, props };
        // Refresh never provisions: it only says whether the session still runs.
        const sessionState = await liveSessionState(getArmClient(), point, stored);
        const inputs = { recoveryPointId: stored.recoveryPointId, initiatorName: stored.initiatorName, triggers: stored.triggers, deadlineMinutes: stored.deadlineMinutes, sessionState };
        return { id, props: { ...stored, sessionState }, inputs };
    },

    async delete(_id, props) {
        const stored = props as FileRecoverySessionOutputs;
        const point = parseRecoveryPointId(stored.recoveryPointId);
        if (!point) return;
        const client = getArmClient();
        const log = loggerFor(stored.recoveryPointId);
        // Revoke only our own session: one provisioned since (for this resource's replacement, or by someone else) stays.
        let scripts: ClientScript[] | undefined = [];
        try {
            scripts = await listInstantItemRecoveryOperationResult(client, point, stored.provisionOperationId);
        } catch (error) {
            // Without the listing the session cannot be told apart from a newer one: revoke.
            if (!isListingUnsupported(error)) throw error;
        }
        if (!scripts) return log.info("the session has already ended: nothing to revoke");
        if (!isOurSession(scripts, stored.fileName)) return log.info("the point's session is another one, provisioned since: left running");
        log.info(`revoking the session of recovery point ${point.recoveryPointName}`);
        await revokeInstantItemRecovery(client, point, { operation: "ItemLevelRecoveryConnections.Revoke", deadlineMs: stored.deadlineMinutes * 60_000, log });
    },
};

const provider = lazyProvider("dist/provider/azurebackup/fileRecoverySession", "fileRecoverySessionProvider");

/**
 * A file-level recovery session ("ILR") of a VM recovery point: the point's disks mounted for an
 * iSCSI initiator, with the script that attaches them and its password (both secrets). `destroy`
 * revokes it; a session that ended (12 hours on, or revoked elsewhere) shows on refresh as a change
 * of `sessionState`, and the next `up` provisions a new one.
 */
export class FileRecoverySession extends pulumi.dynamic.Resource {
    declare readonly fileName: pulumi.Output<string>;
    declare readonly scriptExtension: pulumi.Output<string>;
    declare readonly osType: pulumi.Output<string>;
    declare readonly expiresAt: pulumi.Output<string>;
    declare readonly sessionState: pulumi.Output<string>;
    declare readonly scriptContent: pulumi.Output<string>;
    declare readonly password: pulumi.Output<string>;

    constructor(name: string, args: FileRecoverySessionArgs, opts?: pulumi.CustomResourceOptions) {
        const outputs = { fileName: undefined, scriptExtension: undefined, osType: undefined, expiresAt: undefined, sessionState: undefined, scriptContent: undefined, password: undefined, schemaVersion: undefined };
        // The engine stores these encrypted and prints them as [secret].
        const secret: pulumi.CustomResourceOptions = { additionalSecretOutputs: ["scriptContent", "password"] };
        super(provider, name, { ...outputs, ...args }, pulumi.mergeOptions(opts, secret), "azurebackup", "FileRecoverySession");
    }
}
