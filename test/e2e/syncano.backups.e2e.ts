import * as assert from "node:assert/strict";
import { startSyncanoEmulator, type RunningSyncanoEmulator, type SyncanoBackupModel } from "../../emulator/services/syncano/syncanoEmulator";
import { createLocalStack, readBackendFiles, type LocalStack } from "../../harness/localStack";
import { createBackup, createRestore } from "../../provider/syncano/api";
import { markerKey } from "../../provider/syncano/backupMarker";
import { FullBackup } from "../../provider/syncano/fullBackup";
import { PartialBackup } from "../../provider/syncano/partialBackup";
import { createSyncanoClient, type SyncanoClient } from "../../provider/syncano/syncanoClient";
import { SyncanoRestore } from "../../provider/syncano/syncanoRestore";
import { EngineOutput, assertNoSecrets, errorText } from "./support/engineOutput";
import { killUpOnceRunning, removeStaleLock } from "./support/processes";
import { exportStackText } from "./support/stackExport";

const owner = "ops@shop.example";
const keyConfig = "declarative-backups:syncanoApiKey";

/** The shop's content: two classes with data objects, and users. */
const shopObjects = {
    class: [{ name: "books" }, { name: "authors" }, { name: "orders" }],
    data_object: [
        { class: "books", title: "Dune" },
        { class: "books", title: "Solaris" },
        { class: "authors", name: "Lem" },
        { class: "orders", total: 12 },
    ],
    user: [{ username: "ada" }, { username: "grace" }],
};

/** The stack and resource a backup's marker names, or undefined for a backup without one. */
function markerOf(backup: SyncanoBackupModel): { stack: string; resource: string; run: string } | undefined {
    return backup.metadata?.[markerKey] as { stack: string; resource: string; run: string } | undefined;
}

/** Sorted names or titles of an instance's objects of one type, for comparisons that ignore ids. */
function namesOf(objects: Array<Record<string, unknown>>): string[] {
    return objects.map((o) => String(o.name ?? o.title ?? o.username ?? o.total ?? o.id)).sort();
}

describe("Syncano backups and restores through the Pulumi engine (issue 9)", function () {
    let emulator: RunningSyncanoEmulator;
    let apiKey: string;
    let api: SyncanoClient;
    let local: LocalStack;
    let declare: () => Record<string, unknown> = () => ({});
    const output = new EngineOutput();
    /** Every archive URL seen: none may be stored or printed in plaintext. */
    const archives = new Set<string>();

    const backups = async (): Promise<SyncanoBackupModel[]> => emulator.control.listBackups(owner);
    const stackBackups = async (stack: string, resource?: string) => (await backups()).filter((b) => markerOf(b)?.stack === stack && (resource === undefined || markerOf(b)?.resource === resource));
    const env = (extra: Record<string, string> = {}) => ({ ...emulator.env, DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100", ...extra });
    /** A backup made behind the stack's back (another team's, say), waited for. */
    const foreignBackup = async (label: string, instance = "shop"): Promise<number> => {
        const created = await createBackup(api, "full", instance, { label });
        await emulator.control.waitForBackup(created.id);
        return created.id;
    };

    before(async () => {
        emulator = await startSyncanoEmulator();
        await emulator.control.setBehaviour({ scheduledMs: 100, runningMs: 300, restoreMs: 300 });
        apiKey = (await emulator.control.putAccount({ email: owner, firstName: "Ops" })).apiKey;
        await emulator.control.putInstance(owner, "shop", shopObjects);
        await emulator.control.putInstance(owner, "shop-staging", { class: [{ name: "drafts" }], data_object: [{ class: "drafts", title: "stale" }] });
        await emulator.control.putInstance(owner, "shop-scratch", {});
        api = createSyncanoClient({ baseUrl: emulator.url, caFile: emulator.caFile }, { getApiKey: () => apiKey });
        // The key reaches the provider through the stack's secret config only: not in the environment.
        local = await createLocalStack({ projectName: "syncano-e2e", program: async () => declare(), env: env() });
        await local.stack.setConfig(keyConfig, { value: apiKey, secret: true });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("up takes a full and a partial backup, waits for success with progress lines; the archive URL is a secret output", async () => {
        declare = () => {
            const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d1"] });
            const books = new PartialBackup("books-export", { instanceName: "shop", label: "books", queryArgs: { class: ["books"] } });
            return { nightlyId: nightly.backupId, nightlyStatus: nightly.status, booksId: books.backupId, archive: books.archive, size: books.size };
        };
        const up = await local.stack.up({ onOutput: output.onOutput, onEvent: output.onEvent });
        const all = await backups();
        assert.equal(all.length, 2);
        const full = all.find((b) => b.kind === "full")!;
        const partial = all.find((b) => b.kind === "partial")!;
        assert.equal(up.outputs.nightlyId.value, full.id);
        assert.equal(up.outputs.nightlyStatus.value, "success");
        assert.equal(up.outputs.booksId.value, partial.id);
        assert.equal(full.status, "success");
        assert.equal(full.label, "nightly");
        assert.deepEqual(full.metadata.env, "e2e");
        assert.deepEqual({ stack: markerOf(full)?.stack, resource: markerOf(full)?.resource }, { stack: "syncano-e2e/dev", resource: "FullBackup:nightly" });
        assert.deepEqual(partial.queryArgs, { class: ["books"] });
        assert.ok(partial.archive, "the partial backup has an archive");
        archives.add(partial.archive!);
        assert.equal(up.outputs.archive.value, partial.archive);
        assert.equal(up.outputs.archive.secret, true, "the archive URL is a secret output");
        assert.match(output.text(), /\[FullBackup nightly\] info: backup #\d+ of instance "shop": (scheduled|running|success)/, "progress lines with the resource, the backup id and its status");
        assert.match(output.text(), /\[PartialBackup books-export\] info: backup #\d+ of instance "shop" succeeded/);
    });

    it("a second preview, and one with a refresh, show no change and take no backup", async () => {
        await local.stack.preview({ expectNoChanges: true, onOutput: output.onOutput });
        await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        assert.equal((await backups()).length, 2);
    });

    it("a restore replaces the instance's data, once: not again on refresh or a second up", async () => {
        const staging = await emulator.control.getInstance("shop-staging");
        assert.deepEqual(namesOf(staging.objects.class), ["drafts"]);
        declare = () => {
            const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d1"] });
            const books = new PartialBackup("books-export", { instanceName: "shop", label: "books", queryArgs: { class: ["books"] } });
            const toStaging = new SyncanoRestore("staging-from-nightly", { instanceName: "shop-staging", backupId: nightly.backupId });
            const toScratch = new SyncanoRestore("scratch-from-export", { instanceName: "shop-scratch", archiveUrl: books.archive });
            return { nightlyId: nightly.backupId, archive: books.archive, stagingRestore: toStaging.restoreId, scratchRestore: toScratch.restoreId, scratchFrom: toScratch.restoredBackupId };
        };
        const up = await local.stack.up({ onOutput: output.onOutput, onEvent: output.onEvent });
        const shop = await emulator.control.getInstance("shop");
        const restored = await emulator.control.getInstance("shop-staging");
        for (const type of ["class", "data_object", "user"] as const) {
            assert.deepEqual(restored.objects[type], shop.objects[type], `${type}: the full backup restored exactly, ids and all`);
        }
        const scratch = await emulator.control.getInstance("shop-scratch");
        assert.ok(namesOf(scratch.objects.class).includes("books"), "the exported class is in the scratch instance");
        assert.ok(!namesOf(scratch.objects.class).includes("authors") && !namesOf(scratch.objects.class).includes("orders"), "classes not exported are not");
        assert.deepEqual(namesOf(scratch.objects.data_object.filter((o) => o.class === "books")), ["Dune", "Solaris"]);
        assert.equal(up.outputs.scratchFrom.value, (await backups()).find((b) => b.kind === "partial")!.id, "the archive URL was restored as its backup");

        await local.stack.preview({ refresh: true, expectNoChanges: true, onOutput: output.onOutput });
        await local.stack.up({ onOutput: output.onOutput });
        assert.equal((await emulator.control.listRestores("shop-staging")).length, 1, "restored once");
        assert.equal((await emulator.control.listRestores("shop-scratch")).length, 1, "restored once");
    });

    it("new triggers take a new backup in place and delete the previous one; removed restores are forgotten, their data stays", async () => {
        const before = await stackBackups("syncano-e2e/dev", "FullBackup:nightly");
        const staging = await emulator.control.getInstance("shop-staging");
        declare = () => {
            const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d2"] });
            const books = new PartialBackup("books-export", { instanceName: "shop", label: "books", queryArgs: { class: ["books"] } });
            return { nightlyId: nightly.backupId, archive: books.archive };
        };
        const up = await local.stack.up({ onOutput: output.onOutput });
        assert.deepEqual({ update: up.summary.resourceChanges?.update, delete: up.summary.resourceChanges?.delete }, { update: 1, delete: 2 });
        const after = await stackBackups("syncano-e2e/dev", "FullBackup:nightly");
        assert.equal(after.length, 1, "the previous backup is deleted once the new one succeeded");
        assert.ok(after[0].id > before[0].id && after[0].id === up.outputs.nightlyId.value);
        assert.deepEqual((await emulator.control.getInstance("shop-staging")).objects, staging.objects, "forgetting a restore leaves the data");
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a backup deleted out of band is found by refresh, and up takes it again", async () => {
        const [nightly] = await stackBackups("syncano-e2e/dev", "FullBackup:nightly");
        await emulator.control.deleteBackup(nightly.id);
        await assert.rejects(local.stack.preview({ refresh: true, expectNoChanges: true }), "the refresh finds it gone");
        const refresh = await local.stack.refresh({ onOutput: output.onOutput });
        assert.equal(refresh.summary.resourceChanges?.delete, 1);
        assert.match(output.text(), new RegExp(`\\[FullBackup nightly\\] info: backup #${nightly.id} of instance "shop" no longer exists`));
        const up = await local.stack.up({ onOutput: output.onOutput });
        assert.equal(up.summary.resourceChanges?.create, 1);
        const [again] = await stackBackups("syncano-e2e/dev", "FullBackup:nightly");
        assert.ok(again.id > nightly.id && again.status === "success");
        await local.stack.preview({ refresh: true, expectNoChanges: true });
    });

    it("a second restore on the instance waits for the first instead of being aborted", async () => {
        const foreign = await foreignBackup("taken by hand", "shop");
        // Long enough to still run when our restore comes, after the engine starts and takes the nightly backup on a loaded machine.
        await emulator.control.setBehaviour({ restoreMs: 10_000 });
        try {
            const running = await createRestore(api, "shop-staging", { backup: foreign });
            declare = () => {
                const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d2"] });
                new SyncanoRestore("staging-from-nightly", { instanceName: "shop-staging", backupId: nightly.backupId, triggers: ["again"] });
                return {};
            };
            await local.stack.up({ onOutput: output.onOutput });
            assert.match(output.text(), new RegExp(`waiting for restore #${running.id} into instance "shop-staging" \\((scheduled|running)\\): Syncano runs one restore per instance`));
            const restores = await emulator.control.listRestores("shop-staging");
            assert.equal(restores.find((r) => r.id === running.id)?.status, "success");
            assert.ok(restores.filter((r) => r.id > running.id).every((r) => r.status === "success"), "ours was not aborted");
        } finally {
            await emulator.control.setBehaviour({ restoreMs: 300 });
        }
    });

    it("while another backup of the account runs, up waits and then takes its own", async () => {
        // Long enough to still run when the engine, started on a loaded machine, asks for ours.
        await emulator.control.setBehaviour({ runningMs: 8000 });
        try {
            const other = await createBackup(api, "full", "shop-staging", { label: "someone else's" });
            declare = () => {
                const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d3"] });
                return { nightlyId: nightly.backupId };
            };
            const up = await local.stack.up({ onOutput: output.onOutput });
            assert.match(output.text(), /another backup of the account is active \(backup #\d+ of instance "shop-staging" (scheduled|running)\): Syncano runs one at a time, waiting for it to end/);
            assert.equal((await emulator.control.getBackup(other.id)).status, "success");
            assert.equal((await emulator.control.getBackup(up.outputs.nightlyId.value)).status, "success");
        } finally {
            await emulator.control.setBehaviour({ runningMs: 300 });
        }
    });

    it("rides out throttling (429 with Retry-After)", async () => {
        await emulator.control.clearRequests();
        await emulator.control.addFault({ pathPattern: "/backups/", kind: "429", rate: 0.5, seed: 7, retryAfterSeconds: 1 });
        try {
            declare = () => {
                const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d4"] });
                return { nightlyId: nightly.backupId };
            };
            const up = await local.stack.up({ onOutput: output.onOutput });
            assert.equal((await emulator.control.getBackup(up.outputs.nightlyId.value)).status, "success");
            const requests = await emulator.control.getRequests();
            assert.ok(requests.faultsInjected > 0 && (requests.byStatus["429"] ?? 0) > 0, `some requests were throttled: ${JSON.stringify(requests.byStatus)}`);
        } finally {
            await emulator.control.clearFaults();
        }
    });

    it("a backup that ends error fails the update with its status_info, and is not left counting against the limit", async () => {
        await emulator.control.forceOutcome({ kind: "backup", status: "error", statusInfo: "Size limit exceeded (5.0 MB)." });
        declare = () => {
            const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d5"] });
            return { nightlyId: nightly.backupId };
        };
        const failed = new EngineOutput();
        await assert.rejects(local.stack.up({ onOutput: failed.onOutput }), (error: unknown) => {
            assert.match(`${errorText(error)}\n${failed.text()}`, /FullBackup nightly: backup #\d+ of instance "shop" ended error: Size limit exceeded \(5\.0 MB\)\./);
            return true;
        });
        assert.ok((await backups()).every((b) => b.status !== "error"), "the failed backup was deleted");
        await emulator.control.clearOutcomes();
    });

    it("bad input is refused at preview, naming the field and the accepted values, before any write", async () => {
        await emulator.control.clearRequests();
        const bad = async (program: () => void, expected: RegExp) => {
            declare = () => {
                program();
                return {};
            };
            const out = new EngineOutput();
            await assert.rejects(local.stack.preview({ onOutput: out.onOutput }), (error: unknown) => {
                assert.match(`${errorText(error)}\n${out.text()}`, expected);
                return true;
            });
        };
        await bad(() => new FullBackup("nightly", { instanceName: "shop", label: "x".repeat(70) }), /label must be at most 64 characters; got 70/);
        await bad(() => new PartialBackup("export", { instanceName: "shop", queryArgs: { klass: ["books"] } as never }), /queryArgs has an unknown key "klass"; accepted: apns_config, apns_device, channel, class, /);
        await bad(() => new PartialBackup("export", { instanceName: "shop", queryArgs: { class: [1] } }), /queryArgs\.class must be null \(every class\) or a list of names \(strings\): class is selected by name; got \[1\]/);
        await bad(() => new FullBackup("other", { instanceName: "no-such-shop" }), /instanceName: the Syncano account has no instance "no-such-shop"/);
        await bad(() => new SyncanoRestore("r", { instanceName: "shop", backupId: 1, archiveUrl: "https://x.example/a.zip" }), /backupId and archiveUrl are exclusive/);
        await bad(() => new FullBackup("nightly", { instanceName: "shop", metadata: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 } }), /metadata may hold at most 7 keys/);
        const writes = (await emulator.control.getRequests()).entries.filter((e) => e.method !== "GET" && e.method !== "OPTIONS");
        assert.deepEqual(writes, [], "no write was made");
    });

    it("no account key or archive URL in plaintext in the state (current, history, backups), the stack config file or what the engine printed", async () => {
        for (const b of await backups()) if (b.archive) archives.add(b.archive);
        assert.ok(archives.size > 0);
        const exported = await exportStackText(local);
        assert.ok(exported.includes("ciphertext"), "secrets are in the state, encrypted");
        assertNoSecrets({ "the exported stack": exported, ...readBackendFiles(local.workDir), "engine output": output.text() }, [apiKey, ...archives]);
    });

    it("destroy deletes the stack's backups and forgets the restores; other backups stay", async () => {
        declare = () => {
            const nightly = new FullBackup("nightly", { instanceName: "shop", label: "nightly", description: "e2e", metadata: { env: "e2e" }, triggers: ["d5"] });
            new PartialBackup("books-export", { instanceName: "shop", label: "books", queryArgs: { class: ["books"] }, retainOnDelete: true });
            return { nightlyId: nightly.backupId };
        };
        await local.stack.up({ onOutput: output.onOutput });
        const foreign = (await backups()).filter((b) => markerOf(b) === undefined).map((b) => b.id);
        await local.stack.destroy({ onOutput: output.onOutput });
        const left = await backups();
        assert.deepEqual(left.filter((b) => markerOf(b)?.resource === "FullBackup:nightly"), [], "the nightly backup is deleted");
        assert.equal(left.filter((b) => markerOf(b)?.resource === "PartialBackup:books-export").length, 1, "retainOnDelete keeps the export");
        assert.deepEqual(left.filter((b) => markerOf(b) === undefined).map((b) => b.id), foreign, "backups made by hand stay");
    });

    describe("the account's limits and keepLast (the key from SYNCANO_API_KEY)", () => {
        let keep: LocalStack;
        let night = "n1";
        let keepLast: number | undefined = 2;

        before(async () => {
            keep = await createLocalStack({
                projectName: "syncano-keep",
                program: async () => {
                    const nightly = new FullBackup("nightly", { instanceName: "shop", ...(keepLast !== undefined ? { keepLast } : {}), triggers: [night] });
                    return { nightlyId: nightly.backupId };
                },
                env: env({ SYNCANO_API_KEY: apiKey }),
            });
        });
        after(async () => {
            await keep?.stack.destroy().catch(() => undefined);
            await keep?.remove();
            await emulator.control.putAccount({ email: owner, apiKey });
        });

        it("keepLast keeps this resource's newest backups and deletes only its own oldest", async () => {
            const foreign = [await foreignBackup("by hand 1"), await foreignBackup("by hand 2")];
            for (const n of ["n1", "n2", "n3"]) {
                night = n;
                await keep.stack.up({ onOutput: output.onOutput });
            }
            const series = await stackBackups("syncano-keep/dev", "FullBackup:nightly");
            assert.equal(series.length, 2, "the newest two");
            const ids = (await backups()).map((b) => b.id);
            for (const id of foreign) assert.ok(ids.includes(id), `backup #${id}, made by hand, stays`);
            await keep.stack.preview({ refresh: true, expectNoChanges: true });
        });

        it("at the account's limit: a clear error naming it without room to make; with keepLast, the resource's oldest goes first", async () => {
            const count = (await backups()).length;
            await emulator.control.putAccount({ email: owner, apiKey, backupsPerAccount: count });
            const foreignBefore = (await backups()).filter((b) => markerOf(b)?.stack !== "syncano-keep/dev").map((b) => b.id);

            // keepLast 2 holds 2: the oldest goes to make room for the new one, which is the second.
            night = "n4";
            const seriesBefore = (await stackBackups("syncano-keep/dev")).map((b) => b.id).sort((a, b) => a - b);
            const out = new EngineOutput();
            await keep.stack.up({ onOutput: out.onOutput });
            assert.match(out.text(), new RegExp(`deleting backup #${seriesBefore[0]} of instance "shop" .*to make room: the account holds its limit of ${count} backups and keepLast is 2`));
            const series = (await stackBackups("syncano-keep/dev")).map((b) => b.id);
            assert.equal(series.length, 2);
            assert.ok(!series.includes(seriesBefore[0]));
            assert.deepEqual((await backups()).filter((b) => markerOf(b)?.stack !== "syncano-keep/dev").map((b) => b.id), foreignBefore, "nothing else was deleted");

            // Without keepLast nothing of the resource's may go before the new backup exists: a clear error.
            keepLast = undefined;
            night = "n5";
            await assert.rejects(keep.stack.up(), (error: unknown) => {
                assert.match(errorText(error), new RegExp(`FullBackup nightly: the Syncano account holds its limit of ${count} backups \\(full and partial, failed ones included\\): set keepLast on this resource`));
                return true;
            });
            assert.equal((await backups()).length, count, "nothing was deleted");
        });
    });

    describe("an interrupted up (the kill test)", () => {
        let killed: LocalStack;
        let night = "k1";

        before(async () => {
            await emulator.control.putAccount({ email: owner, apiKey, backupsPerAccount: 100 });
            killed = await createLocalStack({
                projectName: "syncano-kill",
                program: async () => {
                    const nightly = new FullBackup("nightly", { instanceName: "shop", triggers: [night] });
                    return { nightlyId: nightly.backupId };
                },
                env: env({ SYNCANO_API_KEY: apiKey }),
            });
        });
        after(async () => {
            await emulator.control.setBehaviour({ runningMs: 300 });
            await killed?.stack.destroy().catch(() => undefined);
            await killed?.remove();
        });

        const running = async () => (await stackBackups("syncano-kill/dev")).some((b) => b.status === "running");

        it("killed during a running backup at create: the rerun adopts it and the stack ends with one backup", async () => {
            await emulator.control.setBehaviour({ runningMs: 4000 });
            await killUpOnceRunning(killed, running);
            removeStaleLock(killed);
            await killed.stack.refresh({ clearPendingCreates: true });
            const [started] = await stackBackups("syncano-kill/dev");
            const up = await killed.stack.up({ onOutput: output.onOutput });
            assert.equal(up.outputs.nightlyId.value, started.id, "the backup the killed run started is adopted");
            assert.equal((await stackBackups("syncano-kill/dev")).length, 1, "one backup in all");
            await killed.stack.preview({ refresh: true, expectNoChanges: true });
        });

        it("killed during a running backup at update (new triggers): the rerun adopts it and the previous one goes", async () => {
            night = "k2";
            const [previous] = await stackBackups("syncano-kill/dev");
            await killUpOnceRunning(killed, running);
            removeStaleLock(killed);
            const started = (await stackBackups("syncano-kill/dev")).find((b) => b.id !== previous.id)!;
            const up = await killed.stack.up({ onOutput: output.onOutput });
            assert.equal(up.outputs.nightlyId.value, started.id, "the backup the killed run started is adopted");
            assert.deepEqual((await stackBackups("syncano-kill/dev")).map((b) => b.id), [started.id], "one backup: the new one");
        });
    });
});
