import { ConfigurationError } from "./errors";

/**
 * Where ARM and the token authority are, and what to trust. Sovereign clouds change all three
 * together; set them together:
 *
 * | cloud         | DECLARATIVE_BACKUPS_ARM_ENDPOINT        | DECLARATIVE_BACKUPS_ARM_AUDIENCE         | AZURE_AUTHORITY_HOST                 |
 * |---------------|-----------------------------------------|------------------------------------------|--------------------------------------|
 * | public        | https://management.azure.com (default)  | https://management.azure.com/ (default)  | https://login.microsoftonline.com    |
 * | US Government | https://management.usgovcloudapi.net    | https://management.usgovcloudapi.net/    | https://login.microsoftonline.us     |
 * | China         | https://management.chinacloudapi.cn     | https://management.chinacloudapi.cn/     | https://login.chinacloudapi.cn       |
 *
 * A local emulator keeps the public audience and points the endpoint and authority at itself,
 * trusting its CA through DECLARATIVE_BACKUPS_CA_FILE or NODE_EXTRA_CA_CERTS.
 */
export interface AzureSettings {
    /** ARM base URL, no trailing slash. DECLARATIVE_BACKUPS_ARM_ENDPOINT; default https://management.azure.com. */
    armEndpoint: string;
    /** Token audience. DECLARATIVE_BACKUPS_ARM_AUDIENCE; default https://management.azure.com/. Scope = audience without trailing slash + "/.default". */
    audience: string;
    /** Microsoft Entra authority host. AZURE_AUTHORITY_HOST, as @azure/identity reads it. */
    authorityHost?: string;
    /** True when `authorityHost` is set and is not a known Microsoft login host (no public discovery call then). */
    disableInstanceDiscovery: boolean;
    /** Extra CA (PEM file) trusted besides Node's defaults and NODE_EXTRA_CA_CERTS. DECLARATIVE_BACKUPS_CA_FILE. */
    caFile?: string;
}

/** Environment variable names read by `resolveAzureSettings`. */
export const azureSettingsEnvVars = Object.freeze({
    armEndpoint: "DECLARATIVE_BACKUPS_ARM_ENDPOINT",
    audience: "DECLARATIVE_BACKUPS_ARM_AUDIENCE",
    authorityHost: "AZURE_AUTHORITY_HOST",
    caFile: "DECLARATIVE_BACKUPS_CA_FILE",
});

/** Public-cloud defaults. */
export const defaultArmEndpoint = "https://management.azure.com";
/** Public-cloud ARM audience. */
export const defaultArmAudience = "https://management.azure.com/";

/** Microsoft Entra hosts MSAL knows; any other authority host is assumed private and skips instance discovery. */
export const knownAuthorityHosts: ReadonlySet<string> = new Set([
    "login.microsoftonline.com",
    "login.windows.net",
    "login.microsoft.com",
    "sts.windows.net",
    "login.microsoftonline.us",
    "login.usgovcloudapi.net",
    "login-us.microsoftonline.com",
    "login.chinacloudapi.cn",
    "login.partner.microsoftonline.cn",
    "login.microsoftonline.de",
]);

function nonEmpty(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
}

function httpUrl(value: string, name: string): URL {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new ConfigurationError(`${name} must be an absolute URL such as https://management.azure.com; got "${value}"`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigurationError(`${name} must be an https URL; got "${value}"`);
    return url;
}

/** True when `authorityHost` is one of Microsoft's own login hosts. */
export function isKnownAuthorityHost(authorityHost: string): boolean {
    try {
        return knownAuthorityHosts.has(new URL(authorityHost).hostname.toLowerCase());
    } catch {
        return false;
    }
}

/**
 * Reads the settings from the environment (at call time: call it inside provider methods, never at
 * program time), then applies `overrides`. `disableInstanceDiscovery` follows the final authority host
 * unless overridden. Throws a ConfigurationError naming the variable when a URL is unusable.
 */
export function resolveAzureSettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AzureSettings> = {}): AzureSettings {
    const armEndpoint = overrides.armEndpoint ?? nonEmpty(env[azureSettingsEnvVars.armEndpoint]) ?? defaultArmEndpoint;
    const audience = overrides.audience ?? nonEmpty(env[azureSettingsEnvVars.audience]) ?? defaultArmAudience;
    const authorityHost = "authorityHost" in overrides ? overrides.authorityHost : nonEmpty(env[azureSettingsEnvVars.authorityHost]);
    const caFile = "caFile" in overrides ? overrides.caFile : nonEmpty(env[azureSettingsEnvVars.caFile]);

    httpUrl(armEndpoint, azureSettingsEnvVars.armEndpoint);
    httpUrl(audience, azureSettingsEnvVars.audience);
    if (authorityHost) httpUrl(authorityHost, azureSettingsEnvVars.authorityHost);

    const settings: AzureSettings = {
        armEndpoint: armEndpoint.replace(/\/+$/, ""),
        audience,
        disableInstanceDiscovery: overrides.disableInstanceDiscovery ?? (authorityHost !== undefined && !isKnownAuthorityHost(authorityHost)),
    };
    if (authorityHost) settings.authorityHost = authorityHost;
    if (caFile) settings.caFile = caFile;
    return settings;
}

/** The token scope for ARM calls: the audience without its trailing slash, plus "/.default". */
export function armTokenScope(settings: Pick<AzureSettings, "audience">): string {
    return `${settings.audience.replace(/\/+$/, "")}/.default`;
}
