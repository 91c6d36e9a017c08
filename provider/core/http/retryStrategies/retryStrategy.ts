/** What a strategy sees of one failed attempt. */
export interface RetryContext {
    /** Retries already made (0 after the first attempt). */
    retryCount: number;
    /** Whether the request may be sent twice without harm. */
    isIdempotent: boolean;
    /** The answer, when there was one (header names in lower case). */
    response?: { status: number; headers: Record<string, string> };
    /** The transport failure, when there was no answer. */
    error?: unknown;
}

/** A strategy's verdict: wait and retry, leave the decision to the next strategy, or stop. */
export type RetryDecision =
    | { action: "retry"; delayInMs: number; reason: string }
    | { action: "skip" }
    | { action: "giveUp"; reason: string };

/** A pure decision: the same context always gives the same verdict (jitter aside). The loop lives in retryPolicy. */
export interface RetryStrategy {
    readonly name: string;
    decide(context: RetryContext): RetryDecision;
}
