import type { RecoveryServicesBehaviour } from "../behaviour";
import type { BackupClock } from "../state/backupClock";
import type { AutoProtection } from "../work/autoProtection";
import type { BackupStore } from "../state/backupStore";
import type { BackupOperations } from "../work/backupOperations";
import type { BackupRuns } from "../work/backupRuns";
import type { ContainerWork } from "../work/containerWork";
import type { Discovery } from "../work/discovery";
import type { ProtectionWork } from "../work/protectionWork";

/** What the ARM handlers of the Azure Backup emulation reach into. */
export interface HandlerDependencies {
    store: BackupStore;
    operations: BackupOperations;
    discovery: Discovery;
    protection: ProtectionWork;
    autoProtection: AutoProtection;
    containers: ContainerWork;
    runs: BackupRuns;
    clock: BackupClock;
    behaviour: () => RecoveryServicesBehaviour;
}
