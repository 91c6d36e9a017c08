import { bmsUserErrorInvalidConfigureProtectionRequest, userErrorInvalidRequestParameter } from "../recoveryServicesErrors";

/** What a PUT of a protected item asks for, read from its body. */
export type ItemRequest =
    | { kind: "protect"; policyId: string }
    | { kind: "stop" }
    | { kind: "suspend" }
    | { kind: "rehydrate" };

/** A protected item PUT's body, read: the request and the fields every kind may carry. */
export interface ParsedItemBody {
    request: ItemRequest;
    /** "" when not sent: a policy change may leave it out (the SQL REST article's "Modify policy" body); protecting a new item needs it. */
    protectedItemType: string;
    sourceResourceId?: string;
    resourceGuardOperationRequests: string[];
    /** `extendedProperties.diskExclusionProperties` (VMs). */
    diskExclusionProperties?: { diskLunList: number[]; isInclusionList: boolean };
}

/**
 * Reads a protected item PUT the way the service does (azure-backup.md, "Bodies"): `isRehydrate: true`
 * undeletes; `protectionState: "ProtectionStopped"` stops protection and keeps the data (whatever
 * `policyId` says, usually ""); `"BackupsSuspended"` suspends; otherwise a non-empty `policyId`
 * protects or changes the policy. A body asking for none of these is refused.
 */
export function parseItemBody(body: unknown): ParsedItemBody {
    const properties = isObject(body) && isObject(body.properties) ? body.properties : undefined;
    if (!properties) throw bmsUserErrorInvalidConfigureProtectionRequest();
    const protectedItemType = optionalString(properties.protectedItemType, "protectedItemType") ?? "";
    const sourceResourceId = optionalString(properties.sourceResourceId, "sourceResourceId");
    const policyId = optionalString(properties.policyId, "policyId")?.trim() ?? "";
    const protectionState = optionalString(properties.protectionState, "protectionState");
    const requests = properties.resourceGuardOperationRequests;
    if (requests !== undefined && requests !== null && !(Array.isArray(requests) && requests.every((entry) => typeof entry === "string"))) {
        throw userErrorInvalidRequestParameter("resourceGuardOperationRequests");
    }
    const parsed: Omit<ParsedItemBody, "request"> = {
        protectedItemType,
        ...(sourceResourceId !== undefined ? { sourceResourceId } : {}),
        resourceGuardOperationRequests: ((requests as string[] | undefined | null) ?? []).filter((entry) => entry.trim() !== ""),
        ...diskExclusionOf(properties.extendedProperties),
    };
    if (properties.isRehydrate === true) return { ...parsed, request: { kind: "rehydrate" } };
    if (protectionState?.toLowerCase() === "protectionstopped") return { ...parsed, request: { kind: "stop" } };
    if (protectionState?.toLowerCase() === "backupssuspended") return { ...parsed, request: { kind: "suspend" } };
    if (policyId !== "") return { ...parsed, request: { kind: "protect", policyId } };
    throw bmsUserErrorInvalidConfigureProtectionRequest();
}

function diskExclusionOf(extendedProperties: unknown): Pick<ParsedItemBody, "diskExclusionProperties"> {
    if (!isObject(extendedProperties) || extendedProperties.diskExclusionProperties === undefined || extendedProperties.diskExclusionProperties === null) return {};
    const exclusion = extendedProperties.diskExclusionProperties;
    if (!isObject(exclusion)) throw userErrorInvalidRequestParameter("diskExclusionProperties");
    const luns = exclusion.diskLunList ?? [];
    if (!Array.isArray(luns) || !luns.every((lun) => Number.isInteger(lun) && lun >= 0 && lun <= 63)) throw userErrorInvalidRequestParameter("diskLunList");
    if (exclusion.isInclusionList !== undefined && typeof exclusion.isInclusionList !== "boolean") throw userErrorInvalidRequestParameter("isInclusionList");
    return { diskExclusionProperties: { diskLunList: [...(luns as number[])], isInclusionList: exclusion.isInclusionList === true } };
}

function optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw userErrorInvalidRequestParameter(field);
    return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
