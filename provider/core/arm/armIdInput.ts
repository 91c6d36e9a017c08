import { isUnknown, type InputChecker } from "../dynamic/checks";

const segment = "[^/]+";
const group = `/subscriptions/${segment}/resourceGroups/${segment}`;

/** The ARM ids inputs take, with the shape each must have and an example for the error. */
export const armIdKinds = {
    resourceGroup: { pattern: new RegExp(`^${group}/?$`, "i"), example: "/subscriptions/<id>/resourceGroups/<group>" },
    virtualMachine: { pattern: new RegExp(`^${group}/providers/Microsoft\\.Compute/virtualMachines/${segment}/?$`, "i"), example: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>" },
    storageAccount: { pattern: new RegExp(`^${group}/providers/Microsoft\\.Storage/storageAccounts/[a-z0-9]{3,24}/?$`, "i"), example: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>" },
    virtualNetwork: { pattern: new RegExp(`^${group}/providers/Microsoft\\.Network/virtualNetworks/${segment}/?$`, "i"), example: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>" },
    subnet: { pattern: new RegExp(`^${group}/providers/Microsoft\\.Network/virtualNetworks/${segment}/subnets/${segment}/?$`, "i"), example: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<name>" },
} as const;

/** An ARM id input of one kind: returned without a trailing slash; a failure names the field and the shape. */
export function armIdInput(checker: InputChecker, property: string, value: unknown, kind: keyof typeof armIdKinds, required: boolean): string | undefined {
    if (value === undefined || value === null || value === "") {
        if (required) checker.fail(property, `${property} is required: the ARM id of a ${describe(kind)}, ${armIdKinds[kind].example}`);
        return undefined;
    }
    if (isUnknown(value)) return value as string;
    if (typeof value !== "string" || !armIdKinds[kind].pattern.test(value)) {
        checker.fail(property, `${property} must be the ARM id of a ${describe(kind)}, ${armIdKinds[kind].example}; got ${JSON.stringify(String(value).slice(0, 300))}`);
        return undefined;
    }
    return value.replace(/\/+$/, "");
}

function describe(kind: keyof typeof armIdKinds): string {
    return kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace("virtual machine", "VM");
}
