import type { AccessToken, TokenCredential } from "@azure/identity";
import type { Logger } from "../../../../provider/core/log";

/** A TokenCredential that hands out `FAKEtoken-1`, `FAKEtoken-2`, … and counts calls. */
export interface FakeCredential extends TokenCredential {
    calls: number;
    scopes: string[];
}

/** Builds a fake credential; `lifetimeMs` sets each token's expiry, `delayMs` how long getToken takes. */
export function fakeCredential(options: { lifetimeMs?: number; delayMs?: number; now?: () => number; fail?: (call: number) => Error | undefined } = {}): FakeCredential {
    const credential: FakeCredential = {
        calls: 0,
        scopes: [],
        async getToken(scopes: string | string[]): Promise<AccessToken | null> {
            const call = ++credential.calls;
            credential.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
            if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
            const failure = options.fail?.(call);
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
