import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { testDataDir } from "../../support/emulatorFixture";

const repoRoot = path.resolve(__dirname, "../../../../..");

// Runs in a child process: the helper changes the process-wide trust store, which would hide
// "refused without the CA" checks in this one.
describe("emulator addTrustedCertificate (in-process trust)", function () {
    this.timeout(60_000);

    it("lets fetch and @azure/identity trust the emulator without any per-client option", async () => {
        const script = `
            const { startEmulator } = require("./emulator/server");
            const { addTrustedCertificate } = require("./emulator/platform/tls/trustStore");
            const { ClientSecretCredential } = require("@azure/identity");
            (async () => {
                const emulator = await startEmulator({ dataDir: ${JSON.stringify(testDataDir())} });
                try {
                    const before = await fetch(emulator.url + "/_emulator/health").then(() => "trusted", () => "refused");
                    const added = addTrustedCertificate(emulator.caPem);
                    const after = await fetch(emulator.url + "/_emulator/health").then((r) => r.status);
                    const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
                        authorityHost: emulator.url, disableInstanceDiscovery: true });
                    const token = await credential.getToken("https://management.azure.com/.default");
                    process.stdout.write(JSON.stringify({ before, added, after, token: Boolean(token.token) }));
                } finally {
                    await emulator.close();
                }
            })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exitCode = 1; });`;
        const stdout = await new Promise<string>((resolve, reject) => {
            execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: repoRoot }, (error, out, err) =>
                error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
            );
        });
        assert.deepEqual(JSON.parse(stdout), { before: "refused", added: true, after: 200, token: true });
    });
});
