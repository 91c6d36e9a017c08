import { randomUUID } from "node:crypto";

/** What a forced outcome applies to. */
export type OutcomeKind = "backup" | "restore";

/** How a forced operation ends (`success` is what happens unless forced). */
export type ForcedStatus = "error" | "aborted";

/** Body of `POST /_emulator/syncano/outcomes`. */
export interface ForcedOutcomeInput {
    kind: OutcomeKind;
    status: ForcedStatus;
    /** The `status_info` it ends with; a default per kind and status otherwise. */
    statusInfo?: string;
    /** How many operations it applies to; default 1; `"all"` for every one until cleared. */
    count?: number | "all";
}

/** A registered forced outcome. */
export interface ForcedOutcome {
    id: string;
    kind: OutcomeKind;
    status: ForcedStatus;
    statusInfo: string;
    /** Operations it will still apply to. */
    remaining: number | "all";
    /** Operations it has applied to. */
    applied: number;
}

/** Default `status_info` texts, in the platform's register. */
export const DEFAULT_STATUS_INFO: Readonly<Record<`${OutcomeKind}/${ForcedStatus}`, string>> = Object.freeze({
    "backup/error": "Internal error occurred.",
    "backup/aborted": "Backup aborted.",
    "restore/error": "Internal error occurred.",
    "restore/aborted": "Restore aborted.",
});

/** Why `input` is not a valid {@link ForcedOutcomeInput}, or undefined when it is. */
export function validateForcedOutcomeInput(input: unknown): string | undefined {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return "The body must be a JSON object.";
    const { kind, status, statusInfo, count } = input as Record<string, unknown>;
    if (kind !== "backup" && kind !== "restore") return "'kind' must be 'backup' or 'restore'.";
    if (status !== "error" && status !== "aborted") return "'status' must be 'error' or 'aborted'.";
    if (statusInfo !== undefined && typeof statusInfo !== "string") return "'statusInfo' must be a string.";
    if (count !== undefined && count !== "all" && !(typeof count === "number" && Number.isInteger(count) && count > 0)) {
        return "'count' must be a positive integer or 'all'.";
    }
    return undefined;
}

/** Forced outcomes: the next N backups or restores end the forced way. Operations take the oldest matching rule. */
export class ForcedOutcomes {
    private rules: ForcedOutcome[] = [];

    /** Registers a validated input. */
    add(input: ForcedOutcomeInput): ForcedOutcome {
        const rule: ForcedOutcome = {
            id: randomUUID(),
            kind: input.kind,
            status: input.status,
            statusInfo: input.statusInfo ?? DEFAULT_STATUS_INFO[`${input.kind}/${input.status}`],
            remaining: input.count ?? 1,
            applied: 0,
        };
        this.rules.push(rule);
        return { ...rule };
    }

    /** Registered rules with their counters. */
    list(): ForcedOutcome[] {
        return this.rules.map((rule) => ({ ...rule }));
    }

    /** Forgets every rule; answers how many there were. */
    clear(): number {
        const count = this.rules.length;
        this.rules = [];
        return count;
    }

    /** Consumes the first rule for this kind, if any. */
    take(kind: OutcomeKind): { status: ForcedStatus; statusInfo: string } | undefined {
        const rule = this.rules.find((candidate) => candidate.kind === kind);
        if (!rule) return undefined;
        rule.applied++;
        if (rule.remaining !== "all") {
            rule.remaining--;
            if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
        }
        return { status: rule.status, statusInfo: rule.statusInfo };
    }
}
