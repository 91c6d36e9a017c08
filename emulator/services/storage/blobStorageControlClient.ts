import type { ControlClientConstructor } from "../../control/controlClientBase";
import { BlobStorageClient, type BlobSummary, type ContainerSasOptions } from "./blobStorageClient";
import type { BlobStorageInfo } from "./storageAccount";

/**
 * Adds the blob storage part to a control client: where storage is, and helpers over
 * `@azure/storage-blob` with the account key (containers, container SAS URLs, blobs).
 */
export function withBlobStorageControl<TBase extends ControlClientConstructor>(Base: TBase) {
    abstract class BlobStorageControlClient extends Base {
        #blobClient?: BlobStorageClient;

        /** GET /_emulator/storage: endpoint, account name and key of the emulator's blob storage (for clients in other processes). */
        getStorage(): Promise<BlobStorageInfo> {
            return this.call("GET", "/_emulator/storage");
        }

        /** Creates a blob container in the emulator's storage account (no error when it exists). */
        createContainer(name: string): Promise<void> {
            return this.#blobs().createContainer(name);
        }

        /** A real container SAS URL (`sr=c`, signed with the account key), path-style: `https://127.0.0.1:<port>/<account>/<container>?<sas>`. */
        containerSasUrl(options: ContainerSasOptions): string {
            return this.#blobs().containerSasUrl(options);
        }

        /** Blobs of a container with their sizes. */
        listBlobs(container: string): Promise<BlobSummary[]> {
            return this.#blobs().listBlobs(container);
        }

        /** A blob's content. */
        readBlob(container: string, name: string): Promise<Buffer> {
            return this.#blobs().readBlob(container, name);
        }

        /** Deletes a blob; false when there was none. */
        deleteBlob(container: string, name: string): Promise<boolean> {
            return this.#blobs().deleteBlob(container, name);
        }

        #blobs(): BlobStorageClient {
            if (!this.storage) throw new Error("This emulator runs no blob storage (started with storage: false).");
            this.#blobClient ??= new BlobStorageClient(this.storage, this.caPem);
            return this.#blobClient;
        }
    }
    return BlobStorageControlClient;
}
