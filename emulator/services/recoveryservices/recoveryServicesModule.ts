import type { ServiceContext, ServiceModule } from "../serviceModule";
import { RecoveryServicesBehaviourSettings } from "./behaviour";
import { RecoveryServicesControlHandler } from "./control/recoveryServicesControlHandler";
import { recoveryServicesControlRoutes } from "./control/recoveryServicesControlRoutes";
import { ForcedFailures } from "./forcedFailures";
import { BackupsHandler } from "./handlers/backupsHandler";
import { RestoresHandler } from "./handlers/restoresHandler";
import { ItemLevelRecoveryConnectionsHandler } from "./handlers/itemLevelRecoveryConnectionsHandler";
import { RestoreWork } from "./work/restores";
import { BackupJobsHandler } from "./handlers/backupJobsHandler";
import type { HandlerDependencies } from "./handlers/handlerDependencies";
import { ProtectableItemsHandler } from "./handlers/protectableItemsHandler";
import { ProtectedItemsHandler } from "./handlers/protectedItemsHandler";
import { ProtectionContainersHandler } from "./handlers/protectionContainersHandler";
import { ProtectionIntentHandler } from "./handlers/protectionIntentHandler";
import { ProtectionPoliciesHandler } from "./handlers/protectionPoliciesHandler";
import { RecoveryPointsHandler } from "./handlers/recoveryPointsHandler";
import { VaultConfigHandler } from "./handlers/vaultConfigHandler";
import { recoveryServicesRoutes } from "./routes";
import { BackupClock } from "./state/backupClock";
import { BackupStore } from "./state/backupStore";
import { BackupOperations } from "./work/backupOperations";
import { BackupRuns } from "./work/backupRuns";
import { AutoProtection } from "./work/autoProtection";
import { BackupTimeline } from "./work/backupTimeline";
import type { BackupWorkDependencies } from "./work/backupWork";
import { ContainerWork } from "./work/containerWork";
import { Discovery } from "./work/discovery";
import { JobBook } from "./work/jobBook";
import { ProtectionWork } from "./work/protectionWork";

/**
 * Microsoft.RecoveryServices api-versions accepted by default: the widely used 2023-04-01 … 2025-08-01
 * (2023-06-01 is the official JS client's default) and the newest stable, 2026-11-01 (azure-backup.md).
 */
export const DEFAULT_RECOVERY_SERVICES_API_VERSIONS: readonly string[] = [
    "2023-04-01",
    "2023-06-01",
    "2023-08-01",
    "2024-01-01",
    "2024-02-01",
    "2024-04-01",
    "2024-07-30",
    "2024-10-01",
    "2025-02-01",
    "2025-08-01",
    "2026-11-01",
];

/** Options of {@link createRecoveryServicesModule}. */
export interface RecoveryServicesModuleOptions {
    /** Accepted Microsoft.RecoveryServices api-versions; default {@link DEFAULT_RECOVERY_SERVICES_API_VERSIONS}. */
    apiVersions?: readonly string[];
}

/**
 * The Azure Backup (Microsoft.RecoveryServices) emulation, composed: state, the backup clock (the
 * server clock plus what the control API adds) and its timeline, operations and jobs, the ARM
 * handlers and their route table, the control routes.
 */
export function createRecoveryServicesModule(context: ServiceContext, options: RecoveryServicesModuleOptions = {}): ServiceModule {
    const store = new BackupStore(context.store);
    const clock = new BackupClock(context.clock);
    const behaviour = new RecoveryServicesBehaviourSettings();
    const failures = new ForcedFailures();
    const jobs = new JobBook(store);
    const operations = new BackupOperations(jobs);
    const work: BackupWorkDependencies = { store, operations, jobs, clock, behaviour: () => behaviour.get(), failures };
    const discovery = new Discovery(store);
    const runs = new BackupRuns(work);
    const protection = new ProtectionWork(work, runs);
    const autoProtection = new AutoProtection(work, protection);
    const containers = new ContainerWork(work, discovery, autoProtection);
    const timeline = new BackupTimeline(work, runs, protection);
    const deps: HandlerDependencies = { store, operations, discovery, protection, autoProtection, containers, runs, clock, behaviour: () => behaviour.get() };
    const items = new ProtectedItemsHandler(deps);
    const policies = new ProtectionPoliciesHandler(deps);
    const catchUp = () => timeline.catchUp();
    const fileRecovery = new ItemLevelRecoveryConnectionsHandler(deps, items, failures);
    const armRoutes = recoveryServicesRoutes(
        {
            policies,
            protectable: new ProtectableItemsHandler(deps),
            containers: new ProtectionContainersHandler(deps),
            items,
            recoveryPoints: new RecoveryPointsHandler(deps, items),
            backups: new BackupsHandler(deps, items),
            restores: new RestoresHandler(deps, items, new RestoreWork(work, runs)),
            fileRecovery,
            jobs: new BackupJobsHandler(deps),
            intents: new ProtectionIntentHandler(deps),
            vault: new VaultConfigHandler(deps),
        },
        { catchUp, baseUrl: context.baseUrl, retryAfterSeconds: () => behaviour.get().retryAfterSeconds },
    );
    const control = new RecoveryServicesControlHandler({ fileRecovery, store, clock, behaviour, failures, policies, protection, runs, catchUp });
    return {
        name: "recoveryservices",
        apiVersions: { "Microsoft.RecoveryServices": options.apiVersions ?? DEFAULT_RECOVERY_SERVICES_API_VERSIONS },
        armRoutes,
        controlRoutes: recoveryServicesControlRoutes(control, catchUp),
        /** Forgets operations, forced failures, knobs, the clock's lead and the known vaults (the store is cleared by the platform). */
        reset: () => {
            operations.clear();
            failures.clear();
            behaviour.reset();
            clock.reset();
            store.reset();
            runs.reset();
        },
        // Nothing runs in the background: work happens when requests catch the timeline up.
        close: async () => undefined,
    };
}
