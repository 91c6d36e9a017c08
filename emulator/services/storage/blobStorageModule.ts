import { ArmError } from "../../platform/arm/armErrors";
import { ok, route } from "../../control/controlRouteHelpers";
import type { ServiceModule } from "../serviceModule";
import { startAzurite, type AzuriteProcess } from "./azurite";
import { createAccountKey, DEFAULT_STORAGE_ACCOUNT_NAME, type BlobStorageInfo } from "./storageAccount";

/** Options of {@link createBlobStorageModule}. */
export interface BlobStorageModuleOptions {
    /** False: no Azurite; backups then fail as the service fails when it cannot reach storage. */
    isEnabled: boolean;
    /** Bind address of Azurite. */
    host: string;
    /** The emulator's server certificate and key (PEM files), which Azurite serves too. */
    certFile: string;
    keyFile: string;
    /** Where Azurite keeps blob contents; default in memory. */
    persistence?: "memory" | "disk";
}

/** The blob storage service: no ARM routes, one control route, and Azurite as a child process. */
export interface BlobStorageModule extends ServiceModule {
    /** Endpoint, account and key once started; undefined before, or when disabled. */
    readonly info: BlobStorageInfo | undefined;
}

/**
 * Blob storage for backups to write to: Azurite's blob service as a child process, over TLS with the
 * emulator's own server certificate (so whoever trusts the emulator trusts its storage), one account
 * whose key is new at every start (Azurite's well-known development key is never accepted).
 */
export function createBlobStorageModule(options: BlobStorageModuleOptions): BlobStorageModule {
    let started: Promise<{ info: BlobStorageInfo; process: AzuriteProcess }> | undefined;
    let info: BlobStorageInfo | undefined;
    return {
        name: "storage",
        apiVersions: {},
        armRoutes: [],
        controlRoutes: [
            route("GET", "/_emulator/storage", "GetStorage", () => {
                if (!info) throw new ArmError(404, "NotFound", "This emulator runs no blob storage.");
                return ok(info);
            }),
        ],
        get info() {
            return info;
        },
        start: async () => {
            if (!options.isEnabled) return;
            started = startStorage(options);
            info = (await started).info;
        },
        // Blobs outlive a reset: tests use fresh container names instead.
        reset: () => {},
        close: async () => {
            const running = await started?.catch(() => undefined);
            await running?.process.stop();
        },
    };
}

async function startStorage(options: BlobStorageModuleOptions): Promise<{ info: BlobStorageInfo; process: AzuriteProcess }> {
    const accountName = DEFAULT_STORAGE_ACCOUNT_NAME;
    const accountKey = createAccountKey();
    const azurite = await startAzurite({ host: options.host, certFile: options.certFile, keyFile: options.keyFile, accountName, accountKey, persistence: options.persistence });
    return { info: { blobEndpoint: `${azurite.serviceUrl}/${accountName}`, accountName, accountKey }, process: azurite };
}
