import { readFile } from "node:fs/promises";
import * as tls from "node:tls";
import { ConfigurationError } from "../errors";

/** Environment variable naming an extra CA (PEM) to trust for ARM and token calls. */
export const caFileEnvVar = "DECLARATIVE_BACKUPS_CA_FILE";

async function readPem(path: string, what: string): Promise<string> {
    let pem: string;
    try {
        pem = await readFile(path, "utf8");
    } catch (error) {
        throw new ConfigurationError(`${what}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new ConfigurationError(`${what}: ${path} holds no PEM certificate`);
    return pem;
}

/**
 * The CA list for a TLS connection that must also trust `caFile`. An explicit `ca` replaces Node's
 * defaults, so the defaults come first: Node's root certificates plus NODE_EXTRA_CA_CERTS (and the
 * system store when Node was told to use it), then the file. Read asynchronously, once per agent.
 */
export async function loadTrustedCertificates(caFile: string): Promise<string[]> {
    const extra = await readPem(caFile, caFileEnvVar);
    if (typeof tls.getCACertificates === "function") return [...tls.getCACertificates("default"), extra];
    // Older Node: the bundled roots do not include NODE_EXTRA_CA_CERTS, so add it ourselves.
    const nodeExtra = process.env.NODE_EXTRA_CA_CERTS ? [await readPem(process.env.NODE_EXTRA_CA_CERTS, "NODE_EXTRA_CA_CERTS")] : [];
    return [...tls.rootCertificates, ...nodeExtra, extra];
}
