import * as assert from "node:assert/strict";
import { checkBackupInputs } from "../../../provider/appservice/backup";
import { checkBackupSasRotationInputs } from "../../../provider/appservice/backupSasRotation";
import { checkBackupScheduleInputs } from "../../../provider/appservice/backupSchedule";
import { checkRestoreInputs } from "../../../provider/appservice/restore";
import type { CheckFailure } from "../../../provider/core/dynamic/checks";
import { fakeContainerSasUrl } from "../../../harness/fakeSas";

// The checks every App Service resource shares (sites, databases, backup names, lists), run through
// each resource's own check so a resource that skips the shared checker fails here.

const sub = "11111111-2222-4333-8444-555555555555";
const siteId = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/app1`;
const writeSas = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 30 });
const readSas = fakeContainerSasUrl({ account: "acct", container: "backups", expiresInDays: 30, permissions: "rl" });
const fakeKey = Buffer.from("FAKE-test-account-key").toString("base64");
const mint = { accountName: "acct", accountKey: fakeKey, container: "backups" };

type Check = (news: Record<string, unknown>) => { inputs: Record<string, any>; failures: CheckFailure[] };

/** Each resource with valid inputs of its own; overrides apply on top. */
const resources: Record<string, { check: Check; valid: Record<string, unknown> }> = {
    BackupSchedule: { check: (n) => checkBackupScheduleInputs(n), valid: { siteId, frequencyInterval: 1, frequencyUnit: "Day", storageAccountUrl: writeSas } },
    Backup: { check: (n) => checkBackupInputs({}, n), valid: { resourceName: "b", stackName: "p/s", siteId, storageAccountUrl: writeSas } },
    Restore: { check: (n) => checkRestoreInputs({}, n), valid: { resourceName: "r", siteId, backupNumber: 7, storageAccountUrl: readSas, overwrite: true } },
    BackupSasRotation: { check: (n) => checkBackupSasRotationInputs(n), valid: { siteId, mint } },
};

function reasons(resource: string, overrides: Record<string, unknown>): string[] {
    const { check, valid } = resources[resource];
    return check({ ...valid, ...overrides }).failures.map((f) => `${f.property}: ${f.reason}`);
}

/** The engine turns inputs into protobuf structs, which reject undefined anywhere ("Unexpected struct type"). */
function assertStructSafe(value: unknown, path = "inputs"): void {
    assert.notEqual(value, undefined, `${path} is undefined`);
    if (Array.isArray(value)) value.forEach((v, i) => assertStructSafe(v, `${path}[${i}]`));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) assertStructSafe(v, `${path}.${k}`);
}

describe("App Service input checks (issue 6)", () => {
    describe("databases that crashed the engine", () => {
        for (const resource of ["BackupSchedule", "Backup", "Restore"]) {
            it(`${resource}: a null database or one without a name is named, and the inputs stay struct-safe`, () => {
                const cases: Array<[unknown[], RegExp]> = [
                    [[null], /^databases\[0\]: databases\[0\] must be \{ databaseType, name, connectionStringName\?, connectionString\? \}; got null/],
                    [[{ databaseType: "SqlAzure", connectionString: "Server=x;Password=FAKE" }], /^databases\[0\]\.name: databases\[0\]\.name is required/],
                    [[{ databaseType: "SqlAzure", name: "a", connectionString: "c" }, "text"], /^databases\[1\]: databases\[1\] must be .*; got string/],
                ];
                for (const [databases, pattern] of cases) {
                    const { inputs, failures } = resources[resource].check({ ...resources[resource].valid, databases });
                    assert.ok(failures.some((f) => pattern.test(`${f.property}: ${f.reason}`)), `${pattern} in ${JSON.stringify(failures)}`);
                    assertStructSafe(inputs);
                }
            });
        }
    });

    describe("app references checked against App Service's naming rules", () => {
        const accepted = "must be 2 to 60 letters, digits or hyphens, not starting or ending with a hyphen; got ";
        const badNames: Array<[string, string]> = [
            ["my app", '"my app"'],
            ["app!", '"app!"'],
            ["-app", '"-app"'],
            ["a".repeat(10_240), `"${"a".repeat(80)}"… (10240 characters)`],
        ];
        for (const resource of Object.keys(resources)) {
            it(`${resource}: names that the service cannot hold fail at preview, in siteId and in site`, () => {
                for (const [name, quoted] of badNames) {
                    assert.deepEqual(reasons(resource, { siteId: siteId.replace("app1", encodeURIComponent(name)) }), [`siteId: siteId: the app name ${accepted}${quoted}`]);
                    assert.deepEqual(reasons(resource, { siteId: undefined, site: { subscriptionId: sub, resourceGroupName: "rg", name } }), [`site.name: site.name ${accepted}${quoted}`]);
                }
                assert.deepEqual(reasons(resource, { siteId: undefined, site: { subscriptionId: "my-sub", resourceGroupName: "rg", name: "app1" } }), [
                    "site.subscriptionId: site.subscriptionId must be a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)",
                ]);
                assert.match(reasons(resource, { siteId: siteId.replace(sub, "not-a-guid") })[0], /^siteId: siteId: the subscription must be a subscription id \(a GUID/);
                assert.match(reasons(resource, { siteId: undefined, site: { subscriptionId: sub, resourceGroupName: "rg.", name: "app1" } })[0], /^site\.resourceGroupName: .*not ending with "\."/);
                assert.match(reasons(resource, { siteId: undefined, site: { subscriptionId: sub, resourceGroupName: "rg", name: "app1", slot: "stag ing" } })[0], /^site\.slot: site\.slot must be 2 to 59 letters/);
                assert.deepEqual(reasons(resource, { siteId: undefined, site: { subscriptionId: sub.toUpperCase(), resourceGroupName: "Rg_(1).x", name: "ünïcode-app", slot: "blue" } }), []);
            });
        }

        it("Restore: the target app is checked the same way", () => {
            const found = reasons("Restore", { overwrite: false, targetSite: { subscriptionId: sub, resourceGroupName: "rg", name: "staging app" } });
            assert.ok(found.some((r) => /^targetSite\.name: targetSite\.name must be 2 to 60/.test(r)), JSON.stringify(found));
        });
    });

    describe("one backup name rule", () => {
        for (const resource of ["BackupSchedule", "Backup"]) {
            it(`${resource}: backupName follows the on-demand backup's rule`, () => {
                assert.deepEqual(reasons(resource, { backupName: "nightly-app1_v2.0" }), []);
                assert.deepEqual(reasons(resource, { backupName: "a/../b" }), [
                    'backupName: backupName must be 1 to 80 letters, digits, "-", "_" or ".", starting with a letter or digit; got "a/../b"',
                ]);
                assert.match(reasons(resource, { backupName: "x".repeat(10_240) })[0], /^backupName: .*\(10240 characters\)$/);
            });
        }
    });

    describe("lists", () => {
        for (const resource of ["Backup", "Restore", "BackupSasRotation"]) {
            it(`${resource}: triggers that are not a list are refused, not ignored`, () => {
                assert.deepEqual(reasons(resource, { triggers: "v2" }), ["triggers: triggers must be a list (of any values); got string"]);
                assert.deepEqual(reasons(resource, { triggers: { v: 2 } }), ["triggers: triggers must be a list (of any values); got object"]);
                assert.deepEqual(resources[resource].check({ ...resources[resource].valid, triggers: ["v2"] }).inputs.triggers, ["v2"]);
            });
        }
    });

    describe("BackupSasRotation minting settings", () => {
        it("blobEndpoint must be an https URL", () => {
            for (const blobEndpoint of ["not a url", "http://acct.blob.core.windows.net"]) {
                const found = checkBackupSasRotationInputs({ siteId, mint: { ...mint, blobEndpoint } }).failures;
                assert.equal(found.length, 1);
                // A field inside the secret input is named: the engine prints only a top-level property's value.
                assert.equal(found[0].property, "mint.blobEndpoint");
                assert.match(found[0].reason, /^mint\.blobEndpoint must be an https URL without query or credentials, such as https:\/\/<account>\.blob\.core\.windows\.net/);
            }
            const { inputs, failures } = checkBackupSasRotationInputs({ siteId, mint: { ...mint, blobEndpoint: "https://127.0.0.1:10000/acct/" } });
            assert.deepEqual(failures, []);
            assert.equal(inputs.mint.blobEndpoint, "https://127.0.0.1:10000/acct");
        });

        it("container follows the storage service's naming rules", () => {
            for (const container of ["Backups", "ab", "my--backups", "-backups", "backups_2026", "b".repeat(64)]) {
                const found = checkBackupSasRotationInputs({ siteId, mint: { ...mint, container } }).failures.map((f) => f.reason);
                assert.equal(found.length, 1, container);
                assert.match(found[0], /^mint\.container must be 3 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit, without two hyphens in a row; got /);
            }
            assert.deepEqual(checkBackupSasRotationInputs({ siteId, mint: { ...mint, container: "app-backups-2026" } }).failures, []);
        });

        it("accountName is a storage account name", () => {
            assert.match(checkBackupSasRotationInputs({ siteId, mint: { ...mint, accountName: "My Account" } }).failures[0].reason, /^mint\.accountName must be a storage account name: 3 to 24 lowercase letters or digits/);
        });
    });

    describe("Restore.blobName", () => {
        it("stays inside the container", () => {
            for (const blobName of ["../../x", "a/../../b", "/abs.zip", "a//b.zip", "a\\b.zip", "./x.zip", "x\u0000.zip"]) {
                const found = reasons("Restore", { blobName });
                assert.equal(found.length, 1, blobName);
                assert.match(found[0], /^blobName: blobName must be a blob name inside the container: 1 to 1024 characters, "\/"-separated segments that are not empty, "\." or "\.\."/);
            }
            assert.deepEqual(reasons("Restore", { blobName: "app1/app1_202601010200.zip" }), []);
        });
    });
});
