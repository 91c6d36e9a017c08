import { createHash } from "node:crypto";
import { quoteName } from "../core/arm/armNames";
import type { InputChecker } from "../core/dynamic/checks";
import { stableJson } from "../core/diff/stableJson";

/** What makes one declared backup different from another; credentials are left out on purpose. */
export interface BackupIdentity {
    /** "<project>/<stack>", so two stacks declaring the same resource on one app do not share a backup. */
    stackName: string;
    /** The Pulumi resource name. */
    resourceName: string;
    siteId: string;
    /** Container URL without its token: a new token for the same container is the same backup. */
    storageContainerUrl: string;
    databases: unknown;
    triggers: unknown;
}

/** Backup names we accept and derive: letters, digits, `-`, `_` and `.`, starting with a letter or digit. */
export const backupNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

/** Checks an optional backup name (a schedule's or an on-demand backup's) against {@link backupNamePattern}. */
export function checkBackupName(checker: InputChecker, property: string, value: unknown): string | undefined {
    const name = checker.optionalString(property, value);
    if (name !== undefined && !backupNamePattern.test(name)) {
        checker.fail(property, `${property} must be 1 to 80 letters, digits, "-", "_" or ".", starting with a letter or digit; got ${quoteName(name)}`);
        return undefined;
    }
    return name;
}

// Long enough that two identities of one resource never meet; short enough to leave the name readable.
const hashLength = 10;
const maxPrefixLength = 40;

/**
 * The deterministic name of a backup whose name the user did not choose: the resource name plus a
 * short hash of its identity. The same declaration always gets the same name (so a rerun after an
 * interrupted `up` finds the backup it started); any change that needs a new backup changes the hash.
 */
export function deriveBackupName(identity: BackupIdentity): string {
    const hash = createHash("sha256")
        .update(stableJson({ ...identity, siteId: identity.siteId.toLowerCase() }), "utf8")
        .digest("hex")
        .slice(0, hashLength);
    const prefix = identity.resourceName.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, maxPrefixLength).replace(/[-_.]+$/, "");
    return `${prefix || "backup"}-${hash}`;
}

/** Backup names compare case-insensitively, as the service's other names do. */
export function sameBackupName(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
