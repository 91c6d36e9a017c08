import { ArmError } from "../../../platform/arm/armErrors";
import { validateBehaviourUpdate, type AppServiceBehaviour, type BehaviourSettings } from "../behaviour";
import type { BackupStore } from "../state/backupStore";
import { validateForcedOutcomeInput, type ForcedOutcome, type ForcedOutcomeInput, type ForcedOutcomes } from "../forcedOutcomes";
import { parseSiteContent, type SiteContents } from "../state/siteContents";
import { requireSite, type SiteTarget } from "../../../platform/arm/armScope";
import { BACKUP_ITEM_STATUSES, type BackupItemModel, type BackupItemProperties, type BackupItemStatus, type SiteContent } from "../../../platform/state/models";
import type { EmulatorStore } from "../../../platform/state/store";
import { jsonMergePatch } from "../../../control/jsonMergePatch";

/** What the App Service part of the control API reaches into. */
export interface AppServiceControlDependencies {
    store: EmulatorStore;
    backups: BackupStore;
    contents: SiteContents;
    outcomes: ForcedOutcomes;
    behaviour: BehaviourSettings;
}

/** Answer of `GET /_emulator/state/<site id>/backups`: every stored backup, deleted ones and secrets included. */
export interface StoredBackupList {
    value: BackupItemModel[];
    /** `value.length`. */
    count: number;
    /** How many backups have each status. */
    byStatus: Partial<Record<BackupItemStatus, number>>;
}

/**
 * The control API's App Service operations: site content, stored backups (raw, secrets included,
 * editable out of band), timings and forced outcomes. Errors use the ARM envelope.
 */
export class AppServiceControlHandler {
    constructor(private readonly deps: AppServiceControlDependencies) {}

    /** The site's content (the default start page when none was set). */
    getSiteContent(target: SiteTarget): SiteContent {
        return this.deps.contents.get(this.siteIdOf(target));
    }

    /** Replaces the site's content. */
    putSiteContent(target: SiteTarget, body: unknown): SiteContent {
        const siteId = this.siteIdOf(target);
        const content = parseSiteContent(body, "body");
        if (typeof content === "string") throw badRequest(content);
        return this.deps.contents.put(siteId, content);
    }

    /** Every stored backup of the site or slot, with counts. */
    listBackups(target: SiteTarget): StoredBackupList {
        const value = this.deps.backups.list(this.siteIdOf(target));
        const byStatus: StoredBackupList["byStatus"] = {};
        for (const backup of value) byStatus[backup.properties.status] = (byStatus[backup.properties.status] ?? 0) + 1;
        return { value, count: value.length, byStatus };
    }

    /** One stored backup, secrets included, whatever its status. */
    getBackup(target: SiteTarget, backupId: string): BackupItemModel {
        const backup = /^\d+$/.test(backupId) ? this.deps.backups.get(this.siteIdOf(target), backupId) : undefined;
        if (!backup) throw notFound(`The site has no backup with id '${backupId}'.`);
        return backup;
    }

    /** JSON-merge-patches the stored backup's `properties` (e.g. `{status: "Deleted"}`); `id` cannot change. */
    patchBackup(target: SiteTarget, backupId: string, patch: unknown): BackupItemModel {
        if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw badRequest("The body must be a JSON object to merge into 'properties'.");
        const { id, status } = patch as Record<string, unknown>;
        if (id !== undefined) throw badRequest("A backup's 'id' cannot be changed.");
        if (status !== undefined && !BACKUP_ITEM_STATUSES.includes(status as BackupItemStatus)) {
            throw badRequest(`'status' must be one of ${BACKUP_ITEM_STATUSES.join(", ")}.`);
        }
        const backup = this.getBackup(target, backupId);
        backup.properties = jsonMergePatch(backup.properties, patch) as BackupItemProperties;
        return this.deps.backups.replace(backup);
    }

    /** Makes a backup vanish (record only; its blob stays). */
    deleteBackup(target: SiteTarget, backupId: string): void {
        this.deps.backups.delete(this.getBackup(target, backupId).id);
    }

    /** Current timings and page size. */
    behaviour(): AppServiceBehaviour {
        return this.deps.behaviour.get();
    }

    /** Changes some timings; the rest stay. */
    updateBehaviour(update: unknown): AppServiceBehaviour {
        const problem = validateBehaviourUpdate(update);
        if (problem) throw badRequest(problem);
        return this.deps.behaviour.update(update as Partial<AppServiceBehaviour>);
    }

    /** Registers a forced outcome. */
    addOutcome(input: unknown): ForcedOutcome {
        const problem = validateForcedOutcomeInput(input);
        if (problem) throw badRequest(problem);
        return this.deps.outcomes.add(input as ForcedOutcomeInput);
    }

    /** Registered forced outcomes. */
    listOutcomes(): ForcedOutcome[] {
        return this.deps.outcomes.list();
    }

    /** Forgets every forced outcome; returns how many there were. */
    clearOutcomes(): number {
        const count = this.deps.outcomes.list().length;
        this.deps.outcomes.clear();
        return count;
    }

    private siteIdOf(target: SiteTarget): string {
        return requireSite(this.deps.store, target).site.id;
    }
}

function badRequest(message: string): ArmError {
    return new ArmError(400, "BadRequest", message);
}

function notFound(message: string): ArmError {
    return new ArmError(404, "NotFound", message);
}
