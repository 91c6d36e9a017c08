import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EngineRunDisagreement } from "../../harness/engineRunGuard";
import { createLocalStack, type LocalStack } from "../../harness/localStack";

// Issue 13: when the SDK meets UNAVAILABLE on a call to the engine it stops quietly, and the engine
// may then report success for a run that lost resources. The harness's guard must make that loud.
// Here the program cuts its own calls the way the SDK does on UNAVAILABLE (terminateRpcs), so the
// wrong success happens on demand.

// eslint-disable-next-line @typescript-eslint/no-var-requires
const runtimeSettings: { terminateRpcs(): void } = require("@pulumi/pulumi/runtime/settings");

const plainProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        return { id: `plain-${inputs.label}`, outs: inputs };
    },
};

class Plain extends pulumi.dynamic.Resource {
    constructor(name: string) {
        super(plainProvider, name, { label: name }, undefined, "guard", "Plain");
    }
}

describe("the harness's engine run guard through the engine (issue 13)", function () {
    let local: LocalStack;
    let declare: () => void = () => undefined;

    before(async () => {
        local = await createLocalStack({ projectName: "run-guard", program: async () => declare() });
    });

    after(async () => {
        await local?.stack.destroy().catch(() => undefined);
        await local?.remove();
    });

    it("lets runs whose summary holds what the program declared through: preview, up, then all the same", async () => {
        declare = () => {
            new Plain("a");
            new Plain("b");
        };
        const preview = await local.stack.preview();
        assert.deepEqual(preview.changeSummary, { create: 3 });
        const up = await local.stack.up();
        assert.deepEqual(up.summary.resourceChanges, { create: 3 });
        const again = await local.stack.preview();
        assert.deepEqual(again.changeSummary, { same: 3 });
    });

    it("fails a preview and an up that the engine reports as successful after the program's calls were cut", async () => {
        declare = () => {
            runtimeSettings.terminateRpcs();
            new Plain("a");
            new Plain("b");
        };
        for (const operation of ["preview", "up"] as const) {
            await assert.rejects(operation === "preview" ? local.stack.preview() : local.stack.up(), (error: unknown) => {
                assert.ok(error instanceof EngineRunDisagreement, `${operation}: ${error}`);
                assert.match(error.message, new RegExp(`^${operation} reported success, but the program's calls to the engine failed \\(UNAVAILABLE or CANCELLED\\): the result cannot be trusted\\. Declared: pulumi-nodejs:dynamic/guard:Plain::a, pulumi-nodejs:dynamic/guard:Plain::b$`));
                return true;
            });
        }
        declare = () => {
            new Plain("a");
            new Plain("b");
        };
        assert.deepEqual((await local.stack.preview()).changeSummary, { same: 3 }, "the next run is trusted again");
    });
});
