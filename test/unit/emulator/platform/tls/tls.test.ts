import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { CERTIFICATE_FILES, ensureCertificates } from "../../../../../emulator/platform/tls/tls";
import type { RunningEmulator } from "../../../../../emulator/server";
import { startTestEmulator } from "../../support/emulatorFixture";

describe("emulator TLS", function () {
    let dataDir: string;
    before(() => {
        dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-tls-"));
    });
    after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it("creates a CA (cA=true) and a server certificate for 127.0.0.1, ::1 and localhost signed by it", async () => {
        const certificates = await ensureCertificates(dataDir);
        assert.equal(certificates.caFile, path.join(dataDir, CERTIFICATE_FILES.caCert));
        assert.equal(fs.readFileSync(certificates.caFile, "utf8"), certificates.caPem);
        const ca = new crypto.X509Certificate(certificates.caPem);
        const leaf = new crypto.X509Certificate(certificates.certPem);
        assert.equal(ca.ca, true);
        assert.equal(leaf.ca, false);
        assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
        assert.ok(leaf.checkHost("localhost"));
        assert.ok(leaf.checkIP("127.0.0.1"));
        assert.ok(leaf.checkIP("::1"));
        assert.ok(new crypto.X509Certificate(certificates.certPem).checkPrivateKey(crypto.createPrivateKey(certificates.keyPem)));
    });

    it("is idempotent: a second call reuses the files", async () => {
        const first = await ensureCertificates(dataDir);
        const second = await ensureCertificates(dataDir);
        assert.deepEqual(second, first);
    });

    it("keeps the CA and re-issues the server certificate when only that is missing", async () => {
        const before = await ensureCertificates(dataDir);
        fs.rmSync(path.join(dataDir, CERTIFICATE_FILES.serverCert));
        const after = await ensureCertificates(dataDir);
        assert.equal(after.caPem, before.caPem);
        assert.notEqual(after.certPem, before.certPem);
    });

    it("gives one CA to concurrent callers", async () => {
        const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-tls-race-"));
        try {
            const results = await Promise.all([ensureCertificates(fresh), ensureCertificates(fresh), ensureCertificates(fresh)]);
            assert.equal(new Set(results.map((r) => r.caPem)).size, 1);
        } finally {
            fs.rmSync(fresh, { recursive: true, force: true });
        }
    });

    describe("served certificate", function () {
        let emulator: RunningEmulator;
        before(async () => {
            emulator = await startTestEmulator();
        });
        after(() => emulator?.close());

        const get = (ca?: string) =>
            new Promise<number>((resolve, reject) => {
                https
                    .get(`${emulator.url}/_emulator/health`, { ca, agent: false }, (res) => {
                        res.resume();
                        resolve(res.statusCode ?? 0);
                    })
                    .on("error", reject);
            });

        it("is trusted with the explicit CA", async () => {
            assert.equal(await get(emulator.caPem), 200);
        });

        it("is refused without it", async () => {
            await assert.rejects(get(), /self-signed|unable to verify|certificate/i);
        });

        it("answers on localhost too (SAN)", async () => {
            const url = emulator.url.replace("127.0.0.1", "localhost");
            const status = await new Promise<number>((resolve, reject) => {
                https.get(`${url}/_emulator/health`, { ca: emulator.caPem, agent: false }, (res) => {
                    res.resume();
                    resolve(res.statusCode ?? 0);
                }).on("error", reject);
            });
            assert.equal(status, 200);
        });
    });
});
