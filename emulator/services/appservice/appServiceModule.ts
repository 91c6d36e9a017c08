import { BlobTransfer } from "../storage/blobTransfer";
import type { ServiceContext, ServiceModule } from "../serviceModule";
import { Scheduler } from "../../platform/scheduler";
import { BehaviourSettings } from "./behaviour";
import { AppServiceControlHandler } from "./control/appServiceControlHandler";
import { appServiceControlRoutes } from "./control/appServiceControlRoutes";
import { ForcedOutcomes } from "./forcedOutcomes";
import { BackupConfigurationHandler } from "./handlers/backupConfigurationHandler";
import { WebAppBackupsHandler } from "./handlers/webAppBackupsHandler";
import { appServiceRoutes } from "./routes";
import { BackupStore } from "./state/backupStore";
import { SiteContents } from "./state/siteContents";
import { BackupDeletions } from "./work/backupDeletions";
import { BackupRuns } from "./work/backupRuns";
import type { BackupWorkDependencies } from "./work/backupWork";
import { RestoreOperations } from "./work/restoreOperations";

/**
 * Microsoft.Web api-versions accepted by default: 2024-11-01 and newer stable versions of the
 * WebApps spec (2025-03-01, 2026-03-15 per the reference), plus those the spec examples and recent
 * SDKs use.
 */
export const DEFAULT_WEB_API_VERSIONS: readonly string[] = ["2024-11-01", "2025-03-01", "2025-05-01", "2026-03-15", "2026-09-01"];

/** Options of {@link createAppServiceModule}. */
export interface AppServiceModuleOptions {
    /** Accepted Microsoft.Web api-versions; default {@link DEFAULT_WEB_API_VERSIONS}. */
    apiVersions?: readonly string[];
}

/**
 * The App Service (Microsoft.Web) backup emulation: backup configuration, on-demand backups,
 * deletions, SAS rotation and restores on the ARM surface; seeding, stored state, timings and forced
 * outcomes on the control API; and the background work behind both.
 */
export function createAppServiceModule(context: ServiceContext, options: AppServiceModuleOptions = {}): ServiceModule {
    const { store, clock, caPem, baseUrl } = context;
    const scheduler = new Scheduler();
    const behaviour = new BehaviourSettings();
    const outcomes = new ForcedOutcomes();
    const backups = new BackupStore(store);
    const contents = new SiteContents(store);
    const work: BackupWorkDependencies = { backups, contents, blobs: new BlobTransfer({ caPem }), scheduler, behaviour: () => behaviour.get(), clock };
    const restores = new RestoreOperations(work, store);
    const backupsHandler = new WebAppBackupsHandler({
        store,
        backups,
        runs: new BackupRuns(work),
        deletions: new BackupDeletions(work),
        restores,
        outcomes,
        behaviour: () => behaviour.get(),
        clock,
        baseUrl,
    });
    return {
        name: "appservice",
        apiVersions: { "Microsoft.Web": options.apiVersions ?? DEFAULT_WEB_API_VERSIONS },
        armRoutes: appServiceRoutes(new BackupConfigurationHandler(store, clock), backupsHandler),
        controlRoutes: appServiceControlRoutes(new AppServiceControlHandler({ store, backups, contents, outcomes, behaviour })),
        reset: () => {
            scheduler.cancelAll();
            restores.clear();
            outcomes.clear();
            behaviour.reset();
            backups.reset();
        },
        close: () => scheduler.close(),
    };
}
