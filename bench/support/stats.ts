/** Smallest value (NaN for none). */
export function min(values: readonly number[]): number {
    return values.length ? Math.min(...values) : NaN;
}

/** Median (the mean of the middle two for an even count; NaN for none). */
export function median(values: readonly number[]): number {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A list from the environment ("50,200,1000"), or the default. */
export function numberList(text: string | undefined, fallback: number[]): number[] {
    if (text === undefined || text.trim() === "") return fallback;
    const values = text.split(",").map((part) => Number(part.trim()));
    if (values.some((value) => !Number.isInteger(value) || value < 0)) throw new Error(`not a list of whole numbers: ${text}`);
    return values;
}
