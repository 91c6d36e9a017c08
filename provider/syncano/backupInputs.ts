import { InputChecker, isUnknown } from "../core/dynamic/checks";
import { markerKey } from "./backupMarker";

/** Limits the API sets on a backup's own fields. */
export const backupFieldLimits = Object.freeze({ labelLength: 64, descriptionLength: 256, metadataKeys: 8, metadataKeyLength: 16, metadataValueLength: 4096 });

/** Metadata keys left to the user: the API allows 8, the provider's marker takes one. */
export const userMetadataKeys = backupFieldLimits.metadataKeys - 1;

/** Default of `deadlineMinutes`. */
export const defaultSyncanoDeadlineMinutes = 60;

/** Instance names we accept: letters, digits, `-` and `_`, as Syncano names them. */
export const instanceNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A required instance name, checked against {@link instanceNamePattern}. */
export function checkInstanceName(checker: InputChecker, value: unknown): string | undefined {
    if (isUnknown(value)) return undefined;
    const name = checker.requiredString("instanceName", value);
    if (name !== undefined && !instanceNamePattern.test(name)) {
        checker.fail("instanceName", `instanceName must be 1 to 64 letters, digits, "-" or "_", starting with a letter or digit; got ${JSON.stringify(name.slice(0, 100))}`);
        return undefined;
    }
    return name;
}

/** An optional string of at most `max` characters. */
export function checkBoundedString(checker: InputChecker, property: string, value: unknown, max: number): string | undefined {
    const text = checker.optionalString(property, value);
    if (text !== undefined && text.length > max) {
        checker.fail(property, `${property} must be at most ${max} characters; got ${text.length}`);
        return undefined;
    }
    return text;
}

/** Optional metadata: at most {@link userMetadataKeys} keys of at most 16 characters (none the marker's), values of at most 4 KB as JSON. */
export function checkMetadata(checker: InputChecker, value: unknown): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return {};
    if (isUnknown(value)) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
        checker.fail("metadata", `metadata must be an object of at most ${userMetadataKeys} keys; got ${Array.isArray(value) ? "a list" : typeof value}`);
        return undefined;
    }
    const keys = Object.keys(value);
    if (keys.includes(markerKey)) {
        checker.fail("metadata", `metadata must not use the key "${markerKey}": it holds the marker this provider writes on every backup`);
        return undefined;
    }
    if (keys.length > userMetadataKeys) {
        checker.fail("metadata", `metadata may hold at most ${userMetadataKeys} keys (Syncano allows ${backupFieldLimits.metadataKeys}; one is this provider's marker "${markerKey}"); got ${keys.length}: ${keys.join(", ")}`);
        return undefined;
    }
    const longKey = keys.find((key) => key.length > backupFieldLimits.metadataKeyLength);
    if (longKey !== undefined) {
        checker.fail("metadata", `metadata keys must be at most ${backupFieldLimits.metadataKeyLength} characters; got ${JSON.stringify(longKey)}`);
        return undefined;
    }
    const longValue = keys.find((key) => (JSON.stringify((value as Record<string, unknown>)[key]) ?? "").length > backupFieldLimits.metadataValueLength);
    if (longValue !== undefined) {
        checker.fail("metadata", `metadata.${longValue} must be at most ${backupFieldLimits.metadataValueLength} characters as JSON`);
        return undefined;
    }
    return value as Record<string, unknown>;
}

/** Optional `keepLast`: how many of the resource's backups to keep, 1 to 100. */
export function checkKeepLast(checker: InputChecker, value: unknown): number | undefined {
    if (value === undefined || value === null || isUnknown(value)) return undefined;
    return checker.integer("keepLast", value, { min: 1, max: 100 });
}

/**
 * Checks what full and partial backups share. `resourceName` and `stackName` are hidden inputs the
 * resource class sets: they go into the marker.
 */
export function checkSharedBackupInputs(checker: InputChecker, news: Record<string, any>): Record<string, unknown> {
    const checked: Record<string, unknown> = {
        resourceName: checker.requiredString("resourceName", news.resourceName),
        stackName: checker.requiredString("stackName", news.stackName),
        instanceName: checkInstanceName(checker, news.instanceName),
        label: checkBoundedString(checker, "label", news.label, backupFieldLimits.labelLength),
        description: checkBoundedString(checker, "description", news.description, backupFieldLimits.descriptionLength),
        metadata: checkMetadata(checker, news.metadata),
        keepLast: checkKeepLast(checker, news.keepLast),
        retainOnDelete: checker.boolean("retainOnDelete", news.retainOnDelete, false),
        triggers: checker.list("triggers", news.triggers),
        deadlineMinutes: checker.integer("deadlineMinutes", news.deadlineMinutes, { min: 1, max: 1440, defaultValue: defaultSyncanoDeadlineMinutes }),
    };
    // Unknown values pass through untouched so the engine can fill them in later.
    for (const key of ["instanceName", "label", "description", "metadata", "keepLast", "retainOnDelete", "triggers", "deadlineMinutes"]) {
        if (isUnknown(news[key])) checked[key] = news[key];
    }
    return checked;
}
