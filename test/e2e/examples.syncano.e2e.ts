import * as assert from "node:assert/strict";
import * as path from "node:path";
import { startSyncanoEmulator, type RunningSyncanoEmulator, type SyncanoBackupModel } from "../../emulator/services/syncano/syncanoEmulator";
import { createLocalStack, repoRoot, type LocalStack } from "../../harness/localStack";
import { createBackup } from "../../provider/syncano/api";
import { createSyncanoClient } from "../../provider/syncano/syncanoClient";
import { EngineOutput } from "./support/engineOutput";

const owner = "ops@shop.example";

/** The resource a backup's marker names, or undefined for a backup without one. */
const resourceOf = (backup: SyncanoBackupModel): string | undefined => (backup.metadata?.["decl-backups"] as { resource?: string } | undefined)?.resource;

describe("examples/syncano against the Syncano emulator", function () {
    let emulator: RunningSyncanoEmulator;
    let local: LocalStack;
    let apiKey: string;
    const output = new EngineOutput();

    before(async () => {
        emulator = await startSyncanoEmulator();
        await emulator.control.setBehaviour({ scheduledMs: 50, runningMs: 150 });
        apiKey = (await emulator.control.putAccount({ email: owner })).apiKey;
        await emulator.control.putInstance(owner, "shop", {
            class: [{ name: "books" }, { name: "authors" }, { name: "orders" }],
            data_object: [{ class: "books", title: "Dune" }, { class: "authors", name: "Herbert" }, { class: "orders", total: 3 }],
        });
        // The compiled example, as the demo runs it.
        local = await createLocalStack({
            projectName: "syncano-backups",
            program: async () => require(path.join(repoRoot, "dist", "examples", "syncano"))(),
            env: { ...emulator.env, DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "50" },
        });
        await local.stack.setAllConfig({ instanceName: { value: "shop" }, "declarative-backups:syncanoApiKey": { value: apiKey, secret: true } });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("one night: a full backup and an export of books and authors; the archive is a secret; a rerun the same night changes nothing", async () => {
        await local.stack.setConfig("night", { value: "2026-12-01" });
        const up = await local.stack.up({ onOutput: output.onOutput });
        const backups = await emulator.control.listBackups(owner);
        const exportBackup = backups.find((b) => b.kind === "partial")!;
        assert.deepEqual(exportBackup.queryArgs, { class: ["books", "authors"] });
        assert.equal(up.outputs.exportBackupId.value, exportBackup.id);
        assert.equal(up.outputs.exportArchive.secret, true);
        assert.equal(up.outputs.exportArchive.value, exportBackup.archive);
        assert.equal(up.outputs.nightlyStatus.value, "success");
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("eight nights: the last 7 full backups are kept, one export; destroy deletes them, a backup made by hand stays", async () => {
        // Another team's backup of another instance, made with the API directly.
        await emulator.control.putInstance(owner, "other", {});
        const api = createSyncanoClient({ baseUrl: emulator.url, caFile: emulator.caFile }, { getApiKey: () => apiKey });
        const byHand = (await createBackup(api, "full", "other", { label: "by hand" })).id;
        await emulator.control.waitForBackup(byHand);
        const nights: number[] = [];
        for (let day = 2; day <= 8; day++) {
            await local.stack.setConfig("night", { value: `2026-12-0${day}` });
            const up = await local.stack.up({ onOutput: output.onOutput });
            nights.push(up.outputs.nightlyBackupId.value);
        }
        const backups = await emulator.control.listBackups(owner);
        const nightly = backups.filter((b) => resourceOf(b) === "FullBackup:nightly").map((b) => b.id).sort((a, b) => a - b);
        assert.deepEqual(nightly, nights, "the seven newest nights");
        assert.equal(backups.filter((b) => resourceOf(b) === "PartialBackup:catalogue-export").length, 1, "the export is replaced each night");
        assert.match(output.text(), /\[FullBackup nightly\] info: deleting backup #\d+ of instance "shop" .*keepLast is 7/);
        await local.stack.destroy({ onOutput: output.onOutput });
        assert.deepEqual((await emulator.control.listBackups(owner)).map((b) => b.id), [byHand], "destroy deletes what the stack kept, and only that");
    });
});
