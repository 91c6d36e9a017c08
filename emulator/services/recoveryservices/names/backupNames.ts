import { createHash } from "node:crypto";
import type { ContainerType } from "../state/models";

/**
 * Names of containers and items, as the service spells them (see azure-backup.md, "Names"):
 * `IaasVMContainer;iaasvmcontainerv2;{rg};{vm}` / `VM;iaasvmcontainerv2;{rg};{vm}`,
 * `StorageContainer;Storage;{rg};{account}` / `AzureFileShare;{system name}`,
 * `VMAppContainer;Compute;{rg};{vm}` / `SQLDataBase;{instance};{db}`. Clients send them in several
 * spellings (the seed builds `iaasvmcontainer;` + the protectable item's name, lower-case `vm;`, no
 * type prefix at all), so every name is parsed into a canonical form and compared by its key.
 */

/** A container name, parsed. */
export interface ContainerName {
    containerType: ContainerType;
    /** Canonical spelling, e.g. `IaasVMContainer;iaasvmcontainerv2;rg;vm`. */
    name: string;
    /** `name` without the type prefix (the items' `containerName` of VMs): `iaasvmcontainerv2;rg;vm`. */
    shortName: string;
    /** Lower-cased `name`: how containers are stored and compared. */
    key: string;
    resourceGroupName: string;
    /** VM or storage account name. */
    resourceName: string;
}

const CONTAINER_PREFIXES: Record<string, ContainerType> = {
    iaasvmcontainer: "IaasVMContainer",
    storagecontainer: "StorageContainer",
    vmappcontainer: "VMAppContainer",
};

// The first part after the type prefix tells the kind, when the prefix is left out.
const CONTAINER_KINDS: Record<string, { containerType: ContainerType; spelling: string }> = {
    iaasvmcontainerv2: { containerType: "IaasVMContainer", spelling: "iaasvmcontainerv2" },
    // The live service writes `storage` in ids and item `containerName`s (azure-cli quickstart output).
    storage: { containerType: "StorageContainer", spelling: "storage" },
    compute: { containerType: "VMAppContainer", spelling: "Compute" },
};

/** Parses a container name in any of the spellings clients send; undefined when it names no container kind. */
export function parseContainerName(raw: string): ContainerName | undefined {
    const parts = raw.trim().split(";");
    const prefixType = CONTAINER_PREFIXES[parts[0]?.toLowerCase() ?? ""];
    const rest = prefixType ? parts.slice(1) : parts;
    const kind = CONTAINER_KINDS[rest[0]?.toLowerCase() ?? ""];
    if (!kind || rest.length !== 3 || rest[1] === "" || rest[2] === "") return undefined;
    if (prefixType && prefixType !== kind.containerType) return undefined;
    // The middle part keeps the client's spelling (`Storage` in the register example, `storage` live).
    return containerName(kind.containerType, rest[1], rest[2], rest[0]);
}

/** The canonical name of a container of this type for a resource (VM or storage account). */
export function containerName(containerType: ContainerType, resourceGroupName: string, resourceName: string, kindSpelling?: string): ContainerName {
    const spelling = kindSpelling ?? Object.values(CONTAINER_KINDS).find((kind) => kind.containerType === containerType)!.spelling;
    const shortName = `${spelling};${resourceGroupName};${resourceName}`;
    const name = `${containerType};${shortName}`;
    return { containerType, name, shortName, key: name.toLowerCase(), resourceGroupName, resourceName };
}

/**
 * The container of an IaaS VM, named the way the service names it: resource group and VM in lower
 * case (the REST examples' `iaasvmcontainerv2;netsdktestrg;netvmtestv2vm1`).
 */
export function vmContainerName(resourceGroupName: string, vmName: string): ContainerName {
    return containerName("IaasVMContainer", resourceGroupName.toLowerCase(), vmName.toLowerCase());
}

/** An item name, parsed: what kind of item and the part that identifies it within its container. */
export type ItemName =
    | { kind: "VM"; /** `iaasvmcontainerv2;{rg};{vm}` as sent. */ reference: string }
    | { kind: "AzureFileShare"; /** A system name (`<hash>`) or the share's name. */ reference: string }
    | { kind: "SQLDataBase"; reference: string };

/** Parses an item name (`VM;…`, `vm;…`, `iaasvmcontainerv2;…`, `AzureFileShare;…`, `SQLDataBase;…`). */
export function parseItemName(raw: string): ItemName | undefined {
    const trimmed = raw.trim();
    const separator = trimmed.indexOf(";");
    if (separator < 0) return undefined;
    const prefix = trimmed.slice(0, separator).toLowerCase();
    const rest = trimmed.slice(separator + 1);
    if (rest === "") return undefined;
    if (prefix === "vm") return { kind: "VM", reference: rest };
    if (prefix === "iaasvmcontainerv2") return { kind: "VM", reference: trimmed };
    if (prefix === "azurefileshare") return { kind: "AzureFileShare", reference: rest };
    if (prefix === "sqldatabase") return { kind: "SQLDataBase", reference: rest };
    return undefined;
}

/** The canonical name of a VM's protected item: `VM;iaasvmcontainerv2;{rg};{vm}` (lower-case names). */
export function vmItemName(resourceGroupName: string, vmName: string): string {
    return `VM;${vmContainerName(resourceGroupName, vmName).shortName}`;
}

/**
 * The system name the service gives a file share (`<64 hex digits>`, as in
 * `AzureFileShare;df2f837a…` of azure-cli issue #29862): a hash of the share's id here, so it is
 * stable across runs and differs between accounts.
 */
export function fileShareSystemName(shareId: string): string {
    return createHash("sha256").update(shareId.toLowerCase()).digest("hex");
}

/** The canonical name of a file share's protected item: `AzureFileShare;{system name}`. */
export function fileShareItemName(shareId: string): string {
    return `AzureFileShare;${fileShareSystemName(shareId)}`;
}

/** The name of a file share's protectable item: lower-case `azurefileshare;{system name}`, as the live list answers. */
export function fileShareProtectableItemName(shareId: string): string {
    return `azurefileshare;${fileShareSystemName(shareId)}`;
}

/** The container of a VM's SQL workloads: `VMAppContainer;Compute;{rg};{vm}`, names as the VM's id spells them (the examples keep their case). */
export function vmAppContainerName(resourceGroupName: string, vmName: string): ContainerName {
    return containerName("VMAppContainer", resourceGroupName, vmName);
}

/** The name of a SQL database's protected (and protectable) item: `SQLDataBase;{instance};{db}`. */
export function sqlDatabaseItemName(instanceName: string, databaseName: string): string {
    return `SQLDataBase;${instanceName};${databaseName}`;
}

/** The name of a SQL instance's protectable item: `SQLInstance;{instance}` (BackupWorkloadItems_List.json). */
export function sqlInstanceItemName(instanceName: string): string {
    return `SQLInstance;${instanceName}`;
}

/** The instance and database a `SQLDataBase;` item's reference (`{instance};{db}`) names; undefined when it names no database. */
export function parseSqlDatabaseReference(reference: string): { instanceName: string; databaseName: string } | undefined {
    const separator = reference.indexOf(";");
    if (separator <= 0 || separator === reference.length - 1) return undefined;
    return { instanceName: reference.slice(0, separator), databaseName: reference.slice(separator + 1) };
}
