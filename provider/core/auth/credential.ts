import { DefaultAzureCredential, type AccessToken, type GetTokenOptions, type TokenCredential } from "@azure/identity";
import type { AzureSettings } from "../azureSettings";
import { loadTrustedCertificates } from "../http/trustedCertificates";

/**
 * A credential that builds `DefaultAzureCredential` on first use, with the configured authority host
 * and instance discovery. Nothing is read at creation: the environment (AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, managed identity, Azure CLI, …) is read when the first token is
 * needed, inside the provider process, so no credential is ever captured into serialized provider code.
 * When a CA file is configured, the token requests trust it too.
 */
export function createDefaultCredential(settings: Pick<AzureSettings, "authorityHost" | "disableInstanceDiscovery" | "caFile">): TokenCredential {
    let credential: Promise<TokenCredential> | undefined;
    const build = async (): Promise<TokenCredential> => {
        const ca = settings.caFile ? await loadTrustedCertificates(settings.caFile) : undefined;
        return new DefaultAzureCredential({
            ...(settings.authorityHost ? { authorityHost: settings.authorityHost } : {}),
            disableInstanceDiscovery: settings.disableInstanceDiscovery,
            ...(ca ? { tlsOptions: { ca } } : {}),
        });
    };
    return {
        async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
            credential ??= build().catch((error: unknown) => {
                credential = undefined; // a fixed CA file or environment is picked up on the next call
                throw error;
            });
            return (await credential).getToken(scopes, options);
        },
    };
}
