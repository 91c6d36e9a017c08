import reportBuilder from "junit-report-builder";
import type { Report } from "../findings";

/**
 * The report as JUnit XML: a suite per stack, a test case per resource (failed when it drifted or is
 * unhealthy), and an errored case per stack that could not be read.
 */
export function formatJunit(report: Report): string {
    const builder = reportBuilder.newBuilder();
    for (const stack of report.stacks) {
        const suite = builder.testSuite().name(`declarative-backups drift: ${stack}`);
        for (const r of report.resources.filter((x) => x.stack === stack)) {
            const test = suite.testCase().className(r.type).name(r.name);
            const problems = [
                ...(r.drift === "deleted" ? ["deleted out of band"] : r.changes.map((c) => `drift: ${c.field}: ${c.desired ?? "(none)"} -> ${c.live ?? "(none)"}`)),
                ...r.health.map((h) => `${h.check}: ${h.message}`),
            ];
            if (problems.length > 0) test.failure(problems.join("\n"), r.drift !== "ok" ? "drift" : "health");
        }
        for (const e of report.errors.filter((x) => x.stack === stack)) suite.testCase().className("stack").name(stack).error(e.message);
    }
    return builder.build();
}
