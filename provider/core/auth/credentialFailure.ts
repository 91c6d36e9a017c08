/** Why no access token could be had, as far as the credential's error (and the authority's answer) tell. */
export type CredentialFailureKind =
    | "invalidClientSecret"
    | "unknownTenant"
    | "unknownClient"
    | "authorityUnreachable"
    | "authorityUnavailable"
    | "other";

/** The last failed exchange with the token authority during one token request. */
export interface AuthorityAnswer {
    /** host[:port] the request went to. */
    host: string;
    /** HTTP status; absent when no answer came. */
    status?: number;
    /** Response body (Entra's OAuth error JSON). */
    body?: string;
    /** Why no answer came: ECONNREFUSED, ENOTFOUND, ETIMEDOUT, a TLS code, … */
    errorCode?: string;
}

/** Who was signing in, where, and what the authority answered; every field optional. */
export interface SignInContext {
    tenantId?: string;
    clientId?: string;
    /** e.g. https://login.microsoftonline.com */
    authorityHost?: string;
    answer?: AuthorityAnswer;
}

/** A classified credential failure: its kind and the sentence to show first. */
export interface CredentialFailure {
    kind: CredentialFailureKind;
    /** One line: "Azure sign-in failed: <cause> (<code>). <what to do>" */
    summary: string;
}

// Registered, so a context attached by another copy of this module in the process is still found.
const contextKey = Symbol.for("declarative-backups.auth.signInContext");

/** Attaches `context` to a credential's error (hidden from logs) for `describeCredentialFailure`; returns the error. */
export function withSignInContext<E>(error: E, context: SignInContext): E {
    if (typeof error === "object" && error !== null && Object.isExtensible(error)) {
        Object.defineProperty(error, contextKey, { value: context, configurable: true });
    }
    return error;
}

function attachedContext(error: unknown): SignInContext {
    return (typeof error === "object" && error !== null ? (error as Record<symbol, SignInContext | undefined>)[contextKey] : undefined) ?? {};
}

// Codes of a request that got no HTTP answer (Node, undici, core-rest-pipeline, MSAL).
const noAnswerCodes = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ESOCKETTIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_\w+|REQUEST_SEND_ERROR|network_error)$/i;
const genericNoAnswerCodes = /^(REQUEST_SEND_ERROR|network_error)$/i;
const certificateCode = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i;
// OAuth errors Entra uses for failures that may pass by themselves.
const transientOAuthError = /\b(temporarily_unavailable|server_error)\b/;

/** The error, the errors it aggregates and its causes (identity's and MSAL's wrappers nest them). */
function nestedErrors(error: unknown, depth = 0): Record<string, unknown>[] {
    if (typeof error !== "object" || error === null || depth > 5) return [];
    const e = error as Record<string, unknown>;
    const inner = Array.isArray(e.errors) ? e.errors : [];
    return [e, ...[...inner, e.cause].flatMap((x) => nestedErrors(x, depth + 1))];
}

function textsOf(e: Record<string, unknown>): string[] {
    const response = e.errorResponse as Record<string, unknown> | undefined;
    return [e.message, e.errorMessage, response?.error, response?.errorDescription].filter((t): t is string => typeof t === "string");
}

function hostOf(url: string | undefined): string | undefined {
    try {
        return url ? new URL(url).host : undefined;
    } catch {
        return url;
    }
}

function firstAadsts(answer: AuthorityAnswer | undefined, errors: Record<string, unknown>[], text: string): number | undefined {
    try {
        const codes = (JSON.parse(answer?.body ?? "") as { error_codes?: unknown }).error_codes;
        if (Array.isArray(codes) && typeof codes[0] === "number") return codes[0];
    } catch {
        // not JSON: look in the text below
    }
    for (const e of errors) {
        const codes = (e.errorResponse as { errorCodes?: unknown } | undefined)?.errorCodes;
        if (Array.isArray(codes) && typeof codes[0] === "number") return codes[0];
    }
    const match = /AADSTS(\d+)/.exec(`${answer?.body ?? ""}\n${text}`);
    return match ? Number(match[1]) : undefined;
}

/** Why no HTTP answer came, if none did: the recorded answer knows best, else a code in the nested errors. */
function noAnswerCodeOf(answer: AuthorityAnswer | undefined, errors: Record<string, unknown>[]): string | undefined {
    if (answer) return answer.status === undefined ? (answer.errorCode ?? "no answer") : undefined;
    const codes = errors.flatMap((e) => [e.code, e.errorCode]).filter((c): c is string => typeof c === "string" && noAnswerCodes.test(c));
    // The operating system's code (ENOTFOUND) says more than a wrapper's (MSAL's network_error).
    return codes.find((c) => !genericNoAnswerCodes.test(c)) ?? codes[0];
}

/** "AADSTSnnn: <description>" without the trace, correlation and timestamp Entra appends. */
function aadstsSentence(text: string): string | undefined {
    return /AADSTS\d+: .*?(?=\s+Trace ID:|\s+-\s+Correlation ID:|,?\n|$)/.exec(text)?.[0];
}

function firstLine(text: string): string {
    return text.split("\n", 1)[0].trim();
}

/**
 * Names the real cause of a credential failure, most useful first: a wrong secret, an unknown tenant or
 * client (by AADSTS code), an authority that gave no answer, an authority's transient failure, or else
 * the credential's own message. Pure: reads `error` (and the context `withSignInContext` attached) only.
 */
export function describeCredentialFailure(error: unknown, context: SignInContext = attachedContext(error)): CredentialFailure {
    const errors = nestedErrors(error);
    const text = errors.flatMap(textsOf).join("\n");
    const { answer, tenantId, clientId } = context;
    const host = answer?.host ?? hostOf(context.authorityHost) ?? "the configured authority host";
    const client = clientId ? `client ${clientId}` : "the client";
    const inTenant = tenantId ? ` in tenant ${tenantId}` : "";
    const say = (kind: CredentialFailureKind, cause: string): CredentialFailure => ({ kind, summary: `Azure sign-in failed: ${cause}` });

    switch (firstAadsts(answer, errors, text)) {
        case 7000215:
            return say(
                "invalidClientSecret",
                `the client secret is not valid for ${client}${inTenant} (AADSTS7000215). ` +
                    "Set AZURE_CLIENT_SECRET to the value (not the ID) of a current secret of that app registration.",
            );
        case 90002:
            return say(
                "unknownTenant",
                `tenant ${tenantId ?? "(AZURE_TENANT_ID)"} does not exist at ${host} (AADSTS90002). ` +
                    "Check AZURE_TENANT_ID, and that AZURE_AUTHORITY_HOST is the cloud the tenant belongs to.",
            );
        case 700016:
            return say(
                "unknownClient",
                `no application with client id ${clientId ?? "(AZURE_CLIENT_ID)"} exists${inTenant} (AADSTS700016). ` +
                    "Check AZURE_CLIENT_ID (the app registration's Application (client) ID) and AZURE_TENANT_ID.",
            );
    }

    const noAnswerCode = noAnswerCodeOf(answer, errors);
    if (noAnswerCode) {
        const trust = certificateCode.test(noAnswerCode) ? ", or trust its CA with DECLARATIVE_BACKUPS_CA_FILE or NODE_EXTRA_CA_CERTS" : "";
        return say(
            "authorityUnreachable",
            `the token authority at ${host} could not be reached (${noAnswerCode}; no HTTP answer came). ` +
                `Check AZURE_AUTHORITY_HOST and that this machine can reach that host (network, proxy, firewall)${trust}.`,
        );
    }

    // identity's EnvironmentCredential reports every failure as status 400, so only the authority's own status counts.
    const status = answer?.status;
    if ((status !== undefined && (status >= 500 || status === 429)) || (!answer && transientOAuthError.test(text))) {
        const code = [status && `HTTP ${status}`, aadstsSentence(text)?.split(":")[0]].filter(Boolean).join(", ");
        return say(
            "authorityUnavailable",
            `the token authority at ${host} ${status === 429 ? "is throttling sign-ins" : "had a temporary failure"}${code ? ` (${code})` : ""}, ` +
                "and the retries failed too. Try again in a few minutes.",
        );
    }

    const own = aadstsSentence(text) ?? (error instanceof Error ? firstLine(error.message) : firstLine(String(error)));
    return say("other", own || "the credential gave no reason");
}
