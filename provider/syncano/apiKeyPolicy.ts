import { ConfigurationError } from "../core/errors";
import type { PipelinePolicy } from "../core/http/pipelineRequest";

/** Name of the account key policy in the pipeline. */
export const apiKeyPolicyName = "syncanoApiKeyPolicy";

/** The header Syncano reads the key from (the query parameters would put it in URLs, and so in logs). */
export const apiKeyHeader = "x-api-key";

/** Options of `apiKeyPolicy`. */
export interface ApiKeyPolicyOptions {
    /** Returns the key to send; called per request. */
    getApiKey(): string;
}

/**
 * Signs the request with the account key in `X-API-KEY`. Refuses anything but https: the key is the
 * account's master credential. The log policy runs after this one and never logs headers.
 */
export function apiKeyPolicy(options: ApiKeyPolicyOptions): PipelinePolicy {
    return {
        name: apiKeyPolicyName,
        phase: "sign",
        sendRequest(request, next) {
            const { protocol, host } = new URL(request.url);
            if (protocol !== "https:") throw new ConfigurationError(`${request.operation}: refusing to send the Syncano account key over ${protocol.replace(/:$/, "")} to ${host}; the API must be https`);
            return next({ ...request, headers: { ...request.headers, [apiKeyHeader]: options.getApiKey() } });
        },
    };
}
