import {
    BlobServiceClient,
    ContainerSASPermissions,
    generateBlobSASQueryParameters,
    StorageSharedKeyCredential,
    type StoragePipelineOptions,
} from "@azure/storage-blob";
import type { BlobStorageInfo } from "./storageAccount";

/** Arguments of {@link BlobStorageClient.containerSasUrl}. */
export interface ContainerSasOptions {
    container: string;
    /** Container SAS permissions in the service's order, e.g. "rwdl", "rl", "w". */
    permissions: string;
    expiresOn: Date;
    startsOn?: Date;
}

/** A blob as {@link BlobStorageClient.listBlobs} reports it. */
export interface BlobSummary {
    name: string;
    /** Bytes. */
    size: number;
}

/**
 * Test-side access to the emulator's blob storage (Azurite) with the account key, through the
 * official `@azure/storage-blob` client: containers, real container SAS URLs signed with the key,
 * and blob reads, so tests can check what a backup wrote. Trusts the emulator's CA explicitly,
 * whatever NODE_EXTRA_CA_CERTS says.
 */
export class BlobStorageClient {
    private readonly credential: StorageSharedKeyCredential;
    private readonly service: BlobServiceClient;

    constructor(
        private readonly storage: BlobStorageInfo,
        caPem: string,
    ) {
        this.credential = new StorageSharedKeyCredential(storage.accountName, storage.accountKey);
        // StoragePipelineOptions does not declare `tlsOptions`, but the client hands its options to
        // core-client's pipeline, which installs a TLS policy from them: the one in-process way to
        // trust a CA for this client only.
        const options: StoragePipelineOptions & { tlsOptions: { ca: string } } = {
            retryOptions: { maxTries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
            tlsOptions: { ca: caPem },
        };
        this.service = new BlobServiceClient(storage.blobEndpoint, this.credential, options);
    }

    /** Creates the container if it does not exist yet. */
    async createContainer(name: string): Promise<void> {
        await this.service.getContainerClient(name).createIfNotExists();
    }

    /** A container SAS URL (`sr=c`) signed with the account key: `<endpoint>/<container>?<sas>`. */
    containerSasUrl(options: ContainerSasOptions): string {
        const sas = generateBlobSASQueryParameters(
            {
                containerName: options.container,
                permissions: ContainerSASPermissions.parse(options.permissions),
                expiresOn: options.expiresOn,
                ...(options.startsOn ? { startsOn: options.startsOn } : {}),
            },
            this.credential,
        );
        return `${this.storage.blobEndpoint}/${encodeURIComponent(options.container)}?${sas.toString()}`;
    }

    /** The blobs of a container, by name. */
    async listBlobs(container: string): Promise<BlobSummary[]> {
        const blobs: BlobSummary[] = [];
        for await (const blob of this.service.getContainerClient(container).listBlobsFlat()) {
            blobs.push({ name: blob.name, size: blob.properties.contentLength ?? 0 });
        }
        return blobs;
    }

    /** A blob's content. */
    async readBlob(container: string, name: string): Promise<Buffer> {
        return this.service.getContainerClient(container).getBlobClient(name).downloadToBuffer();
    }

    /** Deletes a blob; false when there was none. */
    async deleteBlob(container: string, name: string): Promise<boolean> {
        return (await this.service.getContainerClient(container).getBlobClient(name).deleteIfExists()).succeeded;
    }
}
