import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "../../../provider/core/dynamic/lazyProvider";

describe("lazyProvider (the serialized dynamic-provider shell)", () => {
    it("serializes to under 2 KB with only a bare require of the implementation", async () => {
        const shell = lazyProvider("dist/provider/appservice/backupSchedule", "backupScheduleProvider");
        const serialized = await pulumi.runtime.serializeFunction(() => shell, { allowSecrets: true });
        assert.ok(serialized.text.length < 2048, `serialized shell is ${serialized.text.length} bytes`);
        assert.match(serialized.text, /require\(this\.m\)/);
        assert.ok(serialized.text.includes('"declarative-backups/dist/provider/appservice/backupSchedule"'));
        // Nothing but the module path and export name is captured: no credentials, no tables.
        assert.doesNotMatch(serialized.text, /AZURE_|secret|token/i);
    });

    it("forwards each method to the implementation with `this` bound to the shell", async () => {
        const shell = lazyProvider("dist/provider/appservice/backupSchedule", "backupScheduleProvider");
        const failures = (await shell.check!({}, { frequencyUnit: "Week" })).failures ?? [];
        assert.ok(failures.some((f) => f.property === "frequencyUnit"));
    });
});
