import * as assert from "node:assert/strict";
import { providerNamespaceOf, resourceTypeOf, splitPath, subscriptionIdOf } from "../../../../../emulator/platform/arm/armPath";
import { Router } from "../../../../../emulator/platform/pipeline/router";

describe("emulator routing", function () {
    describe("splitPath", function () {
        it("decodes each segment after splitting, so %2F stays inside a name", () => {
            assert.deepEqual(splitPath("/a/b%3Bc/d%2Fe/"), ["a", "b;c", "d/e"]);
        });
        it("drops empty segments and keeps a stray % literally", () => {
            assert.deepEqual(splitPath("//a//100%/"), ["a", "100%"]);
        });
    });

    describe("ARM path parts", function () {
        const segments = splitPath("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/x/config/backup/list");
        it("finds namespace, subscription and resource type", () => {
            assert.equal(providerNamespaceOf(segments), "Microsoft.Web");
            assert.equal(subscriptionIdOf(segments), "s");
            assert.equal(resourceTypeOf(segments, "POST"), "sites/slots/config");
        });
        it("treats a trailing odd segment as a collection for GET", () => {
            assert.equal(resourceTypeOf(splitPath("/subscriptions/s/providers/Microsoft.Web/sites/app/backups"), "GET"), "sites/backups");
        });
    });

    describe("Router", function () {
        const router = new Router([
            { method: "PUT", template: "/subscriptions/{sub}/things/{name}", operation: "Things.Put", handler: "put" },
            { method: "DELETE", template: "/subscriptions/{sub}/things/{name}", operation: "Things.Delete", handler: "delete" },
        ]);

        it("matches literals case-insensitively and captures parameters as sent", () => {
            const lookup = router.lookup("put", ["SUBSCRIPTIONS", "abc", "Things", "MyThing"]);
            assert.equal(lookup.kind, "matched");
            if (lookup.kind === "matched") {
                assert.equal(lookup.route.handler, "put");
                assert.deepEqual(lookup.params, { sub: "abc", name: "MyThing" });
            }
        });

        it("tells a wrong method from an unknown path", () => {
            assert.deepEqual(router.lookup("GET", ["subscriptions", "a", "things", "b"]), { kind: "methodNotAllowed", allowedMethods: ["PUT", "DELETE"] });
            assert.deepEqual(router.lookup("PUT", ["subscriptions", "a", "things"]), { kind: "notFound" });
        });
    });
});
