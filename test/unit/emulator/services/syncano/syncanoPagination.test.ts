import * as assert from "node:assert/strict";
import { paginate } from "../../../../../emulator/services/syncano/requests/pagination";
import { isWireError } from "../../../../../emulator/platform/pipeline/wireError";
import { apiClient, call, INSTANCE, useSyncano } from "./support/syncanoFixture";

const items = (...ids: number[]) => ids.map((id) => ({ id }));
const page = (query: string, all = items(1, 2, 3, 4, 5)) => {
    const result = paginate(all, new URLSearchParams(query), "/v1/backups/full/");
    return { next: result.next, prev: result.prev, ids: result.objects.map((item) => item.id) };
};

describe("emulator Syncano cursor pagination", function () {
    it("answers everything on one page by default (page size 100), without links", () => {
        assert.deepEqual(page(""), { next: null, prev: null, ids: [1, 2, 3, 4, 5] });
    });

    it("walks forward with direction=1 and last_pk, and back with direction=0", () => {
        const first = page("page_size=2");
        assert.deepEqual(first, { next: "/v1/backups/full/?page_size=2&direction=1&last_pk=2", prev: null, ids: [1, 2] });
        const second = page("page_size=2&direction=1&last_pk=2");
        assert.deepEqual(second, { next: "/v1/backups/full/?page_size=2&direction=1&last_pk=4", prev: "/v1/backups/full/?page_size=2&direction=0&last_pk=3", ids: [3, 4] });
        const third = page("page_size=2&direction=1&last_pk=4");
        assert.deepEqual(third, { next: null, prev: "/v1/backups/full/?page_size=2&direction=0&last_pk=5", ids: [5] });
        const back = page("page_size=2&direction=0&last_pk=5");
        assert.deepEqual(back.ids, [3, 4]);
        assert.equal(back.prev, "/v1/backups/full/?page_size=2&direction=0&last_pk=3");
        assert.equal(back.next, "/v1/backups/full/?page_size=2&direction=1&last_pk=4");
    });

    it("gives a next link whenever a page is full, even when nothing follows", () => {
        assert.equal(page("page_size=5").next, "/v1/backups/full/?page_size=5&direction=1&last_pk=5");
        assert.deepEqual(page("page_size=5&direction=1&last_pk=5"), { next: null, prev: "/v1/backups/full/?page_size=5&direction=0", ids: [] });
    });

    it("orders descending with ordering=desc, the cursor following that order", () => {
        const first = page("page_size=2&ordering=desc");
        assert.deepEqual(first, { next: "/v1/backups/full/?page_size=2&ordering=desc&direction=1&last_pk=4", prev: null, ids: [5, 4] });
        assert.deepEqual(page("page_size=2&ordering=desc&direction=1&last_pk=4").ids, [3, 2]);
        assert.deepEqual(page("page_size=2&ordering=desc&direction=0&last_pk=2").ids, [4, 3]);
    });

    it("caps page_size at 100 and refuses malformed parameters with 400 'Incorrect page parameter provided.'", () => {
        const many = Array.from({ length: 150 }, (_, index) => ({ id: index + 1 }));
        assert.equal(page("page_size=500", many).ids.length, 100);
        for (const query of ["page_size=abc", "page_size=-1", "direction=2", "direction=x", "last_pk=abc"]) {
            assert.throws(
                () => page(query),
                (error: unknown) => isWireError(error) && error.statusCode === 400 && JSON.stringify(error.toBody()) === '{"detail":"Incorrect page parameter provided."}',
                query,
            );
        }
    });

    describe("over HTTPS", function () {
        this.timeout(20_000);
        const world = useSyncano();

        it("pages the backup list with relative links that work as given", async () => {
            await world.emulator.control.setBehaviour({ scheduledMs: 0, runningMs: 0 });
            const api = apiClient(world.emulator, world.account.apiKey, "v2");
            for (let i = 0; i < 5; i++) {
                assert.equal((await api.post(`/instances/${INSTANCE}/backups/full/`)).status, 201);
                await world.emulator.control.waitForBackup(i + 1);
            }
            const seen: number[] = [];
            let next: string | null = `/v2/instances/${INSTANCE}/backups/full/?page_size=2`;
            while (next) {
                const answer = await call(world.emulator, "GET", next, { key: world.account.apiKey });
                assert.equal(answer.status, 200);
                assert.deepEqual(Object.keys(answer.json), ["next", "prev", "objects"]);
                seen.push(...answer.json.objects.map((item: any) => item.id));
                next = answer.json.next;
                if (next) assert.match(next, /^\/v2\/instances\/shop\/backups\/full\/\?page_size=2&direction=1&last_pk=\d+$/);
            }
            assert.deepEqual(seen, [1, 2, 3, 4, 5]);
            const malformed = await api.get(`/instances/${INSTANCE}/backups/full/?page_size=x`);
            assert.equal(malformed.status, 400);
        });
    });
});
