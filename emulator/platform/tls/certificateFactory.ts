import * as crypto from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";

const generateKeyPair = promisify(crypto.generateKeyPair);

/** A certificate and its private key, both PEM. */
export interface PemKeyPair {
    certPem: string;
    keyPem: string;
}

/** Host names and addresses the emulator's server certificate is valid for. */
export const SERVER_CERTIFICATE_HOSTS = { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"] } as const;

const CA_VALIDITY_DAYS = 3650;
// Kept under 398 days: some TLS clients refuse longer-lived leaf certificates.
const SERVER_VALIDITY_DAYS = 397;

/** Creates a self-signed certificate authority for the emulator. */
export async function createCertificateAuthority(commonName = "declarative-backups emulator CA"): Promise<PemKeyPair> {
    const keys = await createRsaKeys();
    const cert = newCertificate(keys.publicKey, CA_VALIDITY_DAYS);
    const subject = [{ name: "commonName", value: commonName }, { name: "organizationName", value: "declarative-backups" }];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        { name: "subjectKeyIdentifier" },
    ]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

/** Creates a server certificate for localhost, 127.0.0.1 and ::1, signed by the given CA. */
export async function createServerCertificate(ca: PemKeyPair): Promise<PemKeyPair> {
    const caCert = forge.pki.certificateFromPem(ca.certPem);
    const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
    const keys = await createRsaKeys();
    const cert = newCertificate(keys.publicKey, SERVER_VALIDITY_DAYS);
    cert.setSubject([{ name: "commonName", value: "localhost" }]);
    cert.setIssuer(caCert.subject.attributes);
    cert.setExtensions([
        { name: "basicConstraints", cA: false, critical: true },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        {
            name: "subjectAltName",
            altNames: [
                ...SERVER_CERTIFICATE_HOSTS.dnsNames.map((value) => ({ type: 2, value })),
                ...SERVER_CERTIFICATE_HOSTS.ipAddresses.map((ip) => ({ type: 7, ip })),
            ],
        },
        { name: "subjectKeyIdentifier" },
        // OpenSSL builds the chain by matching this against the CA's subject key identifier.
        { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(caKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

/** Days until the PEM certificate expires (negative once expired). */
export function daysUntilExpiry(certPem: string, now = new Date()): number {
    const cert = new crypto.X509Certificate(certPem);
    return (new Date(cert.validTo).getTime() - now.getTime()) / 86_400_000;
}

/** True when `certPem` was signed by the CA in `caPem`. */
export function isIssuedBy(certPem: string, caPem: string): boolean {
    const cert = new crypto.X509Certificate(certPem);
    const ca = new crypto.X509Certificate(caPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

interface RsaKeys {
    publicKey: forge.pki.rsa.PublicKey;
    privateKey: forge.pki.rsa.PrivateKey;
    privateKeyPem: string;
}

// node:crypto generates the key pair natively (forge's pure-JS generation takes seconds);
// forge only builds and signs the X.509 structures.
async function createRsaKeys(): Promise<RsaKeys> {
    const { publicKey, privateKey } = await generateKeyPair("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    return {
        publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
        privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
        privateKeyPem: privateKey,
    };
}

function newCertificate(publicKey: forge.pki.rsa.PublicKey, validityDays: number): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    // A positive serial: a leading 0x00..0x7f byte keeps the DER integer from reading as negative.
    cert.serialNumber = "01" + crypto.randomBytes(15).toString("hex");
    const notBefore = new Date(Date.now() - 60 * 60 * 1000);
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = new Date(notBefore.getTime() + validityDays * 86_400_000);
    return cert;
}
