/** What a fault does to a matching request. */
export type FaultKind = "429" | "500" | "503" | "reset" | "resetAfter" | "latency";

/** All fault kinds. */
export const FAULT_KINDS: readonly FaultKind[] = ["429", "500", "503", "reset", "resetAfter", "latency"];

/** A fault to inject, as posted to `POST /_emulator/faults`. */
export interface FaultRuleInput {
    /** HTTP method to match (any when absent). */
    method?: string;
    /**
     * Regular expression matched case-insensitively against the decoded path (no query). Without it
     * the rule applies to ARM routes only; with it, to any non-control route it matches, token
     * routes included.
     */
    pathPattern?: string;
    kind: FaultKind;
    /** Inject into the next N matching requests, then retire. */
    count?: number;
    /** Share (0..1) of matching requests to inject into; deterministic for a given seed. */
    rate?: number;
    /** Seed of the rate's pseudo-random sequence (default 1). */
    seed?: number;
    /** Retry-After of 429 and 503 answers, in seconds (default 1). */
    retryAfterSeconds?: number;
    /** Delay of a latency fault, in milliseconds (default 1000). */
    latencyMs?: number;
}

/** A registered fault, with its id and how often it matched and fired. */
export interface FaultRule extends FaultRuleInput {
    id: string;
    /** Requests that matched method and path. */
    matched: number;
    /** Requests it was injected into. */
    injected: number;
    /** Injections left when `count` was given. */
    remaining?: number;
}

/** Defaults applied to fault inputs. */
export const FAULT_DEFAULTS = { retryAfterSeconds: 1, latencyMs: 1000, seed: 1 } as const;

/** Checks a posted fault; returns the problem as a sentence, or undefined when it is valid. */
export function validateFaultRuleInput(input: unknown): string | undefined {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return "The body must be a JSON object.";
    const rule = input as Record<string, unknown>;
    if (!FAULT_KINDS.includes(rule.kind as FaultKind)) return `'kind' must be one of ${FAULT_KINDS.map((k) => `"${k}"`).join(", ")}.`;
    if (rule.method !== undefined && typeof rule.method !== "string") return "'method' must be a string.";
    if (rule.pathPattern !== undefined) {
        if (typeof rule.pathPattern !== "string") return "'pathPattern' must be a string.";
        try {
            new RegExp(rule.pathPattern, "i");
        } catch (error) {
            return `'pathPattern' is not a valid regular expression: ${(error as Error).message}`;
        }
    }
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && (rule.count as number) > 0)) return "'count' must be a positive integer.";
    if (rule.rate !== undefined && !(typeof rule.rate === "number" && rule.rate >= 0 && rule.rate <= 1)) return "'rate' must be a number from 0 to 1.";
    if (rule.seed !== undefined && !Number.isInteger(rule.seed)) return "'seed' must be an integer.";
    for (const name of ["retryAfterSeconds", "latencyMs"] as const) {
        const value = rule[name];
        if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) return `'${name}' must be a non-negative number.`;
    }
    return undefined;
}
