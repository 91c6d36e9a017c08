import type { ServiceContext, ServiceModule } from "../serviceModule";
import { ComputeHandler } from "./computeHandler";
import { computeRoutes } from "./computeRoutes";
import { ComputeControlHandler } from "./control/computeControlHandler";
import { computeControlRoutes } from "./control/computeControlRoutes";
import { SqlServerControlHandler } from "./control/sqlServerControlHandler";

/** Microsoft.Compute api-versions accepted by default (recent stable versions of the VM API). */
export const DEFAULT_COMPUTE_API_VERSIONS: readonly string[] = ["2023-03-01", "2023-07-01", "2023-09-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01"];

/** Options of {@link createComputeModule}. */
export interface ComputeModuleOptions {
    /** Accepted Microsoft.Compute api-versions; default {@link DEFAULT_COMPUTE_API_VERSIONS}. */
    apiVersions?: readonly string[];
}

/**
 * The read-only Microsoft.Compute emulation: VMs seeded through the control API, readable over ARM
 * on their own ids (what a backup provider checks at preview), with their data disks' LUNs, and the
 * SQL Server instances and databases inside them (what Azure Backup's SQL workloads discover).
 */
export function createComputeModule(context: ServiceContext, options: ComputeModuleOptions = {}): ServiceModule {
    return {
        name: "compute",
        apiVersions: { "Microsoft.Compute": options.apiVersions ?? DEFAULT_COMPUTE_API_VERSIONS },
        armRoutes: computeRoutes(new ComputeHandler(context.store)),
        controlRoutes: computeControlRoutes(new ComputeControlHandler(context.store), new SqlServerControlHandler(context.store)),
        // Everything lives in the shared store, which the platform's reset clears.
        reset: () => undefined,
        close: async () => undefined,
    };
}
