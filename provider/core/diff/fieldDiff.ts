import { stableJson } from "./stableJson";

/** How one field of desired configuration compares with live state. */
export interface FieldComparison {
    /** Field name reported to the engine (and so shown by `preview`). */
    field: string;
    /** Desired value, normalized; undefined means the field is not managed and never diffs. */
    desired: unknown;
    /** Live value, normalized the same way. */
    live: unknown;
    /** A change of this field needs a new resource. */
    replaces?: boolean;
}

/** The result a dynamic provider's `diff` returns. */
export interface FieldDiffResult {
    changes: boolean;
    diffs: string[];
    replaces: string[];
}

/** Compares desired with live field by field; unmanaged (undefined) desired values never diff. */
export function diffFields(comparisons: readonly FieldComparison[]): FieldDiffResult {
    const diffs: string[] = [];
    const replaces: string[] = [];
    for (const c of comparisons) {
        if (c.desired === undefined) continue;
        if (stableJson(c.desired) === stableJson(c.live)) continue;
        diffs.push(c.field);
        if (c.replaces) replaces.push(c.field);
    }
    return { changes: diffs.length > 0, diffs, replaces };
}
