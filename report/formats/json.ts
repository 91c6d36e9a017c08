import type { Report } from "../findings";
import { exitCodeOf } from "../findings";

/** The report as JSON, with the exit code it calls for. */
export function formatJson(report: Report): string {
    return `${JSON.stringify({ ...report, exitCode: exitCodeOf(report) }, null, 2)}\n`;
}
