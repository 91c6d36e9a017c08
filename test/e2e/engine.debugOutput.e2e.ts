import * as assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { BackupSchedule } from "../../provider/appservice/backupSchedule";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { isDebugEvent, withoutDebugEvents } from "../../harness/engineEvents";
import { createLocalStack, type LocalStack } from "../../harness/localStack";
import { EngineOutput } from "./support/engineOutput";

// Issue 6: the Node SDK logs RegisterResource responses at debug level with secret inputs in plaintext.
// The package cannot change the SDK; what it can do is never keep or forward debug-level events.

const sub = "00000000-0000-0000-0000-0000000deb06";
const rg = "debug-rg";
const app = "debug-app";
const password = "FAKEpassword-debug-6";

describe("engine debug output and secrets", function () {
    let emulator: RunningEmulator;
    let local: LocalStack;
    let sas: string;
    let signature: string;

    before(async () => {
        emulator = await startEmulator({ storage: false });
        await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: rg, siteName: app });
        sas = `https://acct.blob.core.windows.net/backups?sv=2022-11-02&sr=c&sp=rwdl&se=2099-01-01T00:00:00Z&sig=FAKEdebugSig6${Date.now()}`;
        signature = new URL(sas).searchParams.get("sig")!;
        local = await createLocalStack({
            projectName: "debug-output",
            program: async () => {
                new BackupSchedule("schedule", {
                    site: { subscriptionId: sub, resourceGroupName: rg, name: app },
                    frequencyInterval: 1,
                    frequencyUnit: "Day",
                    storageAccountUrl: sas,
                    databases: [{ databaseType: "SqlAzure", name: "orders", connectionString: `Server=fake;Password=${password}` }],
                });
            },
            env: emulator.env,
        });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
        await emulator?.close();
    });

    it("debug-level events carry secrets (the SDK's doing), and the filter we use everywhere drops them", async () => {
        const raw: EngineEvent[] = [];
        const kept = new EngineOutput();
        const filtered = withoutDebugEvents(kept.onEvent);
        await local.stack.preview({
            debug: true,
            onEvent: (event) => {
                raw.push(event);
                filtered(event);
            },
        });
        const rawText = raw.map((e) => JSON.stringify(e)).join("\n");
        const debugEvents = raw.filter(isDebugEvent);
        assert.ok(debugEvents.length > 0, "a --debug run emits debug-level diagnostics");
        // Why the filter exists: a raw debug stream holds the SAS signature or the password.
        assert.ok(rawText.includes(signature) || rawText.includes(password), "the SDK's debug log holds secret inputs in plaintext");

        const keptText = kept.text();
        assert.ok(keptText.includes('"resourcePreEvent"'), "the filtered stream still has the resource events");
        assert.ok(!keptText.includes('"severity":"debug"'), "no debug-level event is kept");
        assert.ok(!keptText.includes(signature), "the SAS signature is not in the kept events");
        assert.ok(!keptText.includes(password), "the connection string's password is not in the kept events");
    });

    it("the output and events the tests and the demo capture (no --debug) hold no secret", async () => {
        const output = new EngineOutput();
        await local.stack.up({ onOutput: output.onOutput, onEvent: output.onEvent });
        const text = output.text();
        assert.ok(text.includes("schedule"), "something was captured");
        assert.ok(!text.includes(signature) && !text.includes(password));
    });
});
