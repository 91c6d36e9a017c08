import * as assert from "node:assert/strict";
import { jobIsAbout } from "../../../provider/azurebackup/jobSubject";

describe("jobIsAbout", () => {
    it("matches VM and file-share jobs by the item's name, in any case", () => {
        assert.equal(jobIsAbout("Web1", "web1"), true);
        assert.equal(jobIsAbout("web10", "web1"), false);
        assert.equal(jobIsAbout(undefined, "web1"), false);
    });

    it("matches SQL database jobs, named {instance}/{database} [{server}], by the database", () => {
        assert.equal(jobIsAbout("MSSQLSERVER/orders [sqlvm1.contoso.com]", "Orders"), true);
        assert.equal(jobIsAbout("MSSQLSERVER/orders-archive [sqlvm1]", "orders"), false);
        assert.equal(jobIsAbout("MSSQLSERVER/orders [sqlvm1]", "MSSQLSERVER"), false);
    });
});
