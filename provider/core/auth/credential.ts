import { AsyncLocalStorage } from "node:async_hooks";
import { DefaultAzureCredential, type AccessToken, type DefaultAzureCredentialOptions, type GetTokenOptions, type TokenCredential } from "@azure/identity";
import type { AzureSettings } from "../azureSettings";
import { loadTrustedCertificates } from "../http/trustedCertificates";
import { registerSecret } from "../redact/sanitizer";
import { withSignInContext, type AuthorityAnswer, type SignInContext } from "./credentialFailure";

type IdentityPolicy = NonNullable<DefaultAzureCredentialOptions["additionalPolicies"]>[number]["policy"];

/** The failed authority exchanges of the token request in progress (one list per getToken call). */
const authorityFailures = new AsyncLocalStorage<AuthorityAnswer[]>();

// @azure/identity's EnvironmentCredential reports every failure as "Status code: 400" and MSAL reports an
// unknown tenant and a closed port alike (endpoints_resolution_error), so the authority's own answer is
// recorded where it happens: this policy runs in identity's pipeline, outside its retries.
function recordAuthorityFailures(authorityHost: string): IdentityPolicy {
    let authorityOrigin: string | undefined;
    try {
        authorityOrigin = new URL(authorityHost).origin;
    } catch {
        // identity itself refuses a malformed authority host, with its own message
    }
    return {
        name: "declarativeBackupsRecordAuthorityFailures",
        async sendRequest(request, next) {
            // Only the authority counts: managed identity's probe of the instance metadata endpoint goes
            // through this pipeline too, and its failure says nothing about the authority.
            const url = new URL(request.url);
            const record = (answer: Omit<AuthorityAnswer, "host">): void => {
                if (url.origin === authorityOrigin) authorityFailures.getStore()?.push({ host: url.host, ...answer });
            };
            try {
                const response = await next(request);
                if (response.status >= 400) record({ status: response.status, body: response.bodyAsText ?? undefined });
                return response;
            } catch (error) {
                const { code, statusCode } = error as { code?: string; statusCode?: number };
                record(statusCode ? { status: statusCode } : { errorCode: code ?? "no answer" });
                throw error;
            }
        },
    };
}

/**
 * A credential that builds `DefaultAzureCredential` on first use, with the configured authority host
 * and instance discovery. Nothing is read at creation: the environment (AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, managed identity, Azure CLI, …) is read when the first token is
 * needed, inside the provider process, so no credential is ever captured into serialized provider code.
 * When a CA file is configured, the token requests trust it too. A failure carries who signed in where
 * and what the authority answered, for `describeCredentialFailure`.
 */
export function createDefaultCredential(settings: Pick<AzureSettings, "authorityHost" | "disableInstanceDiscovery" | "caFile">): TokenCredential {
    let credential: Promise<TokenCredential> | undefined;
    let signIn: SignInContext = {};
    const build = async (): Promise<TokenCredential> => {
        // The same fallbacks @azure/identity applies.
        const authorityHost = settings.authorityHost ?? process.env.AZURE_AUTHORITY_HOST ?? "https://login.microsoftonline.com";
        signIn = { tenantId: process.env.AZURE_TENANT_ID, clientId: process.env.AZURE_CLIENT_ID, authorityHost };
        // Scrubbed from every message of this package, whatever a library puts into its errors.
        if (process.env.AZURE_CLIENT_SECRET) registerSecret(process.env.AZURE_CLIENT_SECRET);
        const ca = settings.caFile ? await loadTrustedCertificates(settings.caFile) : undefined;
        return new DefaultAzureCredential({
            ...(settings.authorityHost ? { authorityHost: settings.authorityHost } : {}),
            disableInstanceDiscovery: settings.disableInstanceDiscovery,
            ...(ca ? { tlsOptions: { ca } } : {}),
            additionalPolicies: [{ policy: recordAuthorityFailures(authorityHost), position: "perCall" }],
        });
    };
    return {
        async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
            const failures: AuthorityAnswer[] = [];
            try {
                credential ??= build().catch((error: unknown) => {
                    credential = undefined; // a fixed CA file or environment is picked up on the next call
                    throw error;
                });
                const built = await credential;
                return await authorityFailures.run(failures, () => built.getToken(scopes, options));
            } catch (error) {
                throw withSignInContext(error, { ...signIn, answer: failures.at(-1) });
            }
        },
    };
}
