import { ContainerSASPermissions, SASProtocol, StorageSharedKeyCredential, generateBlobSASQueryParameters } from "@azure/storage-blob";

/** What a container SAS is minted from. */
export interface MintContainerSasOptions {
    accountName: string;
    /** Storage account key (base64). */
    accountKey: string;
    container: string;
    /** Blob endpoint; defaults to `https://<account>.blob.core.windows.net`. Path-style for emulators. */
    blobEndpoint?: string;
    /** Permission letters in any order, e.g. "rwdl". */
    permissions: string;
    startsOn: Date;
    expiresOn: Date;
}

/**
 * Signs a container SAS (`sr=c`, https only) with the account key, as the Storage service verifies
 * it, and returns the full container URL carrying it.
 */
export function mintContainerSasUrl(options: MintContainerSasOptions): string {
    const credential = new StorageSharedKeyCredential(options.accountName, options.accountKey);
    const query = generateBlobSASQueryParameters(
        {
            containerName: options.container,
            permissions: ContainerSASPermissions.parse(options.permissions),
            startsOn: options.startsOn,
            expiresOn: options.expiresOn,
            protocol: SASProtocol.Https,
        },
        credential,
    ).toString();
    const endpoint = (options.blobEndpoint ?? `https://${options.accountName}.blob.core.windows.net`).replace(/\/+$/, "");
    return `${endpoint}/${encodeURIComponent(options.container)}?${query}`;
}
