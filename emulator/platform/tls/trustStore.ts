import * as tls from "node:tls";

/**
 * Adds a CA to this process's default trust store, so every TLS client that does not pass its own
 * `ca` (node:https, fetch, undici, @azure/identity's pipeline) trusts the emulator. The in-process
 * counterpart of NODE_EXTRA_CA_CERTS, which Node reads only at start-up. Needs
 * `tls.setDefaultCACertificates` (Node 22.19+ / 23.5+); returns false when unavailable.
 */
export function addTrustedCertificate(caPem: string): boolean {
    const api = tls as typeof tls & {
        setDefaultCACertificates?: (certs: string[]) => void;
        getCACertificates?: (type?: "default" | "system" | "bundled" | "extra") => string[];
    };
    if (typeof api.setDefaultCACertificates !== "function" || typeof api.getCACertificates !== "function") return false;
    const current = api.getCACertificates("default");
    const wanted = caPem.trim();
    if (current.some((pem) => pem.trim() === wanted)) return true;
    api.setDefaultCACertificates([...current, caPem]);
    return true;
}
