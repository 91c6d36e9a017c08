import type { AccessToken, TokenCredential } from "@azure/identity";
import { abortable } from "../util/abortable";

/** Options of `TokenCache`. */
export interface TokenCacheOptions {
    /** Clock (tests move it). */
    now?: () => number;
}

/** Options of one `TokenCache.getToken` call. */
export interface GetCachedTokenOptions {
    /** Gives up waiting (the shared refresh itself goes on for other callers). */
    signal?: AbortSignal;
    /** A token the service refused: if it is the cached one, it is dropped and a new one fetched. */
    rejectedToken?: string;
}

interface CacheEntry {
    token?: AccessToken;
    /** When to fetch a new token, ahead of expiry. */
    refreshAt: number;
    /** The one refresh in flight, shared by every caller. */
    inFlight?: Promise<AccessToken>;
}

/** Longest head start taken on expiry. */
export const maxRefreshMarginMs = 2 * 60_000;

/**
 * When to refresh a token obtained at `obtainedAt`: ahead of expiry by min(2 min, a quarter of its
 * lifetime), or at the credential's own `refreshAfterTimestamp` if that is sooner.
 */
export function refreshTimeOf(token: AccessToken, obtainedAt: number): number {
    const lifetime = Math.max(0, token.expiresOnTimestamp - obtainedAt);
    const refreshAt = token.expiresOnTimestamp - Math.min(maxRefreshMarginMs, lifetime / 4);
    return token.refreshAfterTimestamp ? Math.min(refreshAt, token.refreshAfterTimestamp) : refreshAt;
}

/**
 * Caches access tokens per scope for the whole process. A token is reused until its refresh time;
 * then one refresh runs while concurrent callers wait on it. If that refresh fails while the old
 * token is still valid, the old token is used (and the next call tries again).
 */
export class TokenCache {
    private readonly entries = new Map<string, CacheEntry>();
    private readonly now: () => number;

    constructor(
        private readonly credential: TokenCredential,
        options: TokenCacheOptions = {},
    ) {
        this.now = options.now ?? Date.now;
    }

    /** Returns a usable token for `scope`, fetching one only when needed. */
    async getToken(scope: string, options: GetCachedTokenOptions = {}): Promise<string> {
        let entry = this.entries.get(scope);
        if (!entry) this.entries.set(scope, (entry = { refreshAt: 0 }));
        let isForced = false;
        if (options.rejectedToken !== undefined && entry.token?.token === options.rejectedToken) {
            // Only the token that was refused is dropped: when many requests get a 401 for the same
            // token at once, the first drops it and the rest share its refresh.
            entry.token = undefined;
            isForced = true;
        }
        const current = entry.token;
        if (current && this.now() < entry.refreshAt) return current.token;
        entry.inFlight ??= this.refresh(scope, entry, isForced);
        try {
            return (await abortable(entry.inFlight, options.signal)).token;
        } catch (error) {
            if (options.signal?.aborted) throw error;
            if (current && current === entry.token && this.now() < current.expiresOnTimestamp) return current.token;
            throw error;
        }
    }

    /** Forgets every cached token (tests; a changed credential environment). */
    clear(): void {
        this.entries.clear();
    }

    private async refresh(scope: string, entry: CacheEntry, isForced: boolean): Promise<AccessToken> {
        try {
            const token = isForced ? await this.fetchFresh(scope) : await this.credential.getToken(scope);
            if (!token?.token) throw new Error("the credential returned no token");
            entry.token = token;
            entry.refreshAt = refreshTimeOf(token, this.now());
            return token;
        } finally {
            entry.inFlight = undefined;
        }
    }

    // MSAL keeps its own cache and would hand back the very token the service refused (it still looks
    // valid to this machine's clock). A claims request makes MSAL go to the authority; credentials that
    // refuse claims (Azure CLI) are asked again plainly.
    private async fetchFresh(scope: string): Promise<AccessToken | null> {
        try {
            return await this.credential.getToken(scope, { claims: freshTokenClaims(this.now()) });
        } catch {
            return this.credential.getToken(scope);
        }
    }
}

/**
 * The claims request that asks for a token issued no earlier than `nowMs` (the shape ARM uses in its
 * own claims challenges); passing claims also makes MSAL bypass its token cache.
 */
export function freshTokenClaims(nowMs: number): string {
    return JSON.stringify({ access_token: { nbf: { essential: true, value: String(Math.floor(nowMs / 1000)) } } });
}
