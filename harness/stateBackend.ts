import * as fs from "node:fs";
import * as path from "node:path";
import { BlobStorageClient } from "../emulator/services/storage/blobStorageClient";
import type { BlobStorageInfo } from "../emulator/services/storage/storageAccount";

/** Where a stack keeps its state: a local folder (the default) or a container of the emulator's blob storage. */
export type StateBackendOptions = FileBackendOptions | AzureBlobBackendOptions;

/** Pulumi's self-managed backend in a local folder: `file://<stateDir>/backend`. */
export interface FileBackendOptions {
    kind: "file";
}

/**
 * Pulumi's self-managed backend on Azure Blob Storage (`azblob://<container>`), here the emulator's
 * Azurite: state, history, backups and lock files are blobs of one container, as a team keeps them.
 */
export interface AzureBlobBackendOptions {
    kind: "azblob";
    /** The emulator's blob storage: endpoint, account and key. */
    storage: BlobStorageInfo;
    /** The CA that signed the storage's certificate (PEM file). */
    caFile: string;
    /** The state container; created when missing (the CLI does not create it: it fails with ContainerNotFound). */
    container: string;
}

/** A backend ready for the CLI: how to point it there, and read access to what it stores. */
export interface StateBackend {
    kind: StateBackendOptions["kind"];
    /** PULUMI_BACKEND_URL. */
    url: string;
    /** What the CLI (and any command beside the stack) needs to reach it: the URL, and for blob storage the account, key and CA. */
    env: Record<string, string>;
    /** The file backend's folder; undefined on blob storage. */
    dir?: string;
    /** Every object the backend holds (meta, checkpoints and their `.bak`, history, backups, locks), as text keyed by its path. */
    readObjects(): Promise<Record<string, string>>;
    /** One object's text (e.g. `.pulumi/stacks/<project>/<stack>.json`); undefined when there is none. */
    readObject(key: string): Promise<string | undefined>;
    /** Paths of the objects under a prefix (e.g. `.pulumi/locks/`). */
    listObjects(prefix: string): Promise<string[]>;
}

/** Prepares the backend `options` describe; a file backend lives in `<stateDir>/backend`. */
export async function openStateBackend(options: StateBackendOptions, stateDir: string): Promise<StateBackend> {
    return options.kind === "azblob" ? openAzureBlobBackend(options) : openFileBackend(path.join(stateDir, "backend"));
}

function openFileBackend(dir: string): StateBackend {
    fs.mkdirSync(dir, { recursive: true });
    const listObjects = async (prefix: string) => Object.keys(readBackendFiles(dir)).filter((key) => key.startsWith(prefix));
    return {
        kind: "file",
        url: `file://${dir}`,
        env: { PULUMI_BACKEND_URL: `file://${dir}` },
        dir,
        readObjects: async () => readBackendFiles(dir),
        readObject: async (key) => {
            const file = path.join(dir, ...key.split("/"));
            return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        },
        listObjects,
    };
}

async function openAzureBlobBackend(options: AzureBlobBackendOptions): Promise<StateBackend> {
    const client = new BlobStorageClient(options.storage, fs.readFileSync(options.caFile, "utf8"));
    await client.createContainer(options.container);
    const url = azureBlobBackendUrl(options.storage, options.container);
    const listObjects = async (prefix: string) => (await client.listBlobs(options.container)).map((b) => b.name).filter((name) => name.startsWith(prefix));
    const readObject = async (key: string) => {
        const names = await listObjects(key);
        return names.includes(key) ? (await client.readBlob(options.container, key)).toString("utf8") : undefined;
    };
    return {
        kind: "azblob",
        url,
        env: {
            PULUMI_BACKEND_URL: url,
            // gocloud's azureblob driver: a shared-key credential when both are set (otherwise
            // DefaultAzureCredential, or AZURE_STORAGE_SAS_TOKEN / a connection string).
            AZURE_STORAGE_ACCOUNT: options.storage.accountName,
            AZURE_STORAGE_KEY: options.storage.accountKey,
            // The CLI is a Go program: NODE_EXTRA_CA_CERTS means nothing to it, and without this it
            // fails with "x509: certificate signed by unknown authority". (It replaces Go's system roots.)
            SSL_CERT_FILE: options.caFile,
        },
        readObjects: async () => {
            const objects: Record<string, string> = {};
            for (const name of await listObjects("")) objects[name] = (await client.readBlob(options.container, name)).toString("utf8");
            return objects;
        },
        readObject,
        listObjects,
    };
}

/**
 * `azblob://<container>?localemu=true&domain=<host:port>&protocol=https` for the emulator's path-style
 * endpoint (`https://<host:port>/<account>`). `localemu=true` makes gocloud put the account in the
 * path instead of the host name (a `127.0.0.1` or `localhost` domain would do so anyway); the account
 * itself comes from AZURE_STORAGE_ACCOUNT.
 */
export function azureBlobBackendUrl(storage: BlobStorageInfo, container: string): string {
    const endpoint = new URL(storage.blobEndpoint);
    const account = endpoint.pathname.replace(/^\/+|\/+$/g, "");
    if (account !== storage.accountName) throw new Error(`expected a path-style endpoint ending in /${storage.accountName}; got ${storage.blobEndpoint}`);
    const query = new URLSearchParams({ localemu: "true", domain: endpoint.host, protocol: endpoint.protocol.replace(/:$/, "") });
    return `azblob://${container}?${query.toString().replace(/%3A/gi, ":")}`;
}

/** Every file under a folder (for a backend: current state, history, backups), as text keyed by path. */
export function readBackendFiles(backendDir: string): Record<string, string> {
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else files[path.relative(backendDir, full).split(path.sep).join("/")] = fs.readFileSync(full, "utf8");
        }
    };
    if (fs.existsSync(backendDir)) walk(backendDir);
    return files;
}
