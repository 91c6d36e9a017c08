import * as assert from "node:assert/strict";
import { KeyedConcurrencyLimit } from "../../../provider/core/util/keyedConcurrency";

describe("KeyedConcurrencyLimit", () => {
    it("runs at most `limit` tasks per key at once, in arrival order, keys apart and case-insensitive", async () => {
        const limit = new KeyedConcurrencyLimit(2);
        let running = 0;
        let peak = 0;
        const order: number[] = [];
        const task = (i: number) => async () => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((resolve) => setTimeout(resolve, 10));
            order.push(i);
            running--;
            return i;
        };
        const results = await Promise.all([0, 1, 2, 3, 4].map((i) => limit.run(i % 2 ? "/Vaults/A" : "/vaults/a", task(i))));
        assert.deepEqual(results, [0, 1, 2, 3, 4]);
        assert.equal(peak, 2, "never more than two at once for one vault");
        assert.deepEqual(order.slice(0, 2).sort(), [0, 1]);
        assert.equal(limit.running("/vaults/a"), 0);

        let otherPeak = 0;
        let otherRunning = 0;
        const other = async () => {
            otherRunning++;
            otherPeak = Math.max(otherPeak, otherRunning);
            await new Promise((resolve) => setTimeout(resolve, 10));
            otherRunning--;
        };
        await Promise.all([limit.run("a", other), limit.run("a", other), limit.run("b", other), limit.run("c", other)]);
        assert.equal(otherPeak, 4, "other keys do not wait for a busy one");
    });

    it("frees the slot when a task fails", async () => {
        const limit = new KeyedConcurrencyLimit(1);
        await assert.rejects(limit.run("v", async () => { throw new Error("boom"); }), /boom/);
        assert.equal(await limit.run("v", async () => "next"), "next");
    });
});
