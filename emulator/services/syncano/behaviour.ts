/** Timings and limits of the emulated Syncano platform, settable through the control API. */
export interface SyncanoBehaviour {
    /** How long a new backup stays `scheduled`. */
    scheduledMs: number;
    /** How long a backup stays `running` before it ends. */
    runningMs: number;
    /** How long a restore stays `running` (after `scheduledMs` as `scheduled`) before the data is replaced. */
    restoreMs: number;
    /** Requests per second an account may make before 429 (the platform: 60). */
    throttlePerSecond: number;
    /** `Retry-After` of throttled answers. */
    retryAfterSeconds: number;
    /** Largest partial backup archive; a larger one ends `error` (the platform: 5 MB). */
    partialSizeLimitBytes: number;
    /** Backups an account may keep, failed ones included, unless the account sets its own (the seed: 25). */
    backupsPerAccount: number;
}

/** Defaults: realistic but fast; tests shorten the timings further. */
export const DEFAULT_SYNCANO_BEHAVIOUR: Readonly<SyncanoBehaviour> = Object.freeze({
    scheduledMs: 200,
    runningMs: 500,
    restoreMs: 500,
    throttlePerSecond: 60,
    retryAfterSeconds: 1,
    partialSizeLimitBytes: 5 * 1024 * 1024,
    backupsPerAccount: 25,
});

const LIMITS: Record<keyof SyncanoBehaviour, { minimum: number; maximum: number }> = {
    scheduledMs: { minimum: 0, maximum: 600_000 },
    runningMs: { minimum: 0, maximum: 600_000 },
    restoreMs: { minimum: 0, maximum: 600_000 },
    throttlePerSecond: { minimum: 1, maximum: 1_000_000 },
    retryAfterSeconds: { minimum: 0, maximum: 3600 },
    partialSizeLimitBytes: { minimum: 1, maximum: 1024 * 1024 * 1024 },
    backupsPerAccount: { minimum: 0, maximum: 100_000 },
};

/** Why `update` is not a valid partial {@link SyncanoBehaviour}, or undefined when it is. */
export function validateBehaviourUpdate(update: unknown): string | undefined {
    if (typeof update !== "object" || update === null || Array.isArray(update)) return "The body must be a JSON object.";
    for (const [name, value] of Object.entries(update)) {
        const limits = LIMITS[name as keyof SyncanoBehaviour];
        if (!limits) return `Unknown setting '${name}'; known: ${Object.keys(LIMITS).join(", ")}.`;
        if (typeof value !== "number" || !Number.isInteger(value) || value < limits.minimum || value > limits.maximum) {
            return `'${name}' must be an integer from ${limits.minimum} to ${limits.maximum}.`;
        }
    }
    return undefined;
}

/** The current {@link SyncanoBehaviour}: read by every step, changed by the control API. */
export class SyncanoBehaviourSettings {
    private value: SyncanoBehaviour;

    /** `defaults` override {@link DEFAULT_SYNCANO_BEHAVIOUR} (the emulator's options), also after `reset`. */
    constructor(private readonly defaults: Partial<SyncanoBehaviour> = {}) {
        this.value = { ...DEFAULT_SYNCANO_BEHAVIOUR, ...defaults };
    }

    /** A copy of the current settings. */
    get(): SyncanoBehaviour {
        return { ...this.value };
    }

    /** Applies a validated partial update; returns the new settings. */
    update(update: Partial<SyncanoBehaviour>): SyncanoBehaviour {
        this.value = { ...this.value, ...update };
        return this.get();
    }

    /** Back to the defaults. */
    reset(): void {
        this.value = { ...DEFAULT_SYNCANO_BEHAVIOUR, ...this.defaults };
    }
}
