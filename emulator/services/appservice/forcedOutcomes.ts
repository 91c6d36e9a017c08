import { randomUUID } from "node:crypto";

/** What a forced outcome applies to. */
export type OutcomeKind = "backup" | "restore" | "delete";

/** Outcomes that can be forced, by kind (`Succeeded` is what happens unless forced). */
export const FORCEABLE_OUTCOMES: Readonly<Record<OutcomeKind, readonly string[]>> = Object.freeze({
    backup: ["Failed", "TimedOut", "PartiallySucceeded", "Skipped"],
    restore: ["Failed"],
    delete: ["DeleteFailed"],
});

/** Body of `POST /_emulator/appservice/outcomes`. */
export interface ForcedOutcomeInput {
    kind: OutcomeKind;
    /** One of {@link FORCEABLE_OUTCOMES} for the kind. */
    outcome: string;
    /** The backup's `log` (or the restore's error message); a default per outcome otherwise. */
    log?: string;
    /** How many operations it applies to; default 1; `"all"` for every one until cleared. */
    count?: number | "all";
    /** Only operations on this site or slot (ARM id, any casing): the backed-up site, the restore's target. */
    siteId?: string;
}

/** A registered forced outcome. */
export interface ForcedOutcome {
    id: string;
    kind: OutcomeKind;
    outcome: string;
    log: string;
    siteId?: string;
    /** Operations it will still apply to. */
    remaining: number | "all";
    /** Operations it has applied to. */
    applied: number;
}

/** What an operation should end with instead of succeeding. */
export interface OutcomeOverride {
    outcome: string;
    log: string;
}

/** Default texts, in the service's register. */
export const DEFAULT_OUTCOME_LOGS: Readonly<Record<string, string>> = Object.freeze({
    "backup/Failed": "The backup operation failed. An unexpected error occurred while creating the backup of the site.",
    "backup/TimedOut": "The backup operation did not complete within the allowed time and was cancelled.",
    "backup/PartiallySucceeded":
        "The backup succeeded, but some files could not be backed up because they could not be read (an exclusive lock was placed on them): site/wwwroot/app.lock",
    "backup/Skipped": "The backup was skipped because the schedule triggered too many backups.",
    "restore/Failed": "The restore operation failed. An unexpected error occurred while restoring the site.",
    // A deletion usually fails because the SAS stored with the backup has expired.
    "delete/DeleteFailed": "Storage access failed. The remote server returned an error: (403) Forbidden.",
});

/** Why `input` is not a valid {@link ForcedOutcomeInput}, or undefined when it is. */
export function validateForcedOutcomeInput(input: unknown): string | undefined {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return "The body must be a JSON object.";
    const { kind, outcome, log, count, siteId } = input as Record<string, unknown>;
    if (kind !== "backup" && kind !== "restore" && kind !== "delete") return "'kind' must be 'backup', 'restore' or 'delete'.";
    const allowed = FORCEABLE_OUTCOMES[kind];
    if (typeof outcome !== "string" || !allowed.includes(outcome)) return `'outcome' of a ${kind} must be one of ${allowed.join(", ")}.`;
    if (log !== undefined && typeof log !== "string") return "'log' must be a string.";
    if (count !== undefined && count !== "all" && !(typeof count === "number" && Number.isInteger(count) && count > 0)) {
        return "'count' must be a positive integer or 'all'.";
    }
    if (siteId !== undefined && typeof siteId !== "string") return "'siteId' must be an ARM id string.";
    return undefined;
}

/**
 * Forced outcomes of backups, restores and deletions: the next N operations (of one site, or of
 * any) end the forced way. Operations pick the oldest matching rule.
 */
export class ForcedOutcomes {
    private rules: ForcedOutcome[] = [];

    /** Registers a validated input. */
    add(input: ForcedOutcomeInput): ForcedOutcome {
        const rule: ForcedOutcome = {
            id: randomUUID(),
            kind: input.kind,
            outcome: input.outcome,
            log: input.log ?? DEFAULT_OUTCOME_LOGS[`${input.kind}/${input.outcome}`] ?? input.outcome,
            ...(input.siteId !== undefined ? { siteId: input.siteId } : {}),
            remaining: input.count ?? 1,
            applied: 0,
        };
        this.rules.push(rule);
        return structuredClone(rule);
    }

    /** Registered rules with their counters. */
    list(): ForcedOutcome[] {
        return structuredClone(this.rules);
    }

    /** Forgets every rule. */
    clear(): void {
        this.rules = [];
    }

    /** Consumes the first rule for this kind and site, if any. */
    take(kind: OutcomeKind, siteOrSlotId: string): OutcomeOverride | undefined {
        const rule = this.rules.find((candidate) => candidate.kind === kind && (candidate.siteId === undefined || sameId(candidate.siteId, siteOrSlotId)));
        if (!rule) return undefined;
        rule.applied++;
        if (rule.remaining !== "all") {
            rule.remaining--;
            if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
        }
        return { outcome: rule.outcome, log: rule.log };
    }
}

function sameId(a: string, b: string): boolean {
    return a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();
}
