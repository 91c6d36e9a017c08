import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import type { Logger } from "../../../../provider/core/log";

/** A TokenCredential that hands out `FAKEtoken-1`, `FAKEtoken-2`, … and counts calls. */
export interface FakeCredential extends TokenCredential {
    calls: number;
    scopes: string[];
    /** The `claims` of each call (undefined when none). */
    claims: Array<string | undefined>;
}

/** Builds a fake credential; `lifetimeMs` sets each token's expiry, `delayMs` how long getToken takes. */
export function fakeCredential(
    options: { lifetimeMs?: number; delayMs?: number; now?: () => number; fail?: (call: number, getTokenOptions?: GetTokenOptions) => Error | undefined } = {},
): FakeCredential {
    const credential: FakeCredential = {
        calls: 0,
        scopes: [],
        claims: [],
        async getToken(scopes: string | string[], getTokenOptions?: GetTokenOptions): Promise<AccessToken | null> {
            const call = ++credential.calls;
            credential.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
            credential.claims.push(getTokenOptions?.claims);
            if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
            const failure = options.fail?.(call, getTokenOptions);
            if (failure) throw failure;
            const now = (options.now ?? Date.now)();
            return { token: `FAKEtoken-${call}`, expiresOnTimestamp: now + (options.lifetimeMs ?? 3600_000) };
        },
    };
    return credential;
}

/** A logger that keeps its lines, for assertions and a quiet test run. */
export interface CapturingLogger extends Logger {
    lines: string[];
}

/** Builds a capturing logger. */
export function capturingLogger(): CapturingLogger {
    const lines: string[] = [];
    return {
        lines,
        info: (msg) => lines.push(`info: ${msg}`),
        warn: (msg) => lines.push(`warn: ${msg}`),
        debug: (msg) => lines.push(`debug: ${msg}`),
    };
}
