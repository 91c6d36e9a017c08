import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputChecker } from "../../../provider/core/dynamic/checks";
import { checkQueryArgs, queryArgsSchemaFailures } from "../../../provider/syncano/queryArgs";
import { describeSchema, schemaProblems } from "../../../provider/syncano/querySchema";

/** The seed's OPTIONS answer (seed 003, the 2016 docs): every type takes integers or strings. */
function seedSchema(): Record<string, unknown> {
    const options = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "partialBackupOptions.seed003.json"), "utf8"));
    return options.actions.POST.query_args.schema;
}

/** One kind of identifier per type, as the platform's code (and the emulator) serve it. */
const strictSchema = {
    type: "object",
    additionalProperties: false,
    properties: {
        class: { anyOf: [{ type: "null" }, { type: "array", items: { type: "string" } }] },
        data_object: { anyOf: [{ type: "null" }, { type: "array", items: { type: "integer" } }] },
        user: { anyOf: [{ type: "null" }, { type: "array", items: { type: "integer" } }] },
    },
};

function staticReasons(value: unknown, schemaKnown = false): string[] {
    const checker = new InputChecker();
    checkQueryArgs(checker, value, { schemaKnown });
    return checker.failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("Syncano queryArgs", () => {
    it("accepts names for the by-name types, integer ids for the others, and null for all", () => {
        assert.deepEqual(staticReasons({ class: ["books", "authors"], user: [1, 2], script: null, socket: [] }), []);
    });

    it("refuses ids where names are expected and the reverse, naming the type", () => {
        assert.deepEqual(staticReasons({ class: [1] }), ['queryArgs.class: queryArgs.class must be null (every class) or a list of names (strings): class is selected by name; got [1]']);
        assert.deepEqual(staticReasons({ data_object: ["1"] }), ['queryArgs.data_object: queryArgs.data_object must be null (every data_object) or a list of integer ids: data_object is selected by id; got ["1"]']);
        assert.match(staticReasons({ user: "all" })[0], /must be null \(every user\) or a list of integer ids/);
    });

    it("without the API's schema, names an unknown key and the documented ones; with it, leaves keys to the schema", () => {
        assert.match(staticReasons({ klass: null })[0], /^queryArgs: queryArgs has an unknown key "klass"; accepted: apns_config, apns_device, channel, class, data_endpoint, data_object, /);
        assert.deepEqual(staticReasons({ klass: null }, true), []);
    });

    it("checks against the schema OPTIONS serves, naming the offending key and the accepted ones", () => {
        assert.deepEqual(queryArgsSchemaFailures(strictSchema, { klass: null }), [{ property: "queryArgs", reason: 'queryArgs has an unknown key "klass"; accepted: class, data_object, user' }]);
        assert.deepEqual(queryArgsSchemaFailures(strictSchema, { class: [1] }), [{ property: "queryArgs.class", reason: "queryArgs.class[0] must be string; got 1" }]);
        assert.deepEqual(queryArgsSchemaFailures(strictSchema, { user: "all" }), [{ property: "queryArgs.user", reason: 'queryArgs.user must be null or a list of (integer); got "all"' }]);
        assert.deepEqual(queryArgsSchemaFailures(strictSchema, { class: ["books"], user: null }), []);
    });

    it("reads the seed's schema: every documented type, integers or strings", () => {
        const schema = seedSchema();
        assert.deepEqual(queryArgsSchemaFailures(schema, { class: ["books"], user: [1] }), []);
        const [failure] = queryArgsSchemaFailures(schema, { books: ["x"] });
        assert.match(failure.reason, /^queryArgs has an unknown key "books"; accepted: apns_config, apns_device, channel, class, data_endpoint, data_object, /);
        assert.equal(describeSchema((schema.properties as Record<string, Record<string, unknown>>).class), "null or a list of (integer or string)");
    });

    it("knows required, enum, oneOf and item counts", () => {
        assert.deepEqual(schemaProblems({ type: "object", required: ["a"] }, {}, "x"), [{ path: "x.a", reason: "is required" }]);
        assert.deepEqual(schemaProblems({ enum: ["a", "b"] }, "c", "x"), [{ path: "x", reason: 'must be one of "a", "b"; got "c"' }]);
        assert.deepEqual(schemaProblems({ oneOf: [{ type: "integer" }, { type: "number" }] }, 1, "x"), [{ path: "x", reason: "must match exactly one of: integer or number" }]);
        assert.deepEqual(schemaProblems({ type: "array", maxItems: 1 }, [1, 2], "x"), [{ path: "x", reason: "must hold at most 1 item(s)" }]);
    });
});
