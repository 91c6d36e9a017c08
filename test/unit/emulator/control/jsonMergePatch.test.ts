import * as assert from "node:assert/strict";
import { jsonMergePatch } from "../../../../emulator/control/jsonMergePatch";
import { formatDotNetUtc } from "../../../../emulator/platform/clock";

describe("emulator helpers", function () {
    it("jsonMergePatch merges objects, replaces arrays and removes nulls (RFC 7396)", () => {
        const target = { a: 1, nested: { keep: true, change: 1, drop: "x" }, list: [1, 2] };
        const result = jsonMergePatch(target, { nested: { change: 2, drop: null }, list: [3], added: "y" });
        assert.deepEqual(result, { a: 1, nested: { keep: true, change: 2 }, list: [3], added: "y" });
        assert.deepEqual(target, { a: 1, nested: { keep: true, change: 1, drop: "x" }, list: [1, 2] }, "input untouched");
    });

    it("formatDotNetUtc prints ARM's invariant UTC format", () => {
        assert.equal(formatDotNetUtc(new Date("2026-11-22T05:07:03Z")), "11/22/2026 5:07:03 AM");
        assert.equal(formatDotNetUtc(new Date("2026-01-02T00:00:09Z")), "1/2/2026 12:00:09 AM");
        assert.equal(formatDotNetUtc(new Date("2026-01-02T13:30:00Z")), "1/2/2026 1:30:00 PM");
    });
});
