import { pollDefaults } from "./armOperation";

/** Environment variable overriding the wait between looks at a running operation (tests set it low). */
export const pollIntervalEnvVar = "DECLARATIVE_BACKUPS_POLL_INTERVAL_MS";

/** The wait between polls: DECLARATIVE_BACKUPS_POLL_INTERVAL_MS when set to a positive number, else the LRO default. */
export function resolvePollIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
    const value = Number(env[pollIntervalEnvVar]);
    return Number.isFinite(value) && value > 0 ? value : pollDefaults.intervalMs;
}
