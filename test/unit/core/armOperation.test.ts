import * as assert from "node:assert/strict";
import type * as http from "node:http";
import { createArmClient, type ArmClient, type ArmResponse } from "../../../provider/core/arm/armClient";
import { resolveAzureSettings } from "../../../provider/core/azureSettings";
import { isOperationDeadlineError, isOperationFailedError, type OperationDeadlineError, type OperationFailedError } from "../../../provider/core/errors";
import { pollArmOperation, resumeArmOperation, type OperationState } from "../../../provider/core/lro/armOperation";
import { capturingLogger, fakeCredential } from "./support/fakes";
import { json, startHttpsServer, testCertificate, type RecordedRequest, type TestServer } from "./support/testServer";

const sitePath = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app1";
type Route = (req: http.IncomingMessage, res: http.ServerResponse, recorded: RecordedRequest) => void;

describe("LRO", () => {
    let server: TestServer;
    let client: ArmClient;
    let routes: Record<string, Route>;

    before(async () => {
        server = await startHttpsServer((req, res, recorded) => {
            const route = routes[new URL(recorded.url, "https://x").pathname];
            if (route) route(req, res, recorded);
            else json(res, 404, { error: { code: "NotFound", message: `no route ${recorded.url}` } });
        });
        client = createArmClient(resolveAzureSettings({}, { armEndpoint: server.origin, caFile: testCertificate().caFile }), {
            credential: fakeCredential(),
            logger: capturingLogger(),
            retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 2 },
        });
    });
    beforeEach(() => {
        routes = {};
        server.requests.length = 0;
    });
    after(() => server.close());

    // Answers the given sequence, repeating the last entry.
    function sequence(...answers: Array<[number, unknown?, Record<string, string>?]>): Route {
        let i = 0;
        return (_req, res) => {
            const [status, body, headers] = answers[Math.min(i++, answers.length - 1)];
            json(res, status, body, headers);
        };
    }

    function first(status: number, headers: Record<string, string> = {}, body?: unknown): ArmResponse {
        return { status, headers, body, requestId: "req-first" };
    }

    const polls = (path: string) => server.requests.filter((r) => r.url.startsWith(path)).length;

    it("follows Azure-AsyncOperation, then reads the resource for a PUT", async () => {
        routes["/ops/put1"] = sequence([200, { status: "InProgress" }], [200, { status: "inprogress" }], [200, { status: "Succeeded" }]);
        routes[sitePath] = sequence([200, { id: sitePath, properties: { provisioningState: "Succeeded" } }]);
        const seen: OperationState[] = [];
        const result = await pollArmOperation<{ id: string }>(
            client,
            first(201, { "azure-async-operation": `${server.origin}/ops/put1?api-version=2024-11-01`, location: `${server.origin}/elsewhere` }, { properties: { provisioningState: "Creating" } }),
            { operation: "Sites.CreateOrUpdate", deadlineMs: 10_000, intervalMs: 5, resourcePath: sitePath, apiVersion: "2024-11-01", onProgress: (s) => seen.push(s) },
        );
        assert.equal(result?.body.id, sitePath);
        assert.equal(polls("/ops/put1"), 3);
        assert.equal(polls("/elsewhere"), 0);
        assert.equal(server.requests.at(-1)?.url, `${sitePath}?api-version=2024-11-01`);
        assert.deepEqual(seen.map((s) => s.status), ["running", "running", "running", "succeeded"]);
        assert.equal(seen[0].mode, "azure-async-operation");
    });

    it("knows the header as Azure spells it (Azure-AsyncOperation) and keeps the status properties (Azure Backup's job id)", async () => {
        routes["/ops/backup1"] = sequence([200, { status: "InProgress", properties: { objectType: "OperationStatusJobExtendedInfo", jobId: "job-1" } }], [200, { status: "Succeeded", properties: { objectType: "OperationStatusJobExtendedInfo", jobId: "job-1" } }]);
        const seen: OperationState[] = [];
        await pollArmOperation(client, first(202, { "azure-asyncoperation": `${server.origin}/ops/backup1`, location: `${server.origin}/results/backup1` }), {
            operation: "Backups.Trigger",
            deadlineMs: 10_000,
            intervalMs: 5,
            finalStateVia: "azure-async-operation",
            onProgress: (s) => seen.push(s),
        });
        assert.equal(seen[0].mode, "azure-async-operation", "not mistaken for the Location protocol");
        assert.equal(polls("/results/backup1"), 0);
        assert.deepEqual(seen.at(-1)?.properties, { objectType: "OperationStatusJobExtendedInfo", jobId: "job-1" });
    });

    it("reads Location for the result of a POST that gives both headers", async () => {
        routes["/ops/post1"] = sequence([200, { status: "Succeeded" }]);
        routes["/results/post1"] = sequence([200, { value: [1, 2] }]);
        const result = await pollArmOperation(client, first(202, { "azure-async-operation": `${server.origin}/ops/post1`, location: `${server.origin}/results/post1` }), {
            operation: "Backup.Trigger",
            deadlineMs: 10_000,
            intervalMs: 5,
        });
        assert.deepEqual(result?.body, { value: [1, 2] });
        const asOperation = await pollArmOperation(client, first(202, { "azure-async-operation": `${server.origin}/ops/post1`, location: `${server.origin}/results/post1` }), {
            operation: "Backup.Trigger",
            deadlineMs: 10_000,
            intervalMs: 5,
            finalStateVia: "azure-async-operation",
        });
        assert.deepEqual(asOperation?.body, { status: "Succeeded" });
    });

    it("follows Location: 202 while running, then the 200 body is the result", async () => {
        routes["/results/loc1"] = sequence([202, undefined, { location: `${server.origin}/results/loc1b` }]);
        routes["/results/loc1b"] = sequence([202], [200, { restored: true }]);
        const result = await pollArmOperation<{ restored: boolean }>(client, first(202, { location: `${server.origin}/results/loc1` }), { operation: "WebApps.Restore", deadlineMs: 10_000, intervalMs: 5 });
        assert.deepEqual(result?.body, { restored: true });
        assert.equal(polls("/results/loc1b"), 2, "follows the new Location a 202 hands out");
    });

    it("follows Location to a 204: done, no result", async () => {
        routes["/results/loc2"] = sequence([202], [204]);
        const result = await pollArmOperation(client, first(202, { location: `${server.origin}/results/loc2` }), { operation: "Containers.Refresh", deadlineMs: 10_000, intervalMs: 5 });
        assert.equal(result, undefined);
        assert.equal(polls("/results/loc2"), 2);
    });

    it("treats a non-PUT 202 with neither header as complete, and returns a plain 200 as it is", async () => {
        assert.equal(await pollArmOperation(client, first(202), { operation: "Jobs.Cancel", deadlineMs: 1000 }), undefined);
        const done = first(200, {}, { ok: true });
        assert.equal(await pollArmOperation(client, done, { operation: "X", deadlineMs: 1000 }), done);
        assert.equal(server.requests.length, 0);
    });

    it("polls the resource's provisioningState when a PUT answers without a poll header", async () => {
        routes[sitePath] = sequence([200, { properties: { provisioningState: "Updating" } }], [200, { properties: { provisioningState: "Succeeded" }, name: "app1" }]);
        const result = await pollArmOperation<{ name: string }>(client, first(201, {}, { properties: { provisioningState: "Creating" } }), {
            operation: "Sites.CreateOrUpdate",
            deadlineMs: 10_000,
            intervalMs: 5,
            resourcePath: sitePath,
            apiVersion: "2024-11-01",
        });
        assert.equal(result?.body.name, "app1");
        assert.equal(polls(sitePath), 2);
        assert.ok(server.requests.every((r) => r.url.endsWith("?api-version=2024-11-01")));
    });

    it("waits what Retry-After asks before polling", async () => {
        routes["/results/slow"] = sequence([200, { ok: true }]);
        const started = performance.now();
        await pollArmOperation(client, first(202, { location: `${server.origin}/results/slow`, "retry-after": "1" }), { operation: "Slow", deadlineMs: 10_000, intervalMs: 5 });
        const waited = performance.now() - started;
        assert.ok(waited >= 995, `waited ${waited} ms`);
    });

    it("fails with the service's code and message, redacted, quoting the request id", async () => {
        routes["/ops/fail"] = (_req, res) =>
            json(res, 200, { status: "Failed", error: { code: "BackupFailed", message: "Storage https://a.blob.core.windows.net/c?sp=w&sig=FAKEsignatureFORtests is read-only" } }, { "x-ms-request-id": "req-fail" });
        let error: OperationFailedError | undefined;
        try {
            await pollArmOperation(client, first(202, { "azure-async-operation": `${server.origin}/ops/fail` }), { operation: "WebApps.Backup", deadlineMs: 10_000, intervalMs: 5 });
        } catch (e) {
            assert.ok(isOperationFailedError(e), String(e));
            error = e;
        }
        assert.ok(error);
        assert.equal(error.code, "OperationFailed");
        assert.equal(error.serviceCode, "BackupFailed");
        assert.equal(error.requestId, "req-fail");
        assert.equal(error.message, "WebApps.Backup failed: BackupFailed: Storage https://a.blob.core.windows.net/c?sp=w&sig=REDACTED is read-only (request id req-fail)");
        assert.equal(error.state.status, "failed");
    });

    it("reports Canceled, and a failing Location poll, as OperationFailedError", async () => {
        routes["/ops/cancel"] = sequence([200, { status: "Canceled" }]);
        await assert.rejects(
            pollArmOperation(client, first(202, { "azure-async-operation": `${server.origin}/ops/cancel` }), { operation: "Restore", deadlineMs: 10_000, intervalMs: 5 }),
            (e: unknown) => isOperationFailedError(e) && e.code === "OperationCanceled" && /^Restore was canceled: /.test(e.message),
        );
        routes["/results/bad"] = sequence([400, { error: { code: "RestoreFailed", message: "Snapshot missing" } }, { "x-ms-request-id": "req-bad" }]);
        await assert.rejects(
            pollArmOperation(client, first(202, { location: `${server.origin}/results/bad` }), { operation: "WebApps.Restore", deadlineMs: 10_000, intervalMs: 5 }),
            (e: unknown) => isOperationFailedError(e) && e.serviceCode === "RestoreFailed" && e.message === "WebApps.Restore failed: RestoreFailed: Snapshot missing (request id req-bad)",
        );
    });

    it("stops at its own deadline with a clear, resumable error", async () => {
        let done = false;
        routes["/ops/long"] = (_req, res) => json(res, 200, { status: done ? "Succeeded" : "InProgress" });
        routes["/results/long"] = sequence([200, { finished: true }]);
        const started = performance.now();
        let error: OperationDeadlineError | undefined;
        try {
            await pollArmOperation(client, first(202, { "azure-async-operation": `${server.origin}/ops/long?api-version=1`, location: `${server.origin}/results/long` }), {
                operation: "WebApps.Backup",
                deadlineMs: 200,
                intervalMs: 20,
            });
        } catch (e) {
            assert.ok(isOperationDeadlineError(e), String(e));
            error = e;
        }
        assert.ok(error);
        const elapsed = performance.now() - started;
        assert.ok(elapsed >= 195 && elapsed < 2000, `${elapsed} ms`);
        assert.equal(error.code, "OperationDeadlineExceeded");
        assert.match(error.message, /^WebApps\.Backup did not finish within its deadline of 200 ms \(waited \d+ ms; still running, polling https:\/\/127\.0\.0\.1:\d+\/ops\/long\?api-version=1\)/);
        assert.ok(polls("/ops/long") >= 3);

        // The state survives JSON and picks up where it stopped.
        const stored = JSON.parse(JSON.stringify(error.state)) as OperationState;
        assert.deepEqual(stored, { mode: "azure-async-operation", status: "running", pollUrl: `${server.origin}/ops/long?api-version=1`, resultUrl: `${server.origin}/results/long` });
        done = true;
        const result = await resumeArmOperation(client, stored, { operation: "WebApps.Backup", deadlineMs: 10_000, intervalMs: 5 });
        assert.deepEqual(result?.body, { finished: true });
    });

    it("resumes from state saved by onProgress, in a new poll", async () => {
        routes["/results/resume"] = sequence([202], [202], [200, { id: "done" }]);
        let saved: string | undefined;
        const controller = new AbortController();
        await assert.rejects(
            pollArmOperation(client, first(202, { location: `${server.origin}/results/resume` }), {
                operation: "Restore",
                deadlineMs: 10_000,
                intervalMs: 5,
                signal: controller.signal,
                onProgress: (state) => {
                    saved = JSON.stringify(state);
                    // Simulates the process going away after the first poll.
                    if (polls("/results/resume") === 1) controller.abort(new Error("interrupted"));
                },
            }),
            /interrupted/,
        );
        const state = JSON.parse(saved as string) as OperationState;
        assert.equal(state.mode, "location");
        assert.equal(state.status, "running");
        const result = await resumeArmOperation<{ id: string }>(client, state, { operation: "Restore", deadlineMs: 10_000, intervalMs: 5 });
        assert.equal(result?.body.id, "done");
        assert.equal(polls("/results/resume"), 3);
    });

    it("resuming a stored failure throws it again without calling the service", async () => {
        const state: OperationState = { mode: "azure-async-operation", status: "failed", pollUrl: `${server.origin}/ops/x`, error: { code: "Conflict", message: "busy" } };
        await assert.rejects(resumeArmOperation(client, state, { operation: "Op", deadlineMs: 1000 }), (e: unknown) => isOperationFailedError(e) && e.serviceCode === "Conflict");
        assert.equal(server.requests.length, 0);
    });
});
