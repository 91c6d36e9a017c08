import type { PipelinePolicy } from "../pipelineRequest";

/** Name of the user agent policy in the pipeline. */
export const userAgentPolicyName = "userAgentPolicy";

/** Options of `userAgentPolicy`. */
export interface UserAgentPolicyOptions {
    /** Put in front of ours, e.g. "my-app/1.2". */
    userAgentPrefix?: string;
}

/** Our part of the User-Agent: names the package and runtime, so Azure-side logs can tell our calls apart. */
export const packageUserAgent = `declarative-backups node/${process.versions.node} (${process.platform}; ${process.arch})`;

/** Sets the User-Agent header: the caller's prefix, then the package and runtime. */
export function userAgentPolicy(options: UserAgentPolicyOptions = {}): PipelinePolicy {
    const userAgent = options.userAgentPrefix ? `${options.userAgentPrefix} ${packageUserAgent}` : packageUserAgent;
    return {
        name: userAgentPolicyName,
        phase: "serialize",
        sendRequest(request, next) {
            return next({ ...request, headers: { ...request.headers, "user-agent": userAgent } });
        },
    };
}
