import type { TokenCache } from "../../auth/tokenCache";
import { isTokenRejected } from "../../auth/tokenRejection";
import { AuthenticationError, InsecureConnectionError } from "../../errors";
import type { PipelinePolicy, PipelineRequest } from "../pipelineRequest";

/** Name of the bearer token policy in the pipeline. */
export const bearerTokenPolicyName = "bearerTokenPolicy";

/** Options of `bearerTokenPolicy`. */
export interface BearerTokenPolicyOptions {
    tokenCache: TokenCache;
    /** e.g. "https://management.azure.com/.default". */
    scope: string;
}

function withToken(request: PipelineRequest, token: string): PipelineRequest {
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

/**
 * Signs the request with an access token from the shared cache. Refuses to send a token over anything
 * but https. When the service answers 401 because the token expired or is invalid, drops that token,
 * gets a new one and sends the request once more (safe even for POST: a 401 means nothing was done).
 * https://learn.microsoft.com/azure/azure-resource-manager/management/authenticate-multi-tenant
 */
export function bearerTokenPolicy(options: BearerTokenPolicyOptions): PipelinePolicy {
    const getToken = async (request: PipelineRequest, rejectedToken?: string): Promise<string> => {
        try {
            return await options.tokenCache.getToken(options.scope, { signal: request.signal, rejectedToken });
        } catch (error) {
            if (request.signal?.aborted) throw error;
            throw new AuthenticationError(request.operation, options.scope, error);
        }
    };
    return {
        name: bearerTokenPolicyName,
        phase: "sign",
        async sendRequest(request, next) {
            if (new URL(request.url).protocol !== "https:") throw new InsecureConnectionError(request.operation, request.url);
            const token = await getToken(request);
            const response = await next(withToken(request, token));
            if (!isTokenRejected(response)) return response;
            return next(withToken(request, await getToken(request, token)));
        },
    };
}
