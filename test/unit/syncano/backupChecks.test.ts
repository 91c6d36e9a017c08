import * as assert from "node:assert/strict";
import { unknownValue } from "../../../provider/core/dynamic/checks";
import { checkBackupInputs, diffBackup, backupOutputs } from "../../../provider/syncano/backupResource";
import { checkRestoreInputs } from "../../../provider/syncano/syncanoRestore";
import type { BackupSpec } from "../../../provider/syncano/backupRun";

const base = { resourceName: "nightly", stackName: "shop/prod", instanceName: "shop" };

function reasons(kind: "full" | "partial", news: Record<string, unknown>): string[] {
    return checkBackupInputs(kind, { ...base, ...news }).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("Syncano backup checks", () => {
    it("takes a full backup's inputs with defaults", () => {
        const { inputs, failures } = checkBackupInputs("full", { ...base, label: "nightly", metadata: { env: "prod" }, keepLast: 7, triggers: ["2026-12-05"] });
        assert.deepEqual(failures, []);
        assert.deepEqual(inputs, { ...base, label: "nightly", metadata: { env: "prod" }, keepLast: 7, retainOnDelete: false, triggers: ["2026-12-05"], deadlineMinutes: 60 });
    });

    it("names the field and what it accepts", () => {
        assert.deepEqual(reasons("full", { label: "x".repeat(65) }), ["label: label must be at most 64 characters; got 65"]);
        assert.deepEqual(reasons("full", { description: "x".repeat(257) }), ["description: description must be at most 256 characters; got 257"]);
        assert.match(reasons("full", { metadata: Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((i) => [`k${i}`, i])) })[0], /^metadata: metadata may hold at most 7 keys \(Syncano allows 8; one is this provider's marker "decl-backups"\); got 8/);
        assert.match(reasons("full", { metadata: { "decl-backups": 1 } })[0], /^metadata: metadata must not use the key "decl-backups"/);
        assert.match(reasons("full", { metadata: { "a-much-too-long-key": 1 } })[0], /^metadata: metadata keys must be at most 16 characters; got "a-much-too-long-key"/);
        assert.match(reasons("full", { metadata: ["x"] })[0], /^metadata: metadata must be an object of at most 7 keys; got a list/);
        assert.deepEqual(reasons("full", { keepLast: 0 }), ["keepLast: keepLast must be an integer from 1 to 100; got 0"]);
        assert.deepEqual(reasons("full", { deadlineMinutes: 2000 }), ["deadlineMinutes: deadlineMinutes must be an integer from 1 to 1440; got 2000"]);
        assert.match(reasons("full", { instanceName: "my shop" })[0], /^instanceName: instanceName must be 1 to 64 letters, digits, "-" or "_"/);
        assert.match(reasons("full", { instanceName: undefined })[0], /^instanceName: instanceName is required/);
        assert.match(reasons("full", { triggers: "x" })[0], /^triggers: triggers must be a list/);
    });

    it("lets unknown values through for the engine to fill in", () => {
        const { inputs, failures } = checkBackupInputs("partial", { ...base, instanceName: unknownValue, label: unknownValue, queryArgs: unknownValue, triggers: unknownValue });
        assert.deepEqual(failures, []);
        assert.equal(inputs.instanceName, unknownValue);
        assert.equal(inputs.queryArgs, unknownValue);
        assert.equal(inputs.triggers, unknownValue);
    });

    it("requires queryArgs on a partial backup, as an object or its JSON text", () => {
        assert.match(reasons("partial", {})[0], /^queryArgs: queryArgs is required: an object whose keys are object types/);
        assert.match(reasons("partial", { queryArgs: {} })[0], /^queryArgs: queryArgs is required/);
        assert.deepEqual(checkBackupInputs("partial", { ...base, queryArgs: '{"class":["books"]}' }).inputs.queryArgs, { class: ["books"] });
    });
});

describe("Syncano backup diff", () => {
    const spec: BackupSpec = { kind: "full", typeName: "FullBackup", ...base, label: "nightly", metadata: {}, retainOnDelete: false, triggers: ["a"], deadlineMinutes: 60 };
    const stored = backupOutputs(spec, { id: 4, instance: "shop", created_at: "2026-12-05T02:00:00.000000Z", updated_at: "2026-12-05T02:00:01.000000Z", size: 10, status: "success", status_info: "", description: "", label: "nightly", metadata: {} });
    const checked = checkBackupInputs("full", { ...base, label: "nightly", triggers: ["a"] }).inputs;

    it("shows no change for the same inputs (absent and empty alike)", () => {
        assert.deepEqual(diffBackup(stored, checked), { changes: false, replaces: [], diffs: [], newBackup: false });
    });

    it("takes a new backup in place for new triggers or label, replaces for another instance, updates settings alone", () => {
        assert.deepEqual(diffBackup(stored, { ...checked, triggers: ["b"] }), { changes: true, replaces: [], diffs: ["triggers"], newBackup: true });
        assert.equal(diffBackup(stored, { ...checked, label: "other" }).newBackup, true);
        assert.deepEqual(diffBackup(stored, { ...checked, instanceName: "shop2" }).replaces, ["instanceName"]);
        assert.deepEqual(diffBackup(stored, { ...checked, keepLast: 3 }), { changes: true, replaces: [], diffs: ["keepLast"], newBackup: false });
        assert.equal(diffBackup(stored, { ...checked, triggers: unknownValue }).newBackup, true);
    });
});

describe("SyncanoRestore checks", () => {
    const restore = { resourceName: "drill", instanceName: "shop-staging" };
    const why = (news: Record<string, unknown>) => checkRestoreInputs({ ...restore, ...news }).failures.map((f) => `${f.property}: ${f.reason}`);

    it("takes a backup id or an archive URL, not both, not neither", () => {
        assert.deepEqual(checkRestoreInputs({ ...restore, backupId: 12 }).failures, []);
        assert.deepEqual(checkRestoreInputs({ ...restore, archiveUrl: "https://files.example/archive.zip?sig=x" }).failures, []);
        assert.deepEqual(checkRestoreInputs({ ...restore, backupId: unknownValue }).failures, []);
        assert.match(why({ backupId: 12, archiveUrl: "https://files.example/a.zip" })[0], /^backupId: backupId and archiveUrl are exclusive/);
        assert.match(why({})[0], /^backupId: backupId is required unless archiveUrl is given/);
        assert.match(why({ backupId: 1.5 })[0], /^backupId: backupId must be an integer/);
    });

    it("never quotes the archive URL, nor names it as the failing property (the engine would print it)", () => {
        const failures = checkRestoreInputs({ ...restore, archiveUrl: "ftp://secret-host/archive?token=abc" }).failures;
        assert.deepEqual(failures, [{ property: "", reason: "archiveUrl must be an https URL (a PartialBackup's archive output)" }]);
    });
});
