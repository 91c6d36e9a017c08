import { Agent } from "undici";
import type { AzureSettings } from "../azureSettings";
import { processShared } from "../util/processShared";
import { loadTrustedCertificates } from "./trustedCertificates";

// Connection tuning in one place. ARM answers in seconds; the long waits are LRO polls, which are
// separate short requests, so generous header/body timeouts only guard against a hung connection.
/** undici Agent tuning used for ARM. */
export const httpAgentDefaults = Object.freeze({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connectTimeoutMs: 10_000,
    headersTimeout: 120_000,
    bodyTimeout: 120_000,
});

/**
 * Creates a keep-alive undici Agent. With `caFile`, TLS trusts Node's defaults (NODE_EXTRA_CA_CERTS
 * included) plus that file; without it, Node's defaults apply untouched.
 */
export async function createHttpAgent(settings: Pick<AzureSettings, "caFile">): Promise<Agent> {
    const ca = settings.caFile ? await loadTrustedCertificates(settings.caFile) : undefined;
    return new Agent({
        keepAliveTimeout: httpAgentDefaults.keepAliveTimeout,
        keepAliveMaxTimeout: httpAgentDefaults.keepAliveMaxTimeout,
        headersTimeout: httpAgentDefaults.headersTimeout,
        bodyTimeout: httpAgentDefaults.bodyTimeout,
        connect: { timeout: httpAgentDefaults.connectTimeoutMs, ...(ca ? { ca } : {}) },
    });
}

const agents = processShared("httpAgents.v1", () => new Map<string, Promise<Agent>>());

/** Returns the process-wide Agent for these settings (one per CA file), creating it on first use. */
export function getHttpAgent(settings: Pick<AzureSettings, "caFile">): Promise<Agent> {
    const key = settings.caFile ?? "";
    let agent = agents.get(key);
    if (!agent) {
        agent = createHttpAgent(settings);
        agents.set(key, agent);
        // A failure (unreadable CA file) is not cached: the next call tries again.
        agent.catch(() => agents.delete(key));
    }
    return agent;
}
