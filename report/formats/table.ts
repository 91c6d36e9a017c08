import Table from "cli-table3";
import type { Report } from "../findings";

/** The readable report: one row per resource that drifted or is unhealthy, then a summary line. */
export function formatTable(report: Report): string {
    const rows = report.resources.filter((r) => r.drift !== "ok" || r.health.length > 0);
    const lines: string[] = [];
    if (rows.length > 0) {
        const table = new Table({ head: ["stack", "resource", "drift", "health"], style: { head: [], border: [] }, wordWrap: true, colWidths: [14, 36, 44, 44] });
        for (const r of rows) {
            const drift = r.drift === "deleted" ? "deleted out of band" : r.changes.map((c) => `${c.field}: ${c.desired ?? "(none)"} -> ${c.live ?? "(none)"}`).join("\n");
            table.push([r.stack, `${r.type}\n${r.name}`, drift || "-", r.health.map((h) => `${h.check}: ${h.message}`).join("\n") || "-"]);
        }
        lines.push(table.toString());
    }
    for (const e of report.errors) lines.push(`error in stack ${e.stack}: ${e.message}`);
    lines.push(summaryLine(report));
    return `${lines.join("\n")}\n`;
}

/** "3 stacks, 12 resources: 1 drifted, 1 deleted, 2 unhealthy, 0 errors". */
export function summaryLine(report: Report): string {
    const drifted = report.resources.filter((r) => r.drift === "drifted").length;
    const deleted = report.resources.filter((r) => r.drift === "deleted").length;
    const unhealthy = report.resources.filter((r) => r.health.length > 0).length;
    return `${report.stacks.length} stack(s), ${report.resources.length} resource(s): ${drifted} drifted, ${deleted} deleted, ${unhealthy} unhealthy, ${report.errors.length} error(s)`;
}
