import * as assert from "node:assert/strict";
import { fingerprint, redact, registerSecret, sanitizeUrl } from "../../../provider/core/redact/sanitizer";

describe("redact", () => {
    it("removes the SAS signature and keeps the rest of the URL readable", () => {
        const url = "https://acct.blob.core.windows.net/backups?sv=2024-08-04&sr=c&sp=rwdl&se=2030-01-01T00%3A00%3A00Z&sig=FAKEsignatureFORtests%2Babc%3D";
        const out = redact(`PUT failed for ${url} today`);
        assert.ok(!out.includes("FAKEsignatureFORtests"));
        assert.match(out, /https:\/\/acct\.blob\.core\.windows\.net\/backups\?sv=2024-08-04&sr=c&sp=rwdl&se=2030-01-01T00%3A00%3A00Z&sig=REDACTED today$/);
    });

    it("is idempotent and keeps the punctuation after a URL", () => {
        const once = redact("GET https://a.blob.core.windows.net/c?sp=r&sig=FAKEsig%2Bx%3D: failed (see https://x/?sig=FAKEother), done");
        assert.equal(once, "GET https://a.blob.core.windows.net/c?sp=r&sig=REDACTED: failed (see https://x/?sig=REDACTED), done");
        assert.equal(redact(once), once);
    });

    it("removes a signature inside a percent-encoded URL", () => {
        const out = redact("next=https%3A%2F%2Fa.blob.core.windows.net%2Fc%3Fsv%3D1%26sig%3DFAKEsigENCODED%252B%26se%3D2030");
        assert.ok(!out.includes("FAKEsigENCODED"));
        assert.match(out, /sig%3DREDACTED%26se%3D2030/);
    });

    it("removes AccountKey, SharedAccessKey and passwords from connection strings", () => {
        const out = redact(
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=FAKEaccountKEY123+/==;EndpointSuffix=core.windows.net | " +
                "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=FAKEsharedKEY= | " +
                "Server=tcp:db.database.windows.net;User ID=admin;Password=FAKEpass word;Encrypt=True | " +
                "Server=mysql;Uid=u;Pwd={FAKE;braced};Database=d",
        );
        for (const secret of ["FAKEaccountKEY123", "FAKEsharedKEY", "FAKEpass", "FAKE;braced"]) assert.ok(!out.includes(secret), `${secret} in ${out}`);
        assert.match(out, /AccountName=acct;AccountKey=REDACTED;EndpointSuffix=core\.windows\.net/);
        assert.match(out, /SharedAccessKeyName=root;SharedAccessKey=REDACTED/);
        assert.match(out, /User ID=admin;Password=REDACTED;Encrypt=True/);
        assert.match(out, /Pwd=REDACTED;Database=d/);
    });

    it("removes bearer tokens, client secrets and secret JSON fields", () => {
        const out = redact(
            'Authorization: Bearer FAKEeyJ0eXAi.FAKEpayload.FAKEsig | grant_type=client_credentials&client_secret=FAKEclientSECRET&scope=x | {"access_token":"FAKEaccess","password":"FAKEpw\\"q"}',
        );
        for (const secret of ["FAKEeyJ0eXAi", "FAKEclientSECRET", "FAKEaccess", "FAKEpw"]) assert.ok(!out.includes(secret), `${secret} in ${out}`);
        assert.match(out, /Bearer REDACTED \|/);
        assert.match(out, /client_secret=REDACTED&scope=x/);
        assert.match(out, /"access_token":"REDACTED","password":"REDACTED"/);
    });

    it("leaves ordinary prose alone", () => {
        const text = "WebApps.Restore failed: 404 ResourceNotFound: The Resource 'Microsoft.Web/sites/app1' was not found (request id abc). Bearer auth";
        assert.equal(redact(text), text);
    });

    it("removes registered secrets, also percent-encoded and JSON-escaped", () => {
        const secret = 'FAKEregistered/secret "value"';
        registerSecret(secret);
        const out = redact(`a ${secret} b ${encodeURIComponent(secret)} c ${JSON.stringify(secret)}`);
        assert.ok(!out.includes("FAKEregistered"), out);
        assert.equal(out, 'a REDACTED b REDACTED c "REDACTED"');
    });

    it("ignores registered values too short to be secrets", () => {
        registerSecret("ab");
        assert.equal(redact("a tab"), "a tab");
    });
});

describe("sanitizeUrl", () => {
    it("keeps allow-listed query parameters and hides the others", () => {
        const out = sanitizeUrl("https://user:FAKEpass@management.azure.com/subscriptions/s1/x?api-version=2024-11-01&token=FAKEtoken&sig=FAKEsig&sp=r");
        assert.equal(out, "https://management.azure.com/subscriptions/s1/x?api-version=2024-11-01&token=REDACTED&sig=REDACTED&sp=r");
    });

    it("redacts what it cannot parse", () => {
        assert.equal(sanitizeUrl("not a url sig=FAKEsig"), "not a url sig=REDACTED");
    });
});

describe("fingerprint", () => {
    it("is stable, prefixed and does not contain the secret", () => {
        const a = fingerprint("FAKEsecretVALUE");
        assert.equal(a, fingerprint("FAKEsecretVALUE"));
        assert.match(a, /^sha256:[0-9a-f]{16}$/);
        assert.notEqual(a, fingerprint("FAKEsecretVALUE2"));
        // sha256("abc") = ba7816bf8f01cfea…
        assert.equal(fingerprint("abc"), "sha256:ba7816bf8f01cfea");
    });
});
