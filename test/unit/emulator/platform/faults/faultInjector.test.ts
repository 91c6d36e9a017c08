import * as assert from "node:assert/strict";
import { FaultInjector } from "../../../../../emulator/platform/faults/faultInjector";
import { validateFaultRuleInput } from "../../../../../emulator/platform/faults/faultRule";
import { seededRandom } from "../../../../../emulator/platform/faults/seededRandom";

describe("emulator FaultInjector", function () {
    const arm = { method: "PUT", path: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a/config/backup", isArm: true };
    const token = { method: "POST", path: "/tenant/oauth2/v2.0/token", isArm: false };

    it("seededRandom repeats its sequence for a seed and differs across seeds", () => {
        const a = seededRandom(7);
        const b = seededRandom(7);
        const c = seededRandom(8);
        const first = [a(), a(), a()];
        assert.deepEqual([b(), b(), b()], first);
        assert.notDeepEqual([c(), c(), c()], first);
        assert.ok(first.every((x) => x >= 0 && x < 1));
    });

    it("a rule without pathPattern matches ARM requests only", () => {
        const injector = new FaultInjector();
        injector.add({ kind: "500" });
        assert.equal(injector.pick(token), undefined);
        assert.equal(injector.pick(arm)?.kind, "500");
    });

    it("count retires the rule; the first firing rule wins", () => {
        const injector = new FaultInjector();
        injector.add({ kind: "429", count: 1 });
        injector.add({ kind: "503" });
        assert.equal(injector.pick(arm)?.kind, "429");
        assert.equal(injector.pick(arm)?.kind, "503");
        assert.equal(injector.list().length, 1);
    });

    it("a rule that matches but does not fire (rate) lets later rules try", () => {
        const injector = new FaultInjector();
        injector.add({ kind: "500", rate: 0 });
        injector.add({ kind: "latency", latencyMs: 1 });
        assert.equal(injector.pick(arm)?.kind, "latency");
        assert.equal(injector.list()[0].matched, 1);
        assert.equal(injector.list()[0].injected, 0);
    });

    it("validates inputs", () => {
        assert.equal(validateFaultRuleInput({ kind: "reset", count: 2, rate: 0.5, seed: 3, method: "GET", pathPattern: "^/x" }), undefined);
        assert.match(validateFaultRuleInput({ kind: "404" })!, /'kind'/);
        assert.match(validateFaultRuleInput({ kind: "500", latencyMs: -1 })!, /latencyMs/);
        assert.match(validateFaultRuleInput([])!, /object/);
    });
});
