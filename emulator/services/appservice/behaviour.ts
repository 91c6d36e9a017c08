/** Timings and paging of the emulated App Service backups, settable through the control API. */
export interface AppServiceBehaviour {
    /** How long a new backup stays `Created`, then how long `InProgress`. */
    backupPhaseMs: number;
    /** How long a deletion stays `DeleteInProgress` before the blob is deleted. */
    deletePhaseMs: number;
    /** How long a restore runs before its blob is read and applied. */
    restoreMs: number;
    /** `Retry-After` of the restore's 202 and of its running polls; 0 allowed. */
    restoreRetryAfterSeconds: number;
    /** Items per page of GET `backups` (small by default, so clients exercise `nextLink`). */
    backupsPageSize: number;
}

/**
 * Defaults: short enough for tests, long enough that a client sees every state. A restore outlasts
 * one `Retry-After`, so a poller at the advertised interval sees a 202 before the 200.
 */
export const DEFAULT_APP_SERVICE_BEHAVIOUR: Readonly<AppServiceBehaviour> = Object.freeze({
    backupPhaseMs: 300,
    deletePhaseMs: 300,
    restoreMs: 1500,
    restoreRetryAfterSeconds: 1,
    backupsPageSize: 2,
});

const LIMITS: Record<keyof AppServiceBehaviour, { minimum: number; maximum: number }> = {
    backupPhaseMs: { minimum: 0, maximum: 600_000 },
    deletePhaseMs: { minimum: 0, maximum: 600_000 },
    restoreMs: { minimum: 0, maximum: 600_000 },
    restoreRetryAfterSeconds: { minimum: 0, maximum: 3600 },
    backupsPageSize: { minimum: 1, maximum: 1000 },
};

/** Why `update` is not a valid partial {@link AppServiceBehaviour}, or undefined when it is. */
export function validateBehaviourUpdate(update: unknown): string | undefined {
    if (typeof update !== "object" || update === null || Array.isArray(update)) return "The body must be a JSON object.";
    for (const [name, value] of Object.entries(update)) {
        const limits = LIMITS[name as keyof AppServiceBehaviour];
        if (!limits) return `Unknown setting '${name}'; known: ${Object.keys(LIMITS).join(", ")}.`;
        if (typeof value !== "number" || !Number.isInteger(value) || value < limits.minimum || value > limits.maximum) {
            return `'${name}' must be an integer from ${limits.minimum} to ${limits.maximum}.`;
        }
    }
    return undefined;
}

/** The current {@link AppServiceBehaviour}: read by every step, changed by the control API. */
export class BehaviourSettings {
    private value: AppServiceBehaviour = { ...DEFAULT_APP_SERVICE_BEHAVIOUR };

    /** A copy of the current settings. */
    get(): AppServiceBehaviour {
        return { ...this.value };
    }

    /** Applies a validated partial update; returns the new settings. */
    update(update: Partial<AppServiceBehaviour>): AppServiceBehaviour {
        this.value = { ...this.value, ...update };
        return this.get();
    }

    /** Back to {@link DEFAULT_APP_SERVICE_BEHAVIOUR}. */
    reset(): void {
        this.value = { ...DEFAULT_APP_SERVICE_BEHAVIOUR };
    }
}
