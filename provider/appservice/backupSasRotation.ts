import * as pulumi from "@pulumi/pulumi";
import { getArmClient } from "../core/arm/armClient";
import type { ArmClient } from "../core/arm/armClient";
import { InputChecker, isUnknown, type CheckFailure } from "../core/dynamic/checks";
import { lazyProvider } from "../core/dynamic/lazyProvider";
import { diffFields, type FieldDiffResult } from "../core/diff/fieldDiff";
import { createLogger } from "../core/log";
import { fingerprint, registerSecret } from "../core/redact/sanitizer";
import { containerNameProblem } from "../core/storage/storageNames";
import { parseContainerSasUrl, validateContainerSasUrl } from "../core/sas/containerSasUrl";
import { mintContainerSasUrl } from "../core/sas/mintContainerSas";
import { getBackupConfiguration, listBackups, listBackupStatusSecrets, normalizeBackupStatus, updateBackupConfiguration } from "./api";
import { checkSiteInput } from "./siteInput";
import { sameSiteId, siteRefFromId, type SiteRef } from "./siteRef";

/** Version of the outputs' shape; a stale version makes `diff` ask for an update that rewrites it. */
export const backupSasRotationSchemaVersion = 1;

const day = 86_400_000;
/** Minted SAS start this long before now, so a storage clock slightly behind ours accepts them. */
const clockSkewAllowanceMs = 5 * 60_000;
/** Backups whose SAS is updated at once. */
const parallelBackupUpdates = 4;
/** Backup states with nothing left to rotate (a DeleteFailed backup needs the new SAS to be deleted). */
const finishedStates: ReadonlySet<string | undefined> = new Set(["Deleted", "DeleteInProgress"]);

/** How to mint the SAS from the storage account key. */
export interface MintSasArgs {
    accountName: pulumi.Input<string>;
    /** Storage account key (secret: state keeps its fingerprint only). */
    accountKey: pulumi.Input<string>;
    container: pulumi.Input<string>;
    /** Blob endpoint; defaults to `https://<account>.blob.core.windows.net`. */
    blobEndpoint?: pulumi.Input<string>;
    /** Permission letters, default "rwdl" (backups need w, restores r, deletes d). */
    permissions?: pulumi.Input<string>;
    /** Days each minted SAS stays valid (default 30). */
    validityDays?: pulumi.Input<number>;
}

/** Inputs of {@link BackupSasRotation}. Give either `storageAccountUrl` or `mint`. */
export interface BackupSasRotationArgs {
    /** ARM id of the app or slot. */
    siteId?: pulumi.Input<string>;
    /** The app or slot by its parts. */
    site?: pulumi.Input<{ subscriptionId: pulumi.Input<string>; resourceGroupName: pulumi.Input<string>; name: pulumi.Input<string>; slot?: pulumi.Input<string> }>;
    /** The SAS URL to put everywhere (secret). */
    storageAccountUrl?: pulumi.Input<string>;
    /** Mint a fresh SAS from the account key instead. */
    mint?: pulumi.Input<MintSasArgs>;
    /**
     * Minted SAS: `preview` shows an update (and `up` rotates) once the current SAS expires within this
     * many days (default 7). Given SAS: `preview` fails once it does, asking for a newer one.
     */
    rotateBeforeDays?: pulumi.Input<number>;
    /** Update the site's backup schedule (default true). */
    includeSchedule?: pulumi.Input<boolean>;
    /** Update every existing backup (default true). */
    includeBackups?: pulumi.Input<boolean>;
    /** Any values; a change rotates now. */
    triggers?: pulumi.Input<unknown[]>;
}

/** Outputs of {@link BackupSasRotation}: fingerprints and dates, never the SAS or the key. */
export interface BackupSasRotationOutputs {
    schemaVersion: number;
    siteId: string;
    mode: "given" | "minted";
    sasFingerprint: string;
    sasExpiresOn: string;
    storageContainerUrl: string;
    rotateBeforeDays: number;
    includeSchedule: boolean;
    includeBackups: boolean;
    /** Minted SAS: what it was minted from (the key by fingerprint). */
    mintSettings?: { accountName: string; container: string; blobEndpoint?: string; permissions: string; validityDays: number; accountKeyFingerprint: string };
    triggers: unknown[];
    rotatedAt: string;
    /** Whether the schedule holds the current SAS (true when there is no schedule or it is not included). */
    scheduleSasCurrent: boolean;
    /** Backups found holding another SAS by the last `read` (rotated by the next `up`). */
    staleBackupIds: number[];
    backupsUpdated: number;
    /**
     * Fingerprints of the SAS the last rotation replaced. A place found holding one of them again was
     * put back by something else: a resource that pins the SAS, which would fight the rotation on
     * every `up`.
     */
    replacedSasFingerprints?: string[];
    /** The highest backup number the last rotation updated: a backup above it was taken since, not put back. */
    rotatedThroughBackupId?: number;
}

interface CheckedMint {
    accountName: string;
    accountKey: string;
    container: string;
    blobEndpoint?: string;
    permissions: string;
    validityDays: number;
}

/** Inputs after `check`. */
export interface CheckedInputs {
    siteId: string;
    storageAccountUrl?: string;
    mint?: CheckedMint;
    rotateBeforeDays: number;
    includeSchedule: boolean;
    includeBackups: boolean;
    triggers: unknown[];
}

const log = createLogger("BackupSasRotation");
const secretInputs = ["storageAccountUrl", "mint"];

function checkMint(checker: InputChecker, mint: Record<string, unknown>): Record<string, unknown> {
    const checked: Record<string, unknown> = {
        accountName: checker.requiredString("mint.accountName", mint.accountName),
        accountKey: checker.requiredString("mint.accountKey", mint.accountKey),
        container: checker.requiredString("mint.container", mint.container),
        blobEndpoint: checker.optionalHttpsUrl("mint.blobEndpoint", mint.blobEndpoint, "https://<account>.blob.core.windows.net"),
        permissions: checker.optionalString("mint.permissions", mint.permissions) ?? "rwdl",
        validityDays: checker.integer("mint.validityDays", mint.validityDays, { min: 1, max: 365, defaultValue: 30 }),
    };
    if (typeof checked.permissions === "string" && !/^[racwdl]+$/.test(checked.permissions)) {
        checker.fail("mint.permissions", `mint.permissions must be letters from "racwdl"; got ${JSON.stringify(checked.permissions)}`);
    }
    if (typeof checked.permissions === "string" && !checked.permissions.includes("w")) {
        checker.fail("mint.permissions", "mint.permissions must include w: backups write through the SAS");
    }
    const containerProblem = typeof checked.container === "string" ? containerNameProblem(checked.container) : undefined;
    if (containerProblem !== undefined) checker.fail("mint.container", `mint.container ${containerProblem}`);
    if (typeof checked.accountName === "string" && !/^[a-z0-9]{3,24}$/.test(checked.accountName)) {
        checker.fail("mint.accountName", `mint.accountName must be a storage account name: 3 to 24 lowercase letters or digits; got ${JSON.stringify(checked.accountName.slice(0, 80))}`);
    }
    if (typeof checked.accountKey === "string" && !/^[A-Za-z0-9+/]+={0,2}$/.test(checked.accountKey)) {
        checker.fail("mint.accountKey", "mint.accountKey must be the storage account key (base64)");
    }
    for (const key of Object.keys(mint)) if (isUnknown(mint[key])) checked[key] = mint[key];
    for (const key of Object.keys(checked)) if (checked[key] === undefined) delete checked[key];
    return checked;
}

/** Validates and normalizes inputs before any API call, naming the field and the accepted values. */
export function checkBackupSasRotationInputs(news: Record<string, any>, now = new Date()): { inputs: Record<string, any>; failures: CheckFailure[] } {
    const checker = new InputChecker(secretInputs);
    const checked: Record<string, any> = {
        siteId: checkSiteInput(checker, news),
        rotateBeforeDays: checker.integer("rotateBeforeDays", news.rotateBeforeDays, { min: 0, max: 364, defaultValue: 7 }),
        includeSchedule: checker.boolean("includeSchedule", news.includeSchedule, true),
        includeBackups: checker.boolean("includeBackups", news.includeBackups, true),
        triggers: checker.list("triggers", news.triggers),
    };
    const given = news.storageAccountUrl;
    const mint = news.mint;
    const hasGiven = given !== undefined && given !== null && given !== "";
    const hasMint = mint !== undefined && mint !== null;
    if (hasGiven === hasMint) {
        checker.fail("storageAccountUrl", "give exactly one of storageAccountUrl (a SAS URL to use) or mint ({ accountName, accountKey, container, ... })");
    } else if (hasGiven) {
        checked.storageAccountUrl = given;
        if (!isUnknown(given)) {
            if (typeof given !== "string") checker.fail("storageAccountUrl", "storageAccountUrl must be a container SAS URL");
            else {
                for (const reason of validateContainerSasUrl("storageAccountUrl", given, { requiredPermissions: "w", now })) checker.fail("storageAccountUrl", reason);
                const expiresOn = parseContainerSasUrl(given)?.expiresOn;
                const windowDays = typeof checked.rotateBeforeDays === "number" ? checked.rotateBeforeDays : 0;
                if (expiresOn && Date.parse(expiresOn) > now.getTime() && Date.parse(expiresOn) - now.getTime() < windowDays * day) {
                    checker.fail("storageAccountUrl", `storageAccountUrl expires on ${expiresOn}, within rotateBeforeDays (${windowDays}): set a newer SAS`);
                }
            }
        }
    } else if (isUnknown(mint)) {
        checked.mint = mint;
    } else if (typeof mint !== "object") {
        checker.fail("mint", "mint must be { accountName, accountKey, container, blobEndpoint?, permissions?, validityDays? }");
    } else {
        checked.mint = checkMint(checker, mint);
        const validity = checked.mint.validityDays;
        if (typeof validity === "number" && typeof checked.rotateBeforeDays === "number" && checked.rotateBeforeDays >= validity) {
            checker.fail("rotateBeforeDays", `rotateBeforeDays (${checked.rotateBeforeDays}) must be less than mint.validityDays (${validity}), or every run would rotate`);
        }
    }
    for (const key of ["rotateBeforeDays", "includeSchedule", "includeBackups", "triggers"]) if (isUnknown(news[key])) checked[key] = news[key];
    return checker.result(checked);
}

function mintSummary(mint: CheckedMint): NonNullable<BackupSasRotationOutputs["mintSettings"]> {
    return {
        accountName: mint.accountName,
        container: mint.container,
        ...(mint.blobEndpoint ? { blobEndpoint: mint.blobEndpoint } : {}),
        permissions: [...mint.permissions].sort().join(""),
        validityDays: mint.validityDays,
        accountKeyFingerprint: fingerprint(mint.accountKey),
    };
}

/** Compares desired with the last rotation and live staleness, field by field. */
export function diffBackupSasRotation(olds: Partial<BackupSasRotationOutputs>, news: Record<string, any>, now = new Date()): FieldDiffResult {
    const desiredSite = typeof news.siteId === "string" && olds.siteId && sameSiteId(news.siteId, olds.siteId) ? olds.siteId : news.siteId;
    const given = typeof news.storageAccountUrl === "string" && !isUnknown(news.storageAccountUrl) ? fingerprint(news.storageAccountUrl) : news.storageAccountUrl;
    const mint = news.mint && typeof news.mint === "object" && !isUnknown(news.mint) ? mintSummary(news.mint as CheckedMint) : news.mint;
    const dueForRotation =
        olds.mode === "minted" && olds.sasExpiresOn !== undefined && Date.parse(olds.sasExpiresOn) - now.getTime() < (news.rotateBeforeDays ?? 7) * day;
    return diffFields([
        { field: "siteId", desired: desiredSite, live: olds.siteId, replaces: true },
        { field: "storageAccountUrl", desired: given, live: olds.mode === "given" ? olds.sasFingerprint : undefined },
        { field: "mint", desired: mint, live: olds.mintSettings },
        { field: "rotateBeforeDays", desired: news.rotateBeforeDays, live: olds.rotateBeforeDays },
        { field: "includeSchedule", desired: news.includeSchedule, live: olds.includeSchedule },
        { field: "includeBackups", desired: news.includeBackups, live: olds.includeBackups },
        { field: "triggers", desired: news.triggers ?? [], live: olds.triggers ?? [] },
        // Rotation is due: the minted SAS expires within the window.
        { field: "sasExpiresOn", desired: dueForRotation ? "rotate" : undefined, live: olds.sasExpiresOn },
        // A refresh found places still holding another SAS.
        { field: "staleBackupIds", desired: [], live: olds.staleBackupIds ?? [] },
        { field: "scheduleSasCurrent", desired: true, live: olds.scheduleSasCurrent ?? true },
        { field: "schemaVersion", desired: backupSasRotationSchemaVersion, live: olds.schemaVersion },
    ]);
}

function sasFor(inputs: CheckedInputs, now: Date): string {
    if (inputs.storageAccountUrl) return inputs.storageAccountUrl;
    const mint = inputs.mint!;
    registerSecret(mint.accountKey);
    return mintContainerSasUrl({
        accountName: mint.accountName,
        accountKey: mint.accountKey,
        container: mint.container,
        blobEndpoint: mint.blobEndpoint,
        permissions: mint.permissions,
        startsOn: new Date(now.getTime() - clockSkewAllowanceMs),
        expiresOn: new Date(now.getTime() + mint.validityDays * day),
    });
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) await work(items[next++]);
    });
    await Promise.all(lanes);
}

/** Backups that still exist, by integer id. */
async function liveBackupIds(client: ArmClient, site: SiteRef): Promise<number[]> {
    const backups = await listBackups(client, site);
    return backups.filter((b) => !finishedStates.has(normalizeBackupStatus(b.properties.status))).map((b) => b.properties.id);
}

/** Where the current SAS is not in place yet, and which of those places hold a SAS the last rotation replaced. */
async function findStale(client: ArmClient, site: SiteRef, outs: Pick<BackupSasRotationOutputs, "includeSchedule" | "includeBackups" | "sasFingerprint" | "replacedSasFingerprints" | "rotatedThroughBackupId">) {
    const replaced = new Set(outs.replacedSasFingerprints ?? []);
    const reverted: string[] = [];
    let scheduleSasCurrent = true;
    if (outs.includeSchedule) {
        const schedule = await getBackupConfiguration(client, site);
        const held = schedule ? fingerprint(schedule.properties.storageAccountUrl ?? "") : undefined;
        scheduleSasCurrent = held === undefined || held === outs.sasFingerprint;
        if (held !== undefined && replaced.has(held)) reverted.push("the schedule");
    }
    const staleBackupIds: number[] = [];
    if (outs.includeBackups) {
        await forEachLimited(await liveBackupIds(client, site), parallelBackupUpdates, async (id) => {
            const item = await listBackupStatusSecrets(client, site, id);
            const held = fingerprint(item.properties.storageAccountUrl ?? "");
            if (held !== outs.sasFingerprint) staleBackupIds.push(id);
            if (replaced.has(held) && id <= (outs.rotatedThroughBackupId ?? -1)) reverted.push(`backup ${id}`);
        });
    }
    return { scheduleSasCurrent, staleBackupIds: staleBackupIds.sort((a, b) => a - b), reverted };
}

/**
 * Fails when a place holds again a SAS the previous rotation replaced: a BackupSchedule or Backup with
 * `storageAccountUrlManagement: "pinned"` puts its own SAS back on every `up`, and each run would
 * overwrite the other's. Said before anything is written, naming what to change.
 */
function refuseRevertedPlaces(siteId: string, reverted: { schedule: boolean; backups: Array<{ id: number; name?: string }> }): void {
    if (!reverted.schedule && reverted.backups.length === 0) return;
    const places = [
        ...(reverted.schedule ? [`the backup schedule (set storageAccountUrlManagement: "rotated" on the BackupSchedule of ${siteId})`] : []),
        ...(reverted.backups.length > 0
            ? [`backup(s) ${reverted.backups.map((b) => (b.name ? `${b.id} (${b.name})` : `${b.id}`)).join(", ")} (set storageAccountUrlManagement: "rotated" on the Backup resources that took them)`]
            : []),
    ];
    throw new Error(
        `BackupSasRotation: ${places.join(" and ")} went back to the SAS this rotation replaced, so a resource pinning that SAS ` +
            "puts it back on every up and the two overwrite each other. Leave the SAS to the rotation (storageAccountUrlManagement: \"rotated\"), " +
            "or remove the rotation. Nothing was changed.",
    );
}

/** Puts the SAS in the schedule and every live backup; `previous` (the last rotation's outputs) tells a pinning resource from drift. */
export async function rotateBackupSas(inputs: CheckedInputs, previous?: Partial<BackupSasRotationOutputs>, client: ArmClient = getArmClient()): Promise<BackupSasRotationOutputs> {
    const now = new Date();
    const sas = sasFor(inputs, now);
    registerSecret(sas);
    const sasFingerprint = fingerprint(sas);
    const info = parseContainerSasUrl(sas)!;
    const site = siteRefFromId(inputs.siteId, "BackupSasRotation");
    const replacedBefore = new Set(previous?.replacedSasFingerprints ?? []);
    const replaced = new Set<string>();
    log.info(`${inputs.siteId}: rotating to SAS ${sasFingerprint} (expires ${info.expiresOn})`);

    const schedule = inputs.includeSchedule ? await getBackupConfiguration(client, site) : undefined;
    const scheduleFingerprint = schedule ? fingerprint(schedule.properties.storageAccountUrl ?? "") : undefined;
    // Backups a refresh found holding another SAS: read first, to tell a pinning resource from drift.
    const reverted = { schedule: scheduleFingerprint !== undefined && replacedBefore.has(scheduleFingerprint), backups: [] as Array<{ id: number; name?: string }> };
    if (inputs.includeBackups && replacedBefore.size > 0) {
        // Only backups the last rotation updated can have been put back; later ones were taken since with the old SAS.
        const rotatedBefore = (previous?.staleBackupIds ?? []).filter((id) => id <= (previous?.rotatedThroughBackupId ?? -1));
        await forEachLimited(rotatedBefore, parallelBackupUpdates, async (id) => {
            const item = await listBackupStatusSecrets(client, site, id).catch(() => undefined);
            const held = item ? fingerprint(item.properties.storageAccountUrl ?? "") : undefined;
            if (held !== undefined && replacedBefore.has(held)) reverted.backups.push({ id, name: item?.properties.name });
            if (held !== undefined && held !== sasFingerprint) replaced.add(held);
        });
    }
    refuseRevertedPlaces(inputs.siteId, { ...reverted, backups: reverted.backups.sort((a, b) => a.id - b.id) });

    if (schedule && scheduleFingerprint !== sasFingerprint) {
        // PUT replaces the whole configuration: send back what is there with the new SAS.
        const { backupSchedule, ...rest } = schedule.properties;
        const { lastExecutionTime: _readOnly, ...writable } = backupSchedule ?? ({} as NonNullable<typeof backupSchedule>);
        await updateBackupConfiguration(client, site, { ...rest, ...(backupSchedule ? { backupSchedule: writable } : {}), storageAccountUrl: sas });
        if (scheduleFingerprint) replaced.add(scheduleFingerprint);
        log.info(`${inputs.siteId}: schedule updated`);
    }
    let backupsUpdated = 0;
    let rotatedThroughBackupId: number | undefined;
    if (inputs.includeBackups) {
        const ids = await liveBackupIds(client, site);
        rotatedThroughBackupId = ids.length > 0 ? Math.max(...ids) : previous?.rotatedThroughBackupId;
        await forEachLimited(ids, parallelBackupUpdates, async (id) => {
            await listBackupStatusSecrets(client, site, id, sas);
            backupsUpdated++;
        });
        log.info(`${inputs.siteId}: ${backupsUpdated} backup(s) updated`);
    }
    return {
        schemaVersion: backupSasRotationSchemaVersion,
        siteId: inputs.siteId,
        mode: inputs.mint ? "minted" : "given",
        sasFingerprint,
        sasExpiresOn: info.expiresOn ?? "",
        storageContainerUrl: info.containerUrl,
        rotateBeforeDays: inputs.rotateBeforeDays,
        includeSchedule: inputs.includeSchedule,
        includeBackups: inputs.includeBackups,
        ...(inputs.mint ? { mintSettings: mintSummary(inputs.mint) } : {}),
        triggers: inputs.triggers,
        rotatedAt: now.toISOString(),
        scheduleSasCurrent: true,
        staleBackupIds: [],
        backupsUpdated,
        // A rotation that replaced nothing keeps what the one before replaced, so a place reverted since is still recognised.
        replacedSasFingerprints: replaced.size > 0 ? [...replaced].sort() : [...replacedBefore].sort(),
        ...(rotatedThroughBackupId !== undefined ? { rotatedThroughBackupId } : {}),
    };
}

/** The implementation the serialized provider loads in the dynamic-provider process. */
export const backupSasRotationProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        return checkBackupSasRotationInputs(news);
    },

    async diff(_id, olds, news) {
        const { changes, diffs, replaces } = diffBackupSasRotation(olds, news);
        if (changes) log.debug(`${olds.siteId}: changed ${diffs.join(", ")}`);
        return { changes, replaces };
    },

    async create(inputs) {
        const outs = await rotateBackupSas(inputs as CheckedInputs);
        return { id: `${outs.siteId}/sasRotation`, outs };
    },

    async update(_id, olds, news) {
        return { outs: await rotateBackupSas(news as CheckedInputs, olds as Partial<BackupSasRotationOutputs>) };
    },

    async read(id, props) {
        const outs = props as BackupSasRotationOutputs;
        const site = siteRefFromId(outs.siteId, "BackupSasRotation");
        const { reverted, ...stale } = await findStale(getArmClient(), site, outs);
        if (stale.staleBackupIds.length > 0 || !stale.scheduleSasCurrent) {
            log.info(`${outs.siteId}: still holding another SAS: ${stale.scheduleSasCurrent ? "" : "the schedule, "}${stale.staleBackupIds.length} backup(s)`);
        }
        if (reverted.length > 0) {
            log.warn(
                `${outs.siteId}: ${reverted.join(", ")} went back to the SAS the last rotation replaced: a BackupSchedule or Backup with ` +
                    `storageAccountUrlManagement "pinned" is fighting this rotation; set it to "rotated"`,
            );
        }
        return { id, props: { ...outs, ...stale } };
    },

    async delete(_id, props) {
        // A SAS cannot be taken back: forgetting the rotation leaves the current SAS in place.
        log.info(`${props.siteId}: rotation forgotten; the schedule and backups keep their current SAS`);
    },
};

const provider = lazyProvider("dist/provider/appservice/backupSasRotation", "backupSasRotationProvider");

/**
 * Keeps the SAS URL of an app's backup schedule and of every existing backup current: a given SAS,
 * or one minted from the storage account key that is rotated `rotateBeforeDays` before it expires.
 * State keeps the SAS's fingerprint and expiry, never the SAS or the key. `refresh` notices backups
 * still holding another SAS, and the next `up` rotates them.
 */
export class BackupSasRotation extends pulumi.dynamic.Resource {
    declare readonly siteId: pulumi.Output<string>;
    declare readonly mode: pulumi.Output<string>;
    declare readonly sasFingerprint: pulumi.Output<string>;
    declare readonly sasExpiresOn: pulumi.Output<string>;
    declare readonly storageContainerUrl: pulumi.Output<string>;
    declare readonly rotatedAt: pulumi.Output<string>;
    declare readonly scheduleSasCurrent: pulumi.Output<boolean>;
    declare readonly staleBackupIds: pulumi.Output<number[]>;
    declare readonly backupsUpdated: pulumi.Output<number>;

    constructor(name: string, args: BackupSasRotationArgs, opts?: pulumi.CustomResourceOptions) {
        // Placeholders so every output exists (the app given as `site` still yields `siteId`).
        const outputs = {
            siteId: undefined,
            mode: undefined,
            sasFingerprint: undefined,
            sasExpiresOn: undefined,
            storageContainerUrl: undefined,
            rotatedAt: undefined,
            scheduleSasCurrent: undefined,
            staleBackupIds: undefined,
            backupsUpdated: undefined,
            schemaVersion: undefined,
        };
        const inputs = {
            ...outputs,
            ...args,
            storageAccountUrl: args.storageAccountUrl === undefined ? undefined : pulumi.secret(args.storageAccountUrl),
            mint: args.mint === undefined ? undefined : pulumi.secret(args.mint),
        };
        super(provider, name, inputs, opts, "appservice", "BackupSasRotation");
    }
}
