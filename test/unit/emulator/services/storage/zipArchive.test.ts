import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readBackupArchive, writeBackupArchive } from "../../../../../emulator/services/appservice/work/backupArchive";
import { createZip, readZip } from "../../../../../emulator/services/storage/zipArchive";

describe("emulator zip archives", function () {
    it("round-trips entries, UTF-8 names and binary data", () => {
        const entries = [
            { name: "a.txt", data: Buffer.from("hello") },
            { name: "dir/ünïcode.txt", data: Buffer.from("x".repeat(10_000)) },
            { name: "bin", data: Buffer.from([0, 1, 2, 255]) },
            { name: "empty", data: Buffer.alloc(0) },
        ];
        assert.deepEqual(readZip(createZip(entries)), entries);
    });

    it("refuses what is not a zip, and a corrupted entry", () => {
        assert.throws(() => readZip(Buffer.from("not a zip at all, just text")), /not a zip/);
        const zip = createZip([{ name: "a.txt", data: Buffer.from("hello hello hello") }]);
        const corrupted = Buffer.from(zip);
        corrupted[30 + "a.txt".length + 2] ^= 0xff; // inside the deflated data
        assert.throws(() => readZip(corrupted));
    });

    it("is a zip other tools read (unzip -l), laid out like an App Service backup", function () {
        const zip = writeBackupArchive({
            siteId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app",
            backupId: 7,
            created: "2026-01-01T00:00:00.000Z",
            content: { files: { "index.html": "<h1/>" }, appSettings: { A: "1" } },
            databases: [{ databaseType: "SqlAzure", name: "orders" }],
        });
        const back = readBackupArchive(zip);
        assert.deepEqual(back.content, { files: { "index.html": "<h1/>" }, appSettings: { A: "1" } });
        assert.equal(back.backupId, 7);
        try {
            execFileSync("unzip", ["-v"], { stdio: "ignore" });
        } catch {
            return this.skip();
        }
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zip-")), "backup.zip");
        fs.writeFileSync(file, zip);
        const listing = execFileSync("unzip", ["-l", file], { encoding: "utf8" });
        for (const name of ["meta.json", "fs/site/wwwroot/index.html", "databases/orders.sql"]) assert.ok(listing.includes(name), listing);
        execFileSync("unzip", ["-t", file], { encoding: "utf8" });
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });
});
