import type { ArmRoute } from "../platform/arm/armOperation";
import type { Clock } from "../platform/clock";
import type { EmulatorStore } from "../platform/state/store";
import type { ControlRoute } from "../control/controlRouteHelpers";

/** What the shared platform hands a service when the server composes it. */
export interface ServiceContext {
    /** The emulated control plane: subscriptions, resource groups and every service's resources. */
    store: EmulatorStore;
    /** Server time, skewable through the control API. */
    clock: Clock;
    /** The emulator's CA (PEM): it also signs the certificate of the storage the services write to. */
    caPem: string;
    /** Base URL of this server (known once it listens), for absolute `nextLink` and poll URLs. */
    baseUrl: () => string;
}

/**
 * One emulated service, registered into the server: its operations on the ARM surface, its part of
 * the control API, and what it keeps outside the store. The server routes, authenticates and counts
 * every service's requests the same way; a new service is a new module, not an edit of another.
 */
export interface ServiceModule {
    /** Short name (`appservice`), for messages. */
    readonly name: string;
    /** Accepted api-versions per provider namespace it serves (`{"Microsoft.Web": [...]}`). */
    readonly apiVersions: Readonly<Record<string, readonly string[]>>;
    /** Routes on the ARM surface: behind api-version checks, bearer auth, faults and the request log. */
    readonly armRoutes: readonly ArmRoute[];
    /** Routes under `/_emulator/`: seeding, state edits and knobs of this service (no auth, no faults). */
    readonly controlRoutes: readonly ControlRoute[];
    /** Starts what must run before the server answers (a child process); resolves once it is ready. */
    start?(): Promise<void>;
    /** Forgets what it keeps outside the store (background work, operations, knobs): part of `POST /_emulator/reset`. */
    reset(): void;
    /** Cancels background work and stops what `start` started; safe after a failed start. */
    close(): Promise<void>;
}
