import * as assert from "node:assert/strict";
import { AggregateAuthenticationError, AuthenticationError as IdentityAuthenticationError, CredentialUnavailableError } from "@azure/identity";
import { describeCredentialFailure, withSignInContext, type SignInContext } from "../../../provider/core/auth/credentialFailure";
import { AuthenticationError } from "../../../provider/core/errors";

const tenantId = "00000000-0000-0000-0000-0000000000aa";
const clientId = "00000000-0000-0000-0000-0000000000cc";
const who: SignInContext = { tenantId, clientId, authorityHost: "https://login.example.test" };

/** What EnvironmentCredential throws: status 400 whatever happened, the details flattened into text. */
function environmentCredentialError(details: string): IdentityAuthenticationError {
    return new IdentityAuthenticationError(400, {
        error: "EnvironmentCredential authentication failed. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
        error_description: details,
    });
}

function aadBody(code: number, error: string, description: string): string {
    return JSON.stringify({ error, error_description: `AADSTS${code}: ${description} Trace ID: t Correlation ID: c Timestamp: 2026-01-01 00:00:00Z`, error_codes: [code] });
}

describe("describeCredentialFailure", () => {
    it("names a wrong secret from the AADSTS code in identity's flattened description", () => {
        const error = environmentCredentialError(
            "invalid_client: Error(s): 7000215 - Timestamp: 2026-01-01 00:00:00Z - Description: AADSTS7000215: Invalid client secret provided. Trace ID: t",
        );
        assert.deepEqual(describeCredentialFailure(error, who), {
            kind: "invalidClientSecret",
            summary:
                `Azure sign-in failed: the client secret is not valid for client ${clientId} in tenant ${tenantId} (AADSTS7000215). ` +
                "Set AZURE_CLIENT_SECRET to the value (not the ID) of a current secret of that app registration.",
        });
    });

    it("names an unknown tenant from the authority's answer when MSAL only says endpoints_resolution_error", () => {
        const error = environmentCredentialError("endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details");
        const answer = { host: "login.example.test", status: 400, body: aadBody(90002, "invalid_request", `Tenant '${tenantId}' not found.`) };
        const failure = describeCredentialFailure(error, { ...who, answer });
        assert.equal(failure.kind, "unknownTenant");
        assert.equal(
            failure.summary,
            `Azure sign-in failed: tenant ${tenantId} does not exist at login.example.test (AADSTS90002). ` +
                "Check AZURE_TENANT_ID, and that AZURE_AUTHORITY_HOST is the cloud the tenant belongs to.",
        );
    });

    it("names an unknown client from the Entra body identity parsed (errorResponse)", () => {
        const error = new IdentityAuthenticationError(400, aadBody(700016, "unauthorized_client", "Application with identifier 'x' was not found."));
        const failure = describeCredentialFailure(error, who);
        assert.equal(failure.kind, "unknownClient");
        assert.equal(
            failure.summary,
            `Azure sign-in failed: no application with client id ${clientId} exists in tenant ${tenantId} (AADSTS700016). ` +
                "Check AZURE_CLIENT_ID (the app registration's Application (client) ID) and AZURE_TENANT_ID.",
        );
    });

    it("names an authority that gave no answer, from the recorded answer or from the nested error's code", () => {
        const error = environmentCredentialError("endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details");
        const recorded = describeCredentialFailure(error, { ...who, answer: { host: "127.0.0.1:1", errorCode: "ECONNREFUSED" } });
        assert.equal(recorded.kind, "authorityUnreachable");
        assert.equal(
            recorded.summary,
            "Azure sign-in failed: the token authority at 127.0.0.1:1 could not be reached (ECONNREFUSED; no HTTP answer came). " +
                "Check AZURE_AUTHORITY_HOST and that this machine can reach that host (network, proxy, firewall).",
        );
        // A credential used directly: MSAL's network_error wrapping Node's ENOTFOUND, inside an unavailable credential.
        const msal = Object.assign(new Error("network_error: Network request failed"), { errorCode: "network_error", cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }) });
        const nested = describeCredentialFailure(new CredentialUnavailableError("ManagedIdentityCredential: unavailable", { cause: msal }), who);
        assert.equal(nested.kind, "authorityUnreachable");
        assert.match(nested.summary, /at login\.example\.test could not be reached \(ENOTFOUND;/);
        // An untrusted certificate is a missing CA more often than not.
        const tls = describeCredentialFailure(error, { answer: { host: "h:1", errorCode: "SELF_SIGNED_CERT_IN_CHAIN" } });
        assert.match(tls.summary, /\(SELF_SIGNED_CERT_IN_CHAIN; no HTTP answer came\)\. .*trust its CA with DECLARATIVE_BACKUPS_CA_FILE or NODE_EXTRA_CA_CERTS\.$/);
    });

    it("names the authority's transient failures (5xx, 429) by their real status, not identity's 400", () => {
        const error = environmentCredentialError("temporarily_unavailable: Error(s): 90033 - Description: AADSTS90033: A transient error has occurred. Please try again. Trace ID: t");
        const unavailable = describeCredentialFailure(error, { ...who, answer: { host: "login.example.test", status: 503 } });
        assert.deepEqual(unavailable, {
            kind: "authorityUnavailable",
            summary:
                "Azure sign-in failed: the token authority at login.example.test had a temporary failure (HTTP 503, AADSTS90033), " +
                "and the retries failed too. Try again in a few minutes.",
        });
        const throttled = describeCredentialFailure(new Error("throttled"), { answer: { host: "login.example.test", status: 429 } });
        assert.equal(throttled.summary, "Azure sign-in failed: the token authority at login.example.test is throttling sign-ins (HTTP 429), and the retries failed too. Try again in a few minutes.");
        // Without a recorded answer, Entra's OAuth error says it.
        assert.equal(describeCredentialFailure(environmentCredentialError("server_error: AADSTS90100: An internal server error occurred."), who).kind, "authorityUnavailable");
    });

    it("falls back to the AADSTS sentence, or to the credential's own first line", () => {
        const expired = environmentCredentialError(
            "invalid_client: Error(s): 7000222 - Description: AADSTS7000222: The provided client secret keys for app 'x' are expired. Trace ID: t Correlation ID: c",
        );
        assert.deepEqual(describeCredentialFailure(expired, who), {
            kind: "other",
            summary: "Azure sign-in failed: AADSTS7000222: The provided client secret keys for app 'x' are expired.",
        });
        const none = new AggregateAuthenticationError(
            [new CredentialUnavailableError("EnvironmentCredential is unavailable."), new CredentialUnavailableError("Please run 'az login'.")],
            "DefaultAzureCredential failed to retrieve a token from the included credentials.",
        );
        assert.deepEqual(describeCredentialFailure(none), {
            kind: "other",
            summary: "Azure sign-in failed: DefaultAzureCredential failed to retrieve a token from the included credentials.",
        });
        assert.equal(describeCredentialFailure("plain text").summary, "Azure sign-in failed: plain text");
    });

    it("reads the context attached to the error, which AuthenticationError puts first", () => {
        const error = withSignInContext(new Error("AADSTS7000215: Invalid client secret provided. client_secret=FAKEclientSECRET"), who);
        assert.equal(describeCredentialFailure(error).kind, "invalidClientSecret");
        const wrapped = new AuthenticationError("Get", "https://management.azure.com/.default", error);
        assert.equal(wrapped.failure, "invalidClientSecret");
        assert.deepEqual(wrapped.message.split("\n").slice(1), [
            "Get: could not get an Azure access token for scope https://management.azure.com/.default.",
            "Credential error: AADSTS7000215: Invalid client secret provided. client_secret=REDACTED",
        ]);
        assert.ok(!JSON.stringify(Object.keys(error)).includes("tenant"), "the context stays out of logged properties");
    });
});
