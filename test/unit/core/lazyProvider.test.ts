import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "../../../provider/core/dynamic/lazyProvider";

describe("lazyProvider (the serialized dynamic-provider shell)", () => {
    it("serializes to under 1 KB: one method, the module path and export name, nothing captured", async () => {
        const shell = lazyProvider("dist/provider/appservice/backupSchedule", "backupScheduleProvider");
        const serialized = await pulumi.runtime.serializeFunction(() => shell, { allowSecrets: true });
        assert.ok(serialized.text.length < 1024, `serialized shell is ${serialized.text.length} bytes`);
        assert.match(serialized.text, /require\(this\.m\)/);
        assert.ok(serialized.text.includes('"declarative-backups/dist/provider/appservice/backupSchedule"'));
        assert.equal((serialized.text.match(/^function __f/gm) ?? []).length, 2, "the handler and configure");
        // Nothing but the module path and export name is captured: no credentials, no tables.
        assert.doesNotMatch(serialized.text, /AZURE_|secret|token/i);
    });

    it("takes the implementation's methods when the process configures it, bound to the implementation", async () => {
        const shell = lazyProvider("dist/provider/appservice/backupSchedule", "backupScheduleProvider");
        assert.equal(shell.check, undefined, "no method before configure");
        await shell.configure!({ config: { get: () => undefined, require: () => "" } as never });
        const failures = (await shell.check!({}, { frequencyUnit: "Week" })).failures ?? [];
        assert.ok(failures.some((f) => f.property === "frequencyUnit"));
        for (const method of ["diff", "create", "read", "update", "delete"] as const) assert.equal(typeof shell[method], "function", method);
    });

    it("passes configure on to an implementation that has one (the Syncano key arrives through it)", async () => {
        const shell = lazyProvider("dist/provider/syncano/fullBackup", "fullBackupProvider");
        const seen: string[] = [];
        const config = { get: (key: string) => (seen.push(key), undefined), require: (key: string) => key };
        await shell.configure!({ config } as never);
        assert.ok(seen.length > 0, "the implementation read the stack's config");
    });
});
