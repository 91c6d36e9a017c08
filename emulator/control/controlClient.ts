import { withAppServiceControl } from "../services/appservice/control/appServiceControlClient";
import { withComputeControl } from "../services/compute/control/computeControlClient";
import { withRecoveryServicesControl } from "../services/recoveryservices/control/recoveryServicesControlClient";
import { withStorageAccountsControl } from "../services/storageaccounts/control/storageAccountsControlClient";
import { withBlobStorageControl } from "../services/storage/blobStorageControlClient";
import { ControlClientBase, type EmulatorControlOptions } from "./controlClientBase";

export { EmulatorControlError, isEmulatorControlError, type EmulatorControlOptions } from "./controlClientBase";
export type { SiteSeedPlan, WaitForBackupOptions } from "../services/appservice/control/appServiceControlClient";
export type { BlobSummary, ContainerSasOptions } from "../services/storage/blobStorageClient";
export type { VaultRef, WaitForItemOptions } from "../services/recoveryservices/control/recoveryServicesControlClient";

/**
 * Typed client of the emulator's control API (`/_emulator/...`): the shared part plus one part per
 * emulated service, composed into the one object tests use as `emulator.control`. A new service
 * adds its part to this chain.
 */
export class EmulatorControl extends withRecoveryServicesControl(withStorageAccountsControl(withComputeControl(withBlobStorageControl(withAppServiceControl(ControlClientBase))))) {
    constructor(options: EmulatorControlOptions) {
        super(options);
    }
}
