import type { Report } from "../findings";
import { summaryLine } from "./table";

// Markdown table cells: pipes escaped, line breaks as <br>.
const cell = (value: string) => value.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

/** The report as Markdown, for pull-request comments and `$GITHUB_STEP_SUMMARY`. */
export function formatMarkdown(report: Report): string {
    const rows = report.resources.filter((r) => r.drift !== "ok" || r.health.length > 0);
    const lines = ["## Backup drift and health", "", summaryLine(report), ""];
    if (rows.length > 0) {
        lines.push("| stack | resource | drift | health |", "| --- | --- | --- | --- |");
        for (const r of rows) {
            const drift = r.drift === "deleted" ? "deleted out of band" : r.changes.map((c) => `\`${c.field}\`: ${c.desired ?? "(none)"} → ${c.live ?? "(none)"}`).join("\n");
            lines.push(`| ${cell(r.stack)} | ${cell(`${r.type} \`${r.name}\``)} | ${cell(drift || "-")} | ${cell(r.health.map((h) => `${h.check}: ${h.message}`).join("\n") || "-")} |`);
        }
    } else if (report.errors.length === 0) {
        lines.push("No drift; every backup is healthy.");
    }
    for (const e of report.errors) lines.push("", `**Error in stack ${e.stack}:** ${e.message}`);
    return `${lines.join("\n")}\n`;
}
