import * as assert from "node:assert/strict";
import { parseRetryAfterMs } from "../../../provider/core/http/retryAfter";
import { backoffDelayMs, exponentialRetryStrategy } from "../../../provider/core/http/retryStrategies/exponentialRetryStrategy";
import { defaultRetryOptions, resolveRetryOptions, retryBaseDelayEnvVar } from "../../../provider/core/http/retryStrategies/retryOptions";
import type { RetryContext } from "../../../provider/core/http/retryStrategies/retryStrategy";
import { throttlingRetryStrategy } from "../../../provider/core/http/retryStrategies/throttlingRetryStrategy";
import { TransportError } from "../../../provider/core/errors";

const now = Date.parse("2026-03-01T12:00:00Z");

function response(status: number, headers: Record<string, string> = {}): RetryContext {
    return { retryCount: 0, isIdempotent: true, response: { status, headers } };
}

function connectionError(code: string, isIdempotent = true): RetryContext {
    const cause = Object.assign(new Error(`connect ${code}`), { code });
    return { retryCount: 0, isIdempotent, error: new TransportError({ operation: "Op", method: "PUT", url: "https://x/y", attempts: 1, causeCode: code, cause }) };
}

describe("parseRetryAfterMs", () => {
    it("reads each header form, in precedence order", () => {
        assert.equal(parseRetryAfterMs({ "retry-after-ms": "250" }), 250);
        assert.equal(parseRetryAfterMs({ "x-ms-retry-after-ms": "1500" }), 1500);
        assert.equal(parseRetryAfterMs({ "retry-after": "3" }), 3000);
        assert.equal(parseRetryAfterMs({ "retry-after": "Sun, 01 Mar 2026 12:00:07 GMT" }, now), 7000);
        assert.equal(parseRetryAfterMs({ "retry-after-ms": "10", "x-ms-retry-after-ms": "20", "retry-after": "30" }), 10);
        assert.equal(parseRetryAfterMs({ "x-ms-retry-after-ms": "20", "retry-after": "30" }), 20);
    });

    it("gives 0 for a past date and undefined for nothing usable", () => {
        assert.equal(parseRetryAfterMs({ "retry-after": "Sun, 01 Mar 2026 11:00:00 GMT" }, now), 0);
        assert.equal(parseRetryAfterMs({}), undefined);
        assert.equal(parseRetryAfterMs({ "retry-after": "soon" }), undefined);
        assert.equal(parseRetryAfterMs({ "retry-after-ms": "-5" }), undefined);
    });
});

describe("throttlingRetryStrategy", () => {
    const strategy = throttlingRetryStrategy({ maxRetryAfterMs: 60_000, now: () => now });

    it("waits what 429 and 503 ask, in every header form", () => {
        assert.deepEqual(strategy.decide(response(429, { "retry-after": "2" })), { action: "retry", delayInMs: 2000, reason: "429 with Retry-After 2000 ms" });
        assert.equal((strategy.decide(response(503, { "retry-after-ms": "120" })) as { delayInMs: number }).delayInMs, 120);
        assert.equal((strategy.decide(response(429, { "x-ms-retry-after-ms": "80" })) as { delayInMs: number }).delayInMs, 80);
        assert.equal((strategy.decide(response(429, { "retry-after": "Sun, 01 Mar 2026 12:00:05 GMT" })) as { delayInMs: number }).delayInMs, 5000);
    });

    it("caps the wait at maxRetryAfterMs", () => {
        assert.equal((strategy.decide(response(429, { "retry-after": "3600" })) as { delayInMs: number }).delayInMs, 60_000);
    });

    it("applies to non-idempotent requests too: the server refused before acting", () => {
        assert.equal(strategy.decide({ ...response(429, { "retry-after": "1" }), isIdempotent: false }).action, "retry");
    });

    it("leaves other answers, and throttling without a header, to the next strategy", () => {
        assert.deepEqual(strategy.decide(response(429)), { action: "skip" });
        assert.deepEqual(strategy.decide(response(500, { "retry-after": "1" })), { action: "skip" });
        assert.deepEqual(strategy.decide(connectionError("ECONNRESET")), { action: "skip" });
    });
});

describe("exponentialRetryStrategy", () => {
    const fixed = (random: number) => exponentialRetryStrategy({ baseDelayMs: 500, maxDelayMs: 30_000, random: () => random });

    it("retries transient statuses and connection errors for idempotent requests", () => {
        for (const status of [408, 429, 500, 502, 503, 504]) assert.equal(fixed(0.5).decide(response(status)).action, "retry", String(status));
        for (const code of ["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]) {
            assert.equal(fixed(0.5).decide(connectionError(code)).action, "retry", code);
        }
    });

    it("never retries other 4xx, successes, or unknown errors", () => {
        for (const status of [200, 201, 204, 400, 401, 403, 404, 409, 412]) assert.deepEqual(fixed(0.5).decide(response(status)), { action: "skip" }, String(status));
        assert.deepEqual(fixed(0.5).decide({ retryCount: 0, isIdempotent: true, error: new Error("boom") }), { action: "skip" });
        assert.deepEqual(fixed(0.5).decide(connectionError("CERT_HAS_EXPIRED")), { action: "skip" });
    });

    it("retries a non-idempotent request only when the server cannot have acted on it", () => {
        const strategy = fixed(0.5);
        assert.equal(strategy.decide(connectionError("ECONNREFUSED", false)).action, "retry");
        assert.equal(strategy.decide(connectionError("UND_ERR_CONNECT_TIMEOUT", false)).action, "retry");
        assert.equal(strategy.decide({ ...response(429), isIdempotent: false }).action, "retry");
        assert.equal(strategy.decide({ ...response(503), isIdempotent: false }).action, "retry");
        for (const code of ["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "ETIMEDOUT"]) assert.equal(strategy.decide(connectionError(code, false)).action, "giveUp", code);
        for (const status of [500, 502, 504, 408]) assert.equal(strategy.decide({ ...response(status), isIdempotent: false }).action, "giveUp", String(status));
    });

    it("finds the code through causes and AggregateError", () => {
        const aggregate = Object.assign(new AggregateError([Object.assign(new Error("refused"), { code: "ECONNREFUSED" })], "all refused"), {});
        assert.equal(fixed(0.5).decide({ retryCount: 0, isIdempotent: false, error: aggregate }).action, "retry");
        const closed = new Error("other side closed");
        assert.equal(fixed(0.5).decide({ retryCount: 0, isIdempotent: true, error: new Error("wrapped", { cause: closed }) }).action, "retry");
    });

    it("keeps full-jitter delays within [0, min(max, base·2^n)]", () => {
        const options = { baseDelayMs: 500, maxDelayMs: 30_000 };
        for (let retryCount = 0; retryCount < 12; retryCount++) {
            const ceiling = Math.min(30_000, 500 * 2 ** retryCount);
            assert.equal(backoffDelayMs(retryCount, { ...options, random: () => 0 }), 0);
            assert.ok(backoffDelayMs(retryCount, { ...options, random: () => 0.999999 }) <= ceiling);
            assert.ok(backoffDelayMs(retryCount, { ...options, random: () => 0.999999 }) >= ceiling - 1);
            for (let i = 0; i < 50; i++) {
                const delay = backoffDelayMs(retryCount, options);
                assert.ok(delay >= 0 && delay <= ceiling, `${delay} within [0, ${ceiling}]`);
            }
        }
        assert.equal(backoffDelayMs(1000, { ...options, random: () => 0.5 }), 15_000);
    });
});

describe("retry options", () => {
    it("lists the defaults together", () => {
        assert.deepEqual({ ...defaultRetryOptions }, { maxRetries: 8, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 });
    });

    it("takes baseDelayMs from DECLARATIVE_BACKUPS_RETRY_BASE_MS, explicit options winning", () => {
        assert.equal(resolveRetryOptions({}, { [retryBaseDelayEnvVar]: "5" }).baseDelayMs, 5);
        assert.equal(resolveRetryOptions({ baseDelayMs: 7 }, { [retryBaseDelayEnvVar]: "5" }).baseDelayMs, 7);
        assert.equal(resolveRetryOptions({}, { [retryBaseDelayEnvVar]: "nonsense" }).baseDelayMs, 500);
        assert.equal(resolveRetryOptions({ maxRetries: undefined }, {}).maxRetries, 8);
    });
});
