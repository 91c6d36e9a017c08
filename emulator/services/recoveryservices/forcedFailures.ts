import { randomUUID } from "node:crypto";

/** Operations that can be forced to fail: every job operation, plus refresh and inquiry. */
export const FORCEABLE_OPERATIONS = ["Register", "UnRegister", "ConfigureBackup", "Backup", "Restore", "DisableBackup", "DeleteBackupData", "Undelete", "Refresh", "Inquire", "ProvisionInstantItemRecovery"] as const;

/** One of {@link FORCEABLE_OPERATIONS}. */
export type ForceableOperation = (typeof FORCEABLE_OPERATIONS)[number];

/** Body of `POST /_emulator/recoveryservices/failures`. */
export interface ForcedFailureInput {
    operation: ForceableOperation;
    /** The error code the operation (and its job's `errorDetails`) ends with, e.g. `UserErrorVmNotFound`. */
    code: string;
    /** The error message; a generic one otherwise. */
    message?: string;
    /** How many operations it applies to; default 1; `"all"` for every one until cleared. */
    count?: number | "all";
    /** Only operations on the item or container with this friendly name (VM, share or storage account name; any casing). */
    entityFriendlyName?: string;
}

/** A registered forced failure. */
export interface ForcedFailure {
    id: string;
    operation: ForceableOperation;
    code: string;
    message: string;
    entityFriendlyName?: string;
    /** Operations it will still apply to. */
    remaining: number | "all";
    /** Operations it has applied to. */
    applied: number;
}

/** Why `input` is not a valid {@link ForcedFailureInput}, or undefined when it is. */
export function validateForcedFailureInput(input: unknown): string | undefined {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return "The body must be a JSON object.";
    const { operation, code, message, count, entityFriendlyName } = input as Record<string, unknown>;
    if (!FORCEABLE_OPERATIONS.includes(operation as ForceableOperation)) return `'operation' must be one of ${FORCEABLE_OPERATIONS.join(", ")}.`;
    if (typeof code !== "string" || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(code)) return "'code' must be an error code (letters, digits, '_' and '.').";
    if (message !== undefined && typeof message !== "string") return "'message' must be a string.";
    if (count !== undefined && count !== "all" && !(typeof count === "number" && Number.isInteger(count) && count > 0)) return "'count' must be a positive integer or 'all'.";
    if (entityFriendlyName !== undefined && typeof entityFriendlyName !== "string") return "'entityFriendlyName' must be a string.";
    return undefined;
}

/**
 * Forced failures of Azure Backup operations: the next N operations of a kind (on one entity, or on
 * any) fail at their end with the given code and message, which their jobs carry in `errorDetails`.
 * Operations pick the oldest matching rule.
 */
export class ForcedFailures {
    private rules: ForcedFailure[] = [];

    /** Registers a validated input. */
    add(input: ForcedFailureInput): ForcedFailure {
        const rule: ForcedFailure = {
            id: randomUUID(),
            operation: input.operation,
            code: input.code,
            message: input.message ?? `The ${input.operation} operation failed (${input.code}).`,
            ...(input.entityFriendlyName !== undefined ? { entityFriendlyName: input.entityFriendlyName } : {}),
            remaining: input.count ?? 1,
            applied: 0,
        };
        this.rules.push(rule);
        return structuredClone(rule);
    }

    /** Registered rules with their counters. */
    list(): ForcedFailure[] {
        return structuredClone(this.rules);
    }

    /** Forgets every rule; returns how many there were. */
    clear(): number {
        const count = this.rules.length;
        this.rules = [];
        return count;
    }

    /** Consumes the first rule for this operation and entity, if any. */
    take(operation: ForceableOperation, entityFriendlyName: string): { code: string; message: string } | undefined {
        const rule = this.rules.find(
            (candidate) =>
                candidate.operation === operation &&
                (candidate.entityFriendlyName === undefined || candidate.entityFriendlyName.toLowerCase() === entityFriendlyName.toLowerCase()),
        );
        if (!rule) return undefined;
        rule.applied++;
        if (rule.remaining !== "all") {
            rule.remaining--;
            if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
        }
        return { code: rule.code, message: rule.message };
    }
}
