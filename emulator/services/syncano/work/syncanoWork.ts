import type { Scheduler } from "../../../platform/scheduler";
import type { SyncanoBehaviour } from "../behaviour";
import type { ForcedOutcomes } from "../forcedOutcomes";
import type { BackupStore } from "../state/backupStore";
import type { InstanceStore } from "../state/instanceStore";
import type { RestoreStore } from "../state/restoreStore";
import type { MicrosecondClock } from "../state/syncanoTime";

/** What the background work of backups and restores reads and writes. */
export interface SyncanoWork {
    backups: BackupStore;
    restores: RestoreStore;
    instances: InstanceStore;
    outcomes: ForcedOutcomes;
    scheduler: Scheduler;
    behaviour: () => SyncanoBehaviour;
    clock: MicrosecondClock;
}
