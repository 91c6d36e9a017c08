import * as assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { parseContainerSasUrl, validateContainerSasUrl } from "../../../provider/core/sas/containerSasUrl";
import { mintContainerSasUrl } from "../../../provider/core/sas/mintContainerSas";

// An obviously fake key: base64 of a fixed test string.
const fakeKey = Buffer.from("FAKE-test-account-key-not-a-secret").toString("base64");

describe("container SAS URLs", () => {
    it("accepts path-style URLs on IP hosts (Azurite) and names the container", () => {
        const url = "https://127.0.0.1:10000/devaccount/backups?sv=2024-11-04&sr=c&sp=rw&se=2099-01-01T00%3A00%3A00Z&sig=FAKEsigTEST";
        assert.equal(parseContainerSasUrl(url)?.container, "backups");
        assert.deepEqual(validateContainerSasUrl("sas", url, { requiredPermissions: "w" }), []);
        const noContainer = "https://127.0.0.1:10000/devaccount?sv=2024-11-04&sr=c&sp=rw&se=2099-01-01T00%3A00%3A00Z&sig=FAKEsigTEST";
        assert.match(validateContainerSasUrl("sas", noContainer, { requiredPermissions: "w" })[0], /must point at a blob container/);
    });

    it("mints a container SAS whose signature is the HMAC of the service's string-to-sign", () => {
        const startsOn = new Date("2026-11-01T00:00:00Z");
        const expiresOn = new Date("2026-12-01T00:00:00Z");
        const url = mintContainerSasUrl({ accountName: "acct", accountKey: fakeKey, container: "backups", permissions: "wrld", startsOn, expiresOn });
        const info = parseContainerSasUrl(url)!;
        assert.equal(info.containerUrl, "https://acct.blob.core.windows.net/backups");
        assert.equal(info.signedResource, "c");
        assert.equal(info.permissions, "rwdl");
        assert.equal(info.expiresOn, expiresOn.toISOString());
        const q = new URL(url).searchParams;
        assert.equal(q.get("spr"), "https");
        // Recompute the signature from the documented string-to-sign (fields joined by newlines).
        const fields = [q.get("sp"), q.get("st"), q.get("se"), "/blob/acct/backups", "", "", q.get("spr"), q.get("sv"), "c", "", "", "", "", "", "", ""];
        const expected = createHmac("sha256", Buffer.from(fakeKey, "base64")).update(fields.join("\n"), "utf8").digest("base64");
        assert.equal(q.get("sig"), expected);
        assert.deepEqual(validateContainerSasUrl("sas", url, { requiredPermissions: "rw", now: startsOn }), []);
    });

    it("uses a path-style blob endpoint when one is given", () => {
        const url = mintContainerSasUrl({
            accountName: "acct", accountKey: fakeKey, container: "backups", blobEndpoint: "https://127.0.0.1:4444/acct/",
            permissions: "rw", startsOn: new Date(), expiresOn: new Date(Date.now() + 86_400_000),
        });
        assert.ok(url.startsWith("https://127.0.0.1:4444/acct/backups?"));
        assert.equal(parseContainerSasUrl(url)?.container, "backups");
    });
});
