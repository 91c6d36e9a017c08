import * as assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import * as path from "node:path";
import * as https from "node:https";
import { testDataDir } from "./support/emulatorFixture";

const repoRoot = path.resolve(__dirname, "../../..");
const mainTs = path.join(repoRoot, "emulator", "main.ts");
const nodeArgs = ["-r", "ts-node/register/transpile-only", mainTs];

describe("emulator command line (emulator/main.ts)", function () {
    this.timeout(60_000);

    it("ensure-ca creates the CA and prints its path", async () => {
        const stdout = await new Promise<string>((resolve, reject) => {
            execFile(process.execPath, [...nodeArgs, "ensure-ca", "--data-dir", testDataDir()], { cwd: repoRoot }, (error, out, err) =>
                error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
            );
        });
        assert.equal(stdout.trim(), path.join(testDataDir(), "ca.pem"));
    });

    it("serves, prints export lines, and stops on SIGTERM", async () => {
        const child = spawn(process.execPath, [...nodeArgs, "--port", "0", "--data-dir", testDataDir()], { cwd: repoRoot });
        try {
            let output = "";
            await new Promise<void>((resolve, reject) => {
                child.stdout.on("data", (chunk: Buffer) => {
                    output += chunk.toString();
                    if (output.includes("export DECLARATIVE_BACKUPS_ARM_AUDIENCE=")) resolve();
                });
                child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${output}`)));
            });
            const env = Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2].replace(/^'|'$/g, "")]));
            assert.deepEqual(Object.keys(env).sort(), [
                "AZURE_AUTHORITY_HOST",
                "AZURE_CLIENT_ID",
                "AZURE_CLIENT_SECRET",
                "AZURE_TENANT_ID",
                "DECLARATIVE_BACKUPS_ARM_AUDIENCE",
                "DECLARATIVE_BACKUPS_ARM_ENDPOINT",
                "DECLARATIVE_BACKUPS_CA_FILE",
                "NODE_EXTRA_CA_CERTS",
            ]);
            const fs = await import("node:fs");
            const status = await new Promise<number>((resolve, reject) => {
                https
                    .get(`${env.DECLARATIVE_BACKUPS_ARM_ENDPOINT}/_emulator/health`, { ca: fs.readFileSync(env.NODE_EXTRA_CA_CERTS), agent: false }, (res) => {
                        res.resume();
                        resolve(res.statusCode ?? 0);
                    })
                    .on("error", reject);
            });
            assert.equal(status, 200);
            const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
            child.kill("SIGTERM");
            assert.equal(await exited, 0);
        } finally {
            if (child.exitCode === null) child.kill("SIGKILL");
        }
    });
});
