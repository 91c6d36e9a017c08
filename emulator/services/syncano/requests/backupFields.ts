/** The writable fields every backup takes. */
export interface BackupFields {
    label: string;
    description: string;
    metadata: Record<string, unknown>;
}

const LABEL_MAX_LENGTH = 64;
const DESCRIPTION_MAX_LENGTH = 256;
// The platform's validate_metadata.
const METADATA_LIMITS = { keys: 8, keyLength: 16, valueLength: 4 * 1024 } as const;

/**
 * Reads `label`, `description` and `metadata` as the platform's serializer does; answers the
 * fields and the field errors (DRF's messages), so a partial backup can add its own.
 */
export function readBackupFields(data: Record<string, unknown>): { fields: BackupFields; errors: Record<string, string[]> } {
    const errors: Record<string, string[]> = {};
    const description = readCharField(data.description, DESCRIPTION_MAX_LENGTH);
    if (description.error) errors.description = [description.error];
    const label = readCharField(data.label, LABEL_MAX_LENGTH);
    if (label.error) errors.label = [label.error];
    const metadata = readMetadata(data.metadata);
    if (metadata.error) errors.metadata = [metadata.error];
    return { fields: { label: label.value, description: description.value, metadata: metadata.value }, errors };
}

function readCharField(value: unknown, maxLength: number): { value: string; error?: string } {
    if (value === undefined) return { value: "" };
    if (value === null) return { value: "", error: "This field may not be null." };
    if (typeof value !== "string" && typeof value !== "number") return { value: "", error: "Not a valid string." };
    const text = String(value).trim();
    if (text.length > maxLength) return { value: "", error: `Ensure this field has no more than ${maxLength} characters.` };
    return { value: text };
}

function readMetadata(value: unknown): { value: Record<string, unknown>; error?: string } {
    if (value === undefined || value === null || value === "") return { value: {} };
    let parsed = value;
    if (typeof value === "string") {
        try {
            parsed = JSON.parse(value);
        } catch {
            return { value: {}, error: "Not a valid JSON string." };
        }
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { value: {}, error: "Metadata passed in invalid format." };
    const entries = Object.entries(parsed);
    if (entries.length > METADATA_LIMITS.keys) return { value: {}, error: `Too many keys defined (exceeds ${METADATA_LIMITS.keys}).` };
    for (const [key, item] of entries) {
        if (key.length > METADATA_LIMITS.keyLength) return { value: {}, error: `Too long key defined (exceeds ${METADATA_LIMITS.keyLength}).` };
        if (JSON.stringify(item).length > METADATA_LIMITS.valueLength) {
            return { value: {}, error: `Too long value defined for key ${key} (exceeds ${METADATA_LIMITS.valueLength}).` };
        }
    }
    return { value: parsed as Record<string, unknown> };
}
