import * as assert from "node:assert/strict";
import { ArmError, isArmError, parseArmErrorBody } from "../../../provider/core/arm/armError";
import { isDeclarativeBackupsError } from "../../../provider/core/errors";

const operation = "WebApps.UpdateBackupConfiguration";

describe("ArmError", () => {
    it("reads ARM's {error:{code,message,target,details}} envelope and quotes the request id", () => {
        const error = ArmError.fromResponse({
            operation,
            statusCode: 404,
            headers: { "x-ms-request-id": "11111111-2222" },
            bodyText: JSON.stringify({
                error: {
                    code: "ResourceNotFound",
                    message: "The Resource 'Microsoft.Web/sites/app1' under resource group 'rg' was not found.",
                    target: "app1",
                    details: [{ code: "Inner", message: "inner detail" }, { unrelated: true }],
                },
            }),
        });
        assert.equal(error.code, "ResourceNotFound");
        assert.equal(error.statusCode, 404);
        assert.equal(error.requestId, "11111111-2222");
        assert.equal(error.operation, operation);
        assert.equal(error.target, "app1");
        assert.deepEqual(error.details, [{ code: "Inner", message: "inner detail" }]);
        assert.equal(
            error.message,
            "WebApps.UpdateBackupConfiguration failed: 404 ResourceNotFound: The Resource 'Microsoft.Web/sites/app1' under resource group 'rg' was not found. (request id 11111111-2222)",
        );
        assert.equal(error.name, "ArmError");
    });

    it("reads App Service's {Code, Message} shape", () => {
        const error = ArmError.fromResponse({
            operation,
            statusCode: 400,
            headers: { "x-ms-request-id": "req-as" },
            bodyText: JSON.stringify({ Code: "BadRequest", Message: "The storage URL is not valid.", Target: null, Details: [{ Message: "The storage URL is not valid." }, { Code: "BadRequest" }, { ErrorEntity: {} }] }),
        });
        assert.equal(error.code, "BadRequest");
        assert.equal(error.serviceMessage, "The storage URL is not valid.");
        assert.equal(error.details?.length, 2);
        assert.match(error.message, /^WebApps\.UpdateBackupConfiguration failed: 400 BadRequest: The storage URL is not valid\. \(request id req-as\)$/);
    });

    it("handles non-JSON bodies with a stable code from the status", () => {
        const error = ArmError.fromResponse({ operation, statusCode: 502, headers: {}, bodyText: "<html><body><h1>502 Bad Gateway</h1></body></html>", clientRequestId: "client-1" });
        assert.equal(error.code, "BadGateway");
        assert.equal(error.requestId, undefined);
        assert.equal(error.message, "WebApps.UpdateBackupConfiguration failed: 502 BadGateway: 502 Bad Gateway (client request id client-1)");
        const empty = ArmError.fromResponse({ operation, statusCode: 409, headers: { "x-ms-error-code": "Conflict" }, bodyText: "" });
        assert.equal(empty.code, "Conflict");
        assert.match(empty.message, /409 Conflict: Conflict$/);
    });

    it("redacts secrets the service echoes back", () => {
        const error = ArmError.fromResponse({
            operation,
            statusCode: 400,
            headers: { "x-ms-request-id": "r" },
            bodyText: JSON.stringify({ error: { code: "InvalidSas", message: "Cannot use https://a.blob.core.windows.net/c?sp=rw&sig=FAKEsignatureFORtests" } }),
        });
        assert.ok(!error.message.includes("FAKEsignatureFORtests"));
        assert.ok(!error.serviceMessage.includes("FAKEsignatureFORtests"));
        assert.match(error.message, /sp=rw&sig=REDACTED/);
    });

    it("is recognised by brand, even when it is not an instance of this copy's class", () => {
        const error = new ArmError({ operation, statusCode: 404, code: "ResourceNotFound", message: "gone" });
        assert.ok(isArmError(error));
        assert.ok(isDeclarativeBackupsError(error));
        // What another copy of the module would produce: a different class, the same registered brand.
        const foreign = Object.assign(new Error("x"), { [Symbol.for("declarative-backups.error.ArmError")]: true });
        assert.ok(isArmError(foreign));
        assert.ok(!isArmError(new Error("plain")));
        assert.ok(!isArmError(undefined));
    });

    it("parseArmErrorBody returns undefined for bodies that are not errors", () => {
        assert.equal(parseArmErrorBody("not json"), undefined);
        assert.equal(parseArmErrorBody("{}"), undefined);
        assert.equal(parseArmErrorBody("[1,2]"), undefined);
        assert.deepEqual(parseArmErrorBody('{"odata.error":{"code":"X","message":{"lang":"en","value":"y"}}}'), { code: "X", message: "y" });
    });
});
