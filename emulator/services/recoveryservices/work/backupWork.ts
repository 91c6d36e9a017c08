import type { RecoveryServicesBehaviour } from "../behaviour";
import type { ForcedFailures } from "../forcedFailures";
import type { BackupClock } from "../state/backupClock";
import type { BackupStore } from "../state/backupStore";
import type { BackupOperations } from "./backupOperations";
import type { JobBook } from "./jobBook";

/** What the background work of the emulated Azure Backup shares: state, operations, jobs, clock, knobs. */
export interface BackupWorkDependencies {
    store: BackupStore;
    operations: BackupOperations;
    jobs: JobBook;
    clock: BackupClock;
    behaviour: () => RecoveryServicesBehaviour;
    failures: ForcedFailures;
}
