import { ConfigurationError } from "../core/errors";
import { caFileEnvVar } from "../core/http/trustedCertificates";

/** Where the Syncano API is and what to trust; read in the provider process, never captured. */
export interface SyncanoSettings {
    /** API origin without a trailing slash; paths add `/v1/…`. */
    baseUrl: string;
    /** Extra CA (PEM file) trusted besides Node's defaults and NODE_EXTRA_CA_CERTS. */
    caFile?: string;
}

/** Environment variable naming the API's base URL (an emulator, or a self-hosted platform). */
export const syncanoUrlEnvVar = "DECLARATIVE_BACKUPS_SYNCANO_URL";

/** The hosted platform's address. */
export const defaultSyncanoUrl = "https://api.syncano.io";

/**
 * Reads the settings from the environment at call time (inside provider methods). The URL must be
 * https: the account key travels in a header.
 */
export function resolveSyncanoSettings(env: NodeJS.ProcessEnv = process.env): SyncanoSettings {
    const raw = env[syncanoUrlEnvVar]?.trim() || defaultSyncanoUrl;
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new ConfigurationError(`${syncanoUrlEnvVar} must be an absolute https URL such as ${defaultSyncanoUrl}; got "${raw}"`);
    }
    if (url.protocol !== "https:") throw new ConfigurationError(`${syncanoUrlEnvVar} must be an https URL (the account key is sent with every request); got "${raw}"`);
    const caFile = env[caFileEnvVar]?.trim();
    return { baseUrl: raw.replace(/\/+$/, ""), ...(caFile ? { caFile } : {}) };
}
