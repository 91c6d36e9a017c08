import { randomUUID } from "node:crypto";
import { FAULT_DEFAULTS, type FaultRule, type FaultRuleInput } from "./faultRule";
import { seededRandom } from "./seededRandom";

/** The parts of a request a fault rule matches on. */
export interface FaultCandidate {
    method: string;
    /** Decoded path without query. */
    path: string;
    /** Whether the request is on the ARM surface (rules without a pathPattern only apply there). */
    isArm: boolean;
}

interface ActiveRule {
    rule: FaultRule;
    pattern?: RegExp;
    random: () => number;
}

/**
 * Holds the registered fault rules and decides, request by request, which one (if any) fires.
 * Rules are tried in registration order; the first that fires wins. A rule with `count` retires
 * after that many injections.
 */
export class FaultInjector {
    private rules: ActiveRule[] = [];

    /** Registers a (validated) rule and returns it with its id. */
    add(input: FaultRuleInput): FaultRule {
        const rule: FaultRule = { ...input, id: randomUUID(), matched: 0, injected: 0 };
        if (input.count !== undefined) rule.remaining = input.count;
        const pattern = input.pathPattern !== undefined ? new RegExp(input.pathPattern, "i") : undefined;
        this.rules.push({ rule, pattern, random: seededRandom(input.seed ?? FAULT_DEFAULTS.seed) });
        return { ...rule };
    }

    /** The rules still active. */
    list(): FaultRule[] {
        return this.rules.map((active) => ({ ...active.rule }));
    }

    /** Removes one rule; false when unknown. */
    remove(id: string): boolean {
        const before = this.rules.length;
        this.rules = this.rules.filter((active) => active.rule.id !== id);
        return this.rules.length !== before;
    }

    /** Removes every rule. */
    clear(): void {
        this.rules = [];
    }

    /** The rule to inject into this request, if any; updates counters and retires spent rules. */
    pick(candidate: FaultCandidate): FaultRule | undefined {
        for (const active of this.rules) {
            if (!matches(active, candidate)) continue;
            active.rule.matched++;
            // Each matching request draws once, so the sequence of hits depends only on the seed.
            if (active.rule.rate !== undefined && active.random() >= active.rule.rate) continue;
            active.rule.injected++;
            if (active.rule.remaining !== undefined) {
                active.rule.remaining--;
                if (active.rule.remaining <= 0) this.remove(active.rule.id);
            }
            return { ...active.rule };
        }
        return undefined;
    }
}

function matches(active: ActiveRule, candidate: FaultCandidate): boolean {
    const { rule, pattern } = active;
    if (rule.method !== undefined && rule.method.toUpperCase() !== candidate.method.toUpperCase()) return false;
    if (pattern) return pattern.test(candidate.path);
    return candidate.isArm;
}
