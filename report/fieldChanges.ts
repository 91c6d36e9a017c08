import { stableJson } from "../provider/core/diff/stableJson";
import type { FieldChange } from "./findings";

// The engine's marker of a secret value in state and events.
const secretSignature = "4dabf18193072939515e22adb298388d";
// Engine bookkeeping, not configuration.
const ignoredFields = new Set(["__provider"]);

/** True for a value the engine marks secret (`[secret]` in events, or the signature object). */
export function isSecretValue(value: unknown): boolean {
    return value === "[secret]" || (typeof value === "object" && value !== null && secretSignature in (value as Record<string, unknown>));
}

/** A value for a report line: secrets as "[secret]", long values cut. */
export function renderValue(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (isSecretValue(value)) return "[secret]";
    const text = typeof value === "string" ? value : stableJson(value);
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/**
 * The fields of `desired` (the state's) and `live` (what refresh read) that differ, by top-level key.
 * Secret values are never rendered; a secret set or removed shows as changed.
 */
export function fieldChanges(desired: Record<string, unknown> = {}, live: Record<string, unknown> = {}): FieldChange[] {
    const keys = [...new Set([...Object.keys(desired), ...Object.keys(live)])].filter((k) => !ignoredFields.has(k)).sort();
    const changes: FieldChange[] = [];
    for (const key of keys) {
        const a = desired[key];
        const b = live[key];
        if (stableJson(a ?? null) === stableJson(b ?? null)) continue;
        // Engine events mask both sides of a secret alike: its change shows in the fingerprint the resource keeps beside it.
        if (isSecretValue(a) && isSecretValue(b)) continue;
        const change: FieldChange = { field: key };
        const shownA = renderValue(a);
        const shownB = renderValue(b);
        if (shownA !== undefined) change.desired = shownA;
        if (shownB !== undefined) change.live = shownB;
        changes.push(change);
    }
    return changes;
}
