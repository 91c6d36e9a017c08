import * as fs from "node:fs";
import * as path from "node:path";
import {
    createCertificateAuthority,
    createServerCertificate,
    daysUntilExpiry,
    isIssuedBy,
    type PemKeyPair,
} from "./certificateFactory";

/** The emulator's TLS material: the CA clients trust and the server certificate it signed. */
export interface EmulatorCertificates {
    /** Path of the CA certificate (PEM), suitable for NODE_EXTRA_CA_CERTS. */
    caFile: string;
    caPem: string;
    certPem: string;
    keyPem: string;
    /** Paths of the server certificate and key, for child processes that serve TLS with them (Azurite). */
    certFile: string;
    keyFile: string;
}

/** File names inside the data directory. */
export const CERTIFICATE_FILES = {
    caCert: "ca.pem",
    caKey: "ca.key.pem",
    serverCert: "server.pem",
    serverKey: "server.key.pem",
} as const;

// Renew before expiry so a long-lived data directory never serves an expired certificate.
const RENEW_WHEN_DAYS_LEFT = 7;
const LOCK_STALE_MS = 60_000;
const LOCK_WAIT_MS = 30_000;

/**
 * Returns the CA and server certificate kept in `dataDir`, creating them on first use and
 * renewing whichever is missing, expiring or no longer matches. Idempotent, and safe when several
 * processes call it at once (the test script and a server, say): creation happens under a lock.
 */
export async function ensureCertificates(dataDir: string): Promise<EmulatorCertificates> {
    const dir = path.resolve(dataDir);
    const existing = readCertificates(dir);
    if (existing) return existing;
    fs.mkdirSync(dir, { recursive: true });
    return withDirectoryLock(path.join(dir, ".certificates.lock"), async () => {
        // Another process may have finished while this one waited for the lock.
        const created = readCertificates(dir);
        if (created) return created;
        let ca = readPair(dir, CERTIFICATE_FILES.caCert, CERTIFICATE_FILES.caKey);
        if (!ca || daysUntilExpiry(ca.certPem) < RENEW_WHEN_DAYS_LEFT) {
            ca = await createCertificateAuthority();
            writeFileAtomic(path.join(dir, CERTIFICATE_FILES.caKey), ca.keyPem, 0o600);
            writeFileAtomic(path.join(dir, CERTIFICATE_FILES.caCert), ca.certPem, 0o644);
        }
        const server = await createServerCertificate(ca);
        writeFileAtomic(path.join(dir, CERTIFICATE_FILES.serverKey), server.keyPem, 0o600);
        writeFileAtomic(path.join(dir, CERTIFICATE_FILES.serverCert), server.certPem, 0o644);
        return toCertificates(dir, ca, server);
    });
}

function readCertificates(dir: string): EmulatorCertificates | undefined {
    const ca = readPair(dir, CERTIFICATE_FILES.caCert, CERTIFICATE_FILES.caKey);
    const server = readPair(dir, CERTIFICATE_FILES.serverCert, CERTIFICATE_FILES.serverKey);
    if (!ca || !server) return undefined;
    try {
        if (daysUntilExpiry(ca.certPem) < RENEW_WHEN_DAYS_LEFT) return undefined;
        if (daysUntilExpiry(server.certPem) < RENEW_WHEN_DAYS_LEFT) return undefined;
        if (!isIssuedBy(server.certPem, ca.certPem)) return undefined;
    } catch {
        return undefined; // unreadable PEM: regenerate
    }
    return toCertificates(dir, ca, server);
}

function toCertificates(dir: string, ca: PemKeyPair, server: PemKeyPair): EmulatorCertificates {
    return {
        caFile: path.join(dir, CERTIFICATE_FILES.caCert),
        caPem: ca.certPem,
        certPem: server.certPem,
        keyPem: server.keyPem,
        certFile: path.join(dir, CERTIFICATE_FILES.serverCert),
        keyFile: path.join(dir, CERTIFICATE_FILES.serverKey),
    };
}

function readPair(dir: string, certName: string, keyName: string): PemKeyPair | undefined {
    try {
        return {
            certPem: fs.readFileSync(path.join(dir, certName), "utf8"),
            keyPem: fs.readFileSync(path.join(dir, keyName), "utf8"),
        };
    } catch {
        return undefined;
    }
}

// Write then rename, so a reader never sees half a PEM file.
function writeFileAtomic(file: string, content: string, mode: number): void {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, content, { mode });
    fs.renameSync(temp, file);
}

async function withDirectoryLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
        try {
            fs.mkdirSync(lockDir);
            break;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
            if (isStale(lockDir)) {
                fs.rmSync(lockDir, { recursive: true, force: true });
                continue;
            }
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }
    try {
        return await work();
    } finally {
        fs.rmSync(lockDir, { recursive: true, force: true });
    }
}

function isStale(lockDir: string): boolean {
    try {
        return Date.now() - fs.statSync(lockDir).mtimeMs > LOCK_STALE_MS;
    } catch {
        return false;
    }
}
