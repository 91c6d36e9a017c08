/** Timings, paging and discovery knobs of the emulated Azure Backup, settable through the control API. */
export interface RecoveryServicesBehaviour {
    /** How long a container refresh (discovery) runs. */
    refreshMs: number;
    /** How long an inquiry of a container runs. */
    inquireMs: number;
    /** How long registering a container runs (when `registerMode` is `async`). */
    registerMs: number;
    /** How long unregistering a container runs. */
    unregisterMs: number;
    /** How long ConfigureBackup runs (protecting, changing policy). */
    configureMs: number;
    /** How long DisableBackup runs (stop protection, keep data). */
    disableMs: number;
    /** How long DeleteBackupData runs (stop protection, delete data). */
    deleteMs: number;
    /** How long Undelete runs. */
    undeleteMs: number;
    /** How long a backup runs, from its scheduled time to its recovery point. */
    backupMs: number;
    /** How long a restore runs. */
    restoreMs: number;
    /** How long a running job takes to go from Cancelling to Cancelled. */
    cancelMs: number;
    /** How long provisioning (and revoking) an item-level recovery session runs. */
    ilrProvisionMs: number;
    /** How long an item-level recovery session lasts once provisioned (the service's lasts 12 hours). */
    ilrSessionMs: number;
    /** `Retry-After` of 202 answers and running polls; the live service says 60. */
    retryAfterSeconds: number;
    /** Items per page of protectable items and jobs (small by default, so clients follow `nextLink`). */
    pageSize: number;
    /** `async`: register answers 202 and runs as an operation; `sync`: 200 with the container. */
    registerMode: "async" | "sync";
    /** First-page list calls of AzureStorage protectable items after a refresh before discovered shares show. */
    fileShareVisibleAfterListCalls: number;
    /** Run the first scheduled backup as soon as protection is configured, instead of at the policy's next time. */
    firstBackupImmediately: boolean;
}

/** Defaults: short enough for tests, long enough that a poller sees a 202 before the end. */
export const DEFAULT_RECOVERY_SERVICES_BEHAVIOUR: Readonly<RecoveryServicesBehaviour> = Object.freeze({
    refreshMs: 200,
    inquireMs: 200,
    registerMs: 200,
    unregisterMs: 200,
    configureMs: 300,
    disableMs: 200,
    deleteMs: 200,
    undeleteMs: 200,
    backupMs: 300,
    restoreMs: 300,
    cancelMs: 100,
    ilrProvisionMs: 200,
    ilrSessionMs: 43_200_000,
    retryAfterSeconds: 1,
    pageSize: 2,
    registerMode: "async",
    fileShareVisibleAfterListCalls: 0,
    firstBackupImmediately: false,
});

type NumericSetting = Exclude<keyof RecoveryServicesBehaviour, "registerMode" | "firstBackupImmediately">;

// Durations run on the backup clock, so a day-long backup only takes as long as the clock is left to run.

const LIMITS: Record<NumericSetting, { minimum: number; maximum: number }> = {
    refreshMs: { minimum: 0, maximum: 86_400_000 },
    inquireMs: { minimum: 0, maximum: 86_400_000 },
    registerMs: { minimum: 0, maximum: 86_400_000 },
    unregisterMs: { minimum: 0, maximum: 86_400_000 },
    configureMs: { minimum: 0, maximum: 86_400_000 },
    disableMs: { minimum: 0, maximum: 86_400_000 },
    deleteMs: { minimum: 0, maximum: 86_400_000 },
    undeleteMs: { minimum: 0, maximum: 86_400_000 },
    backupMs: { minimum: 0, maximum: 86_400_000 },
    restoreMs: { minimum: 0, maximum: 86_400_000 },
    cancelMs: { minimum: 0, maximum: 86_400_000 },
    ilrProvisionMs: { minimum: 0, maximum: 86_400_000 },
    ilrSessionMs: { minimum: 1000, maximum: 7 * 86_400_000 },
    retryAfterSeconds: { minimum: 0, maximum: 60 },
    pageSize: { minimum: 1, maximum: 1000 },
    fileShareVisibleAfterListCalls: { minimum: 0, maximum: 1000 },
};

/** Why `update` is not a valid partial {@link RecoveryServicesBehaviour}, or undefined when it is. */
export function validateBehaviourUpdate(update: unknown): string | undefined {
    if (typeof update !== "object" || update === null || Array.isArray(update)) return "The body must be a JSON object.";
    for (const [name, value] of Object.entries(update)) {
        if (name === "registerMode") {
            if (value !== "async" && value !== "sync") return "'registerMode' must be 'async' or 'sync'.";
            continue;
        }
        if (name === "firstBackupImmediately") {
            if (typeof value !== "boolean") return "'firstBackupImmediately' must be true or false.";
            continue;
        }
        const limits = LIMITS[name as NumericSetting];
        if (!limits) return `Unknown setting '${name}'; known: ${Object.keys(DEFAULT_RECOVERY_SERVICES_BEHAVIOUR).join(", ")}.`;
        if (typeof value !== "number" || !Number.isInteger(value) || value < limits.minimum || value > limits.maximum) {
            return `'${name}' must be an integer from ${limits.minimum} to ${limits.maximum}.`;
        }
    }
    return undefined;
}

/** The current {@link RecoveryServicesBehaviour}: read by every operation, changed by the control API. */
export class RecoveryServicesBehaviourSettings {
    private value: RecoveryServicesBehaviour = { ...DEFAULT_RECOVERY_SERVICES_BEHAVIOUR };

    /** A copy of the current settings. */
    get(): RecoveryServicesBehaviour {
        return { ...this.value };
    }

    /** Applies a validated partial update; returns the new settings. */
    update(update: Partial<RecoveryServicesBehaviour>): RecoveryServicesBehaviour {
        this.value = { ...this.value, ...update };
        return this.get();
    }

    /** Back to the defaults. */
    reset(): void {
        this.value = { ...DEFAULT_RECOVERY_SERVICES_BEHAVIOUR };
    }
}
