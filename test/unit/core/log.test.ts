import * as assert from "node:assert/strict";
import { createLogger } from "../../../provider/core/log";

function captureStderr(run: () => void): string {
    const original = process.stderr.write.bind(process.stderr);
    let out = "";
    process.stderr.write = ((chunk: string | Uint8Array) => {
        out += chunk.toString();
        return true;
    }) as typeof process.stderr.write;
    try {
        run();
    } finally {
        process.stderr.write = original;
    }
    return out;
}

describe("createLogger", () => {
    const saved = process.env.DECLARATIVE_BACKUPS_LOG;
    afterEach(() => {
        if (saved === undefined) delete process.env.DECLARATIVE_BACKUPS_LOG;
        else process.env.DECLARATIVE_BACKUPS_LOG = saved;
    });

    it("prefixes lines and redacts them", () => {
        const out = captureStderr(() => createLogger("BackupSchedule app1").warn("using https://a.blob.core.windows.net/c?sp=w&sig=FAKEsignatureFORtests"));
        assert.equal(out, "[BackupSchedule app1] warn: using https://a.blob.core.windows.net/c?sp=w&sig=REDACTED\n");
    });

    it("writes debug lines only when DECLARATIVE_BACKUPS_LOG=debug", () => {
        delete process.env.DECLARATIVE_BACKUPS_LOG;
        const log = createLogger("arm");
        assert.equal(captureStderr(() => log.debug("hidden")), "");
        process.env.DECLARATIVE_BACKUPS_LOG = "debug";
        assert.equal(captureStderr(() => log.debug("shown")), "[arm] debug: shown\n");
    });
});
