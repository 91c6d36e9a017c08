import * as assert from "node:assert/strict";
import { InputChecker, dateTimeProblem, unknownValue, withoutUndefined } from "../../../provider/core/dynamic/checks";

function failuresOf(run: (checker: InputChecker) => unknown): string[] {
    const checker = new InputChecker();
    run(checker);
    return checker.failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("InputChecker", () => {
    describe("optionalDateTime", () => {
        it("accepts date-times with an offset and returns them in UTC", () => {
            const checker = new InputChecker();
            assert.equal(checker.optionalDateTime("t", "2026-01-31T03:00:00+01:00"), "2026-01-31T02:00:00.000Z");
            assert.equal(checker.optionalDateTime("t", "2028-02-29T02:00Z"), "2028-02-29T02:00:00.000Z");
            assert.equal(checker.optionalDateTime("t", "2026-03-01T02:00:00.5z"), "2026-03-01T02:00:00.500Z");
            assert.deepEqual(checker.failures, []);
        });

        it("refuses impossible dates instead of moving them to another day", () => {
            const [failure] = failuresOf((c) => c.optionalDateTime("startTime", "2026-02-30T02:00:00Z"));
            assert.equal(
                failure,
                'startTime: startTime is not a date: 2026-02 has 28 days; accepted: an ISO 8601 date-time with a UTC offset, such as 2026-01-31T02:00:00Z or 2026-01-31T03:00:00+01:00; got "2026-02-30T02:00:00Z"',
            );
            assert.match(failuresOf((c) => c.optionalDateTime("t", "2026-13-01T02:00:00Z"))[0], /has no month 13/);
            assert.match(failuresOf((c) => c.optionalDateTime("t", "2026-04-31T02:00:00Z"))[0], /2026-04 has 30 days/);
            assert.match(failuresOf((c) => c.optionalDateTime("t", "2026-01-01T24:00:00Z"))[0], /not a time of day/);
            assert.match(failuresOf((c) => c.optionalDateTime("t", "2026-01-01T02:00:00+15:00"))[0], /offset out of range/);
        });

        it("refuses a time without an offset rather than reading it in the provider's zone", () => {
            assert.match(failuresOf((c) => c.optionalDateTime("startTime", "2026-01-31T02:00:00"))[0], /^startTime: startTime has no UTC offset \(it would be read in the provider's time zone\); accepted: .*2026-01-31T02:00:00Z/);
            assert.match(failuresOf((c) => c.optionalDateTime("startTime", "tomorrow"))[0], /must be an ISO 8601 date-time/);
            assert.equal(dateTimeProblem("2026-01-31"), "must be an ISO 8601 date-time");
        });

        it("passes unknown preview values", () => {
            const checker = new InputChecker();
            assert.equal(checker.optionalDateTime("t", unknownValue), undefined);
            assert.deepEqual(checker.failures, []);
        });
    });

    describe("list", () => {
        it("takes a list or nothing, and names anything else", () => {
            const checker = new InputChecker();
            assert.deepEqual(checker.list("triggers", undefined), []);
            assert.deepEqual(checker.list("triggers", [1, "a"]), [1, "a"]);
            assert.equal(checker.list("triggers", unknownValue), undefined);
            assert.deepEqual(checker.failures, []);
            assert.deepEqual(failuresOf((c) => c.list("triggers", "v2")), ["triggers: triggers must be a list (of any values); got string"]);
        });
    });

    describe("optionalHttpsUrl", () => {
        it("accepts https endpoints and refuses anything else", () => {
            const checker = new InputChecker();
            assert.equal(checker.optionalHttpsUrl("e", "https://acct.blob.core.windows.net/", "x"), "https://acct.blob.core.windows.net");
            assert.deepEqual(checker.failures, []);
            for (const bad of ["not a url", "http://acct.blob.core.windows.net", "https://acct.blob.core.windows.net?sig=x", "https://user:pw@acct.example"]) {
                const [failure] = failuresOf((c) => c.optionalHttpsUrl("mint.blobEndpoint", bad, "https://<account>.blob.core.windows.net"));
                assert.match(failure, /^mint\.blobEndpoint: mint\.blobEndpoint must be an https URL without query or credentials, such as https:\/\/<account>\.blob\.core\.windows\.net; got /, bad);
            }
        });
    });

    describe("result", () => {
        it("never hands the engine undefined, at any depth", () => {
            const checker = new InputChecker();
            const { inputs } = checker.result({ a: undefined, b: [undefined, { c: undefined, d: 1 }], e: { f: { g: undefined } } });
            assert.deepEqual(inputs, { b: [null, { d: 1 }], e: { f: {} } });
            assert.deepEqual(withoutUndefined([1, undefined]), [1, null], "list positions stay where the failures point");
        });
    });
});
