import * as assert from "node:assert/strict";
import { EngineRunDisagreement, verifyEngineRun, type ProgramRun } from "../../../harness/engineRunGuard";

function run(declared: string[], terminated = false): ProgramRun {
    return { store: { terminated, settings: {} }, declared };
}

describe("the engine run guard (issue 13)", () => {
    it("accepts a summary that holds the stack and every declared resource, whatever the step", () => {
        verifyEngineRun("preview", run(["stress:Sized::a", "stress:Sized::b"]), { create: 1, same: 1, update: 1 });
        verifyEngineRun("up", run(["a", "b"]), { replace: 1, same: 2, delete: 4 });
        verifyEngineRun("preview", run([]), { same: 1 });
    });

    it("refuses a success whose summary lacks a declared resource (deletions do not count)", () => {
        assert.throws(
            () => verifyEngineRun("preview", run(["stress:Sized::a", "stress:Sized::b"]), { create: 1, same: 1, delete: 3 }),
            (error: unknown) => {
                assert.ok(error instanceof EngineRunDisagreement);
                assert.match(error.message, /preview reported success, but its summary \{"create":1,"same":1,"delete":3\} holds 2 resource\(s\) where the program declared 2 and the stack: stress:Sized::a, stress:Sized::b/);
                return true;
            },
        );
    });

    it("refuses a success after the program's calls to the engine were cut, even with a full summary", () => {
        assert.throws(() => verifyEngineRun("up", run(["a"], true), { same: 2 }), /up reported success, but the program's calls to the engine failed \(UNAVAILABLE or CANCELLED\): the result cannot be trusted\. Declared: a/);
    });
});
