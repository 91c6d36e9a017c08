import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import type { RunningEmulator } from "../../../../../emulator/server";
import { createAccountKey } from "../../../../../emulator/services/storage/storageAccount";
import { API_VERSION, fetchToken, seedSite, send, sitePath, startTestEmulator, testDataDir, uniqueContainerName } from "../../support/emulatorFixture";

const repoRoot = path.resolve(__dirname, "../../../../..");

const HOUR_MS = 3_600_000;

describe("emulator blob storage (Azurite)", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startTestEmulator();
    });
    after(() => emulator?.close());

    it("runs Azurite's blob service over HTTPS with its own account and a key generated per start", async () => {
        const storage = emulator.storage!;
        assert.match(storage.blobEndpoint, /^https:\/\/127\.0\.0\.1:\d+\/declarativebackups$/);
        assert.equal(storage.accountName, "declarativebackups");
        assert.equal(Buffer.from(storage.accountKey, "base64").length, 64);
        assert.deepEqual(await emulator.control.getStorage(), storage);
        const other = await startTestEmulator();
        try {
            assert.notEqual(other.storage!.accountKey, storage.accountKey);
            assert.notEqual(other.storage!.blobEndpoint, storage.blobEndpoint);
        } finally {
            await other.close();
        }
    });

    it("helpers: container, real container SAS (sr=c, path-style), list, read, delete", async () => {
        const container = uniqueContainerName();
        await emulator.control.createContainer(container);
        await emulator.control.createContainer(container); // idempotent
        const expiresOn = new Date(Date.now() + HOUR_MS);
        const sas = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn });
        const url = new URL(sas);
        assert.equal(`${url.origin}${url.pathname}`, `${emulator.storage!.blobEndpoint}/${container}`);
        assert.equal(url.searchParams.get("sr"), "c");
        assert.equal(url.searchParams.get("sp"), "rwdl");
        assert.ok(url.searchParams.get("sig"));
        assert.equal(url.searchParams.get("se"), expiresOn.toISOString().replace(/\.\d{3}Z$/, "Z"));

        // Anyone holding the SAS URL can use it (here: the official client, anonymous, with the CA).
        const containerClient = new BlobServiceClient(`${url.origin}${url.pathname.replace(/\/[^/]+$/, "")}${url.search}`, undefined, {
            tlsOptions: { ca: emulator.caPem },
        } as never).getContainerClient(container);
        await containerClient.getBlockBlobClient("a/b.txt").upload("hello", 5);
        assert.deepEqual(await emulator.control.listBlobs(container), [{ name: "a/b.txt", size: 5 }]);
        assert.equal((await emulator.control.readBlob(container, "a/b.txt")).toString(), "hello");
        assert.equal(await emulator.control.deleteBlob(container, "a/b.txt"), true);
        assert.equal(await emulator.control.deleteBlob(container, "a/b.txt"), false);
        assert.deepEqual(await emulator.control.listBlobs(container), []);
    });

    it("refuses requests signed with any key but the account's generated one", async () => {
        const stranger = new BlobServiceClient(emulator.storage!.blobEndpoint, new StorageSharedKeyCredential(emulator.storage!.accountName, createAccountKey()), {
            tlsOptions: { ca: emulator.caPem },
            retryOptions: { maxTries: 1 },
        } as never);
        await assert.rejects(stranger.getContainerClient(uniqueContainerName()).create(), (error: { statusCode?: number }) => error.statusCode === 403);
    });

    it("trusts the emulator's CA explicitly (this data directory's CA is not NODE_EXTRA_CA_CERTS')", async () => {
        // test.sh exports the CA of <repo>/.emulator-data; unit tests use a temporary data directory.
        assert.notEqual(process.env.NODE_EXTRA_CA_CERTS, emulator.caFile);
        await emulator.control.createContainer(uniqueContainerName());
    });

    it("close() stops Azurite", async () => {
        const other = await startTestEmulator();
        const port = Number(new URL(other.storage!.blobEndpoint).port);
        assert.equal(await accepts(port), true);
        await other.close();
        assert.equal(await accepts(port), false);
    });

    it("close() returns in a process with nothing else to do (Azurite's exit is awaited, not lost)", async () => {
        const script = [
            `const { startEmulator } = require(${JSON.stringify(path.join(repoRoot, "emulator", "server.ts"))});`,
            `startEmulator({ dataDir: ${JSON.stringify(testDataDir())} })`,
            `  .then((emulator) => emulator.close())`,
            `  .then(() => console.log("closed"), (error) => { console.error(error); process.exit(1); });`,
        ].join("\n");
        const output = await new Promise<string>((resolve, reject) => {
            execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: repoRoot, timeout: 30_000 }, (error, stdout, stderr) =>
                error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
            );
        });
        assert.equal(output.trim(), "closed");
    });

    it("storage: false starts none; backups then fail as when storage cannot be reached", async () => {
        const bare = await startTestEmulator({ storage: false });
        try {
            assert.equal(bare.storage, undefined);
            assert.equal(bare.env.DECLARATIVE_BACKUPS_CA_FILE, bare.caFile);
            assert.throws(() => bare.control.containerSasUrl({ container: "x", permissions: "r", expiresOn: new Date() }), /no blob storage/);
            assert.equal((await send(bare, "GET", "/_emulator/storage")).status, 404);
            await seedSite(bare);
            await bare.control.setAppServiceBehaviour({ backupPhaseMs: 10 });
            const closedPort = await freePort();
            const token = await fetchToken(bare);
            const started = await send(bare, "POST", `${sitePath("/backup")}?api-version=${API_VERSION}`, {
                token,
                body: { properties: { storageAccountUrl: `https://127.0.0.1:${closedPort}/acct/backups?sv=2025-11-05&sr=c&sp=rwdl&sig=x` } },
            });
            const failed = await bare.control.waitForBackup(sitePath(), started.json.properties.id, ["Failed", "Succeeded"]);
            assert.equal(failed.properties.log, "Storage access failed. Unable to connect to the remote server");
        } finally {
            await bare.close();
        }
    });
});

function accepts(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port });
        socket.once("connect", () => {
            socket.destroy();
            resolve(true);
        });
        socket.once("error", () => resolve(false));
    });
}

function freePort(): Promise<number> {
    return new Promise((resolve) => {
        const server = net.createServer().listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}
