import type { ServiceContext, ServiceModule } from "../serviceModule";
import { StorageAccountsControlHandler } from "./control/storageAccountsControlHandler";
import { storageAccountsControlRoutes } from "./control/storageAccountsControlRoutes";
import { StorageAccountsHandler } from "./storageAccountsHandler";
import { storageAccountsRoutes } from "./storageAccountsRoutes";

/** Microsoft.Storage api-versions accepted by default (recent stable versions of the storage account API). */
export const DEFAULT_STORAGE_API_VERSIONS: readonly string[] = ["2023-01-01", "2023-04-01", "2023-05-01", "2024-01-01", "2025-01-01", "2025-06-01"];

/** Options of {@link createStorageAccountsModule}. */
export interface StorageAccountsModuleOptions {
    /** Accepted Microsoft.Storage api-versions; default {@link DEFAULT_STORAGE_API_VERSIONS}. */
    apiVersions?: readonly string[];
}

/**
 * The read-only Microsoft.Storage emulation: storage accounts and file shares seeded through the
 * control API (shares with files, so backups capture something), readable over ARM on their own ids.
 * Not the blob data plane: `services/storage` (Azurite) serves that.
 */
export function createStorageAccountsModule(context: ServiceContext, options: StorageAccountsModuleOptions = {}): ServiceModule {
    return {
        name: "storageaccounts",
        apiVersions: { "Microsoft.Storage": options.apiVersions ?? DEFAULT_STORAGE_API_VERSIONS },
        armRoutes: storageAccountsRoutes(new StorageAccountsHandler(context.store)),
        controlRoutes: storageAccountsControlRoutes(new StorageAccountsControlHandler(context.store)),
        // Everything lives in the shared store, which the platform's reset clears.
        reset: () => undefined,
        close: async () => undefined,
    };
}
