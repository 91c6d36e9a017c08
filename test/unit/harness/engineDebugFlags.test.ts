import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

// Debug-level engine output holds secret inputs in plaintext (the Node SDK logs RegisterResource
// responses). Nothing we run may ask the engine for it, except the test that proves the filter.
const root = path.resolve(__dirname, "../../..");
const scanned = ["demo", "harness", "test", "bench", "examples", "provider", "scripts", "emulator"];
const allowed = new Set([path.join("test", "e2e", "engine.debugOutput.e2e.ts"), path.join("test", "unit", "harness", "engineDebugFlags.test.ts")]);
// Automation API options and CLI flags that turn on debug-level engine output.
const debugSwitches = [/\bdebug:\s*true\b/, /\blogVerbosity\s*:/, /\blogToStdErr\s*:/, /\btracing\s*:/, /pulumi\b[^\n]*\s--debug\b/, /\s-v=?\d/];

function sourceFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
        return /\.(ts|sh|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

describe("debug-level engine output", () => {
    it("is asked for by nothing we run (demo, harness, tests, benches, examples, scripts)", () => {
        const offenders: string[] = [];
        for (const file of scanned.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
            const relative = path.relative(root, file);
            if (allowed.has(relative)) continue;
            const text = fs.readFileSync(file, "utf8");
            for (const pattern of debugSwitches) if (pattern.test(text)) offenders.push(`${relative} (${pattern})`);
        }
        assert.deepEqual(offenders, []);
    });
});
