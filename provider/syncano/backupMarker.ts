import { createHash } from "node:crypto";
import { stableJson } from "../core/diff/stableJson";
import type { SyncanoBackup } from "./api";

/**
 * The metadata key this provider writes on every backup it takes. Syncano keeps `metadata` with the
 * backup and returns it (keys of at most 16 characters), so the marker tells, with no state at all, which stack and resource took a
 * backup and which declaration it answers: what `keepLast` may delete, and what a rerun adopts.
 */
export const markerKey = "decl-backups";

/** What the marker says. */
export interface BackupMarker {
    /** "<project>/<stack>". */
    stack: string;
    /** "<type>:<resource name>", e.g. "FullBackup:nightly". */
    resource: string;
    /** Hash of what the backup was asked to be (instance, label, description, metadata, queryArgs, triggers). */
    run: string;
}

/** The series a resource owns: its stack, its resource, the instance it backs up. */
export interface BackupSeries {
    stack: string;
    resource: string;
    instance: string;
}

/** What a backup was asked to be; a change of any of it takes a new backup. */
export interface BackupRequestIdentity {
    instance: string;
    label?: string;
    description?: string;
    metadata?: Record<string, unknown>;
    queryArgs?: unknown;
    triggers: unknown[];
}

// Long enough that two declarations never meet, short enough to read in the Syncano dashboard.
const runHashLength = 16;

/** The marker for a backup of this series answering this request. */
export function backupMarker(series: BackupSeries, request: BackupRequestIdentity): BackupMarker {
    const run = createHash("sha256")
        .update(stableJson({ stack: series.stack, resource: series.resource, ...request }), "utf8")
        .digest("hex")
        .slice(0, runHashLength);
    return { stack: series.stack, resource: series.resource, run };
}

/** The marker a backup carries, when it carries one. */
export function markerOf(backup: Pick<SyncanoBackup, "metadata">): BackupMarker | undefined {
    const value = backup.metadata?.[markerKey];
    if (typeof value !== "object" || value === null) return undefined;
    const { stack, resource, run } = value as Record<string, unknown>;
    return typeof stack === "string" && typeof resource === "string" && typeof run === "string" ? { stack, resource, run } : undefined;
}

/** True when the backup belongs to the series: same stack and resource (by its marker), same instance. */
export function isInSeries(backup: Pick<SyncanoBackup, "metadata" | "instance">, series: BackupSeries): boolean {
    const marker = markerOf(backup);
    return marker !== undefined && marker.stack === series.stack && marker.resource === series.resource && backup.instance === series.instance;
}

/** The backup's metadata without the marker: what the user asked for. */
export function userMetadataOf(metadata: Record<string, unknown> | null | undefined): Record<string, unknown> {
    const { [markerKey]: _marker, ...rest } = metadata ?? {};
    return rest;
}
