/**
 * Shapes exchanged over the App Service part of the control API. Type-only re-exports keep the
 * control client free of server code at run time.
 */
import type { SiteContent } from "../state/models";

export type {
    BackupConfigurationModel,
    BackupItemModel,
    BackupItemProperties,
    BackupItemStatus,
    BackupRequestProperties,
    SiteContent,
    SiteModel,
    SlotModel,
} from "../state/models";
export type { AppServiceBehaviour } from "../behaviour";
export type { ForcedOutcome, ForcedOutcomeInput, OutcomeKind } from "../forcedOutcomes";
export type { StoredBackupList } from "./appServiceControlHandler";

/** Body of `PUT .../sites/{name}` and `.../slots/{slot}`. */
export interface SiteSeed {
    /** Defaults to the resource group's (for a slot: the site's) location. */
    location?: string;
    /** Defaults to `app`. */
    kind?: string;
    tags?: Record<string, string>;
    /** Files and app settings the site serves (what backups capture); either map may be omitted. */
    content?: Partial<SiteContent>;
}
