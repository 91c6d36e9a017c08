/** What the report found about one resource of one stack. */
export interface ResourceFinding {
    stack: string;
    urn: string;
    /** The resource's type token, such as `azurebackup:VmProtection`. */
    type: string;
    name: string;
    /** ok: live matches state; drifted: fields differ; deleted: gone out of band. */
    drift: "ok" | "drifted" | "deleted";
    /** The fields that differ (secrets named, never their values). */
    changes: FieldChange[];
    /** Health problems read from live state. */
    health: HealthProblem[];
}

/** A field whose live value differs from the one in state. */
export interface FieldChange {
    field: string;
    /** What the stack holds (rendered; "[secret]" for secrets). */
    desired?: string;
    /** What live state says (rendered; "[secret]" for secrets). */
    live?: string;
}

/** An unhealthy condition, with the check that found it. */
export interface HealthProblem {
    /** Stable name of the check: `schedule-disabled`, `sas-expiring`, `backup-stale`, … */
    check: string;
    message: string;
}

/** A stack the report could not read (missing, bad credentials, an unreachable API). */
export interface StackError {
    stack: string;
    message: string;
}

/** The whole report. */
export interface Report {
    generatedAt: string;
    stacks: string[];
    resources: ResourceFinding[];
    errors: StackError[];
}

/** Exit codes, as `terraform plan -detailed-exitcode`: 0 clean, 1 error, 2 drift or unhealthy. */
export const exitCodes = { clean: 0, error: 1, driftOrUnhealthy: 2 } as const;

/** The exit code a report calls for: an error wins, then drift or health problems. */
export function exitCodeOf(report: Report): number {
    if (report.errors.length > 0) return exitCodes.error;
    return report.resources.some((r) => r.drift !== "ok" || r.health.length > 0) ? exitCodes.driftOrUnhealthy : exitCodes.clean;
}
