import type { ArmClient, ArmResponse } from "../arm/armClient";
import { isArmError } from "../arm/armError";
import { OperationDeadlineError, OperationFailedError } from "../errors";
import { parseRetryAfterMs } from "../http/retryAfter";
import { redact } from "../redact/sanitizer";
import { normalizeOperationStatus, type OperationState } from "./operationState";
import { pollUntilDone } from "./poller";

export type { OperationMode, OperationState, OperationStatus } from "./operationState";

/** How to follow one long-running ARM operation. */
export interface PollOptions {
    /** Names the operation in errors and logs, e.g. "WebApps.Restore". */
    operation: string;
    /** Our own overall budget (Pulumi's customTimeouts do not reach dynamic providers). */
    deadlineMs: number;
    /** Wait between polls when the server sends no Retry-After; default 2000. */
    intervalMs?: number;
    /** Longest wait between polls, whatever Retry-After says; default 60 000. */
    maxIntervalMs?: number;
    /** Called with a copy of the state after the first answer and after every poll: persist it to resume later. */
    onProgress?: (state: OperationState) => void;
    signal?: AbortSignal;
    /** Where the result is read once the operation succeeds (as `x-ms-long-running-operation-options` in the REST specs). */
    finalStateVia?: "azure-async-operation" | "location" | "original-uri";
    /**
     * The resource the request addressed, for PUT/PATCH: read for the result and polled when the service
     * answers without a poll header. Relative paths get `apiVersion` unless they carry one.
     */
    resourcePath?: string;
    /** api-version for reads of `resourcePath`. Poll URLs from the service carry their own. */
    apiVersion?: string;
}

/** Defaults of `PollOptions`. */
export const pollDefaults = Object.freeze({ intervalMs: 2_000, maxIntervalMs: 60_000 });

interface Progress {
    state: OperationState;
    /** The last answer seen; absent when resuming from stored state. */
    response?: ArmResponse;
}

type JsonRecord = Record<string, unknown>;

function record(value: unknown): JsonRecord | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

function serviceError(value: unknown, fallbackCode: string, fallbackMessage: string): { code: string; message: string } {
    const error = record(value);
    const code = typeof error?.code === "string" && error.code ? error.code : fallbackCode;
    const message = typeof error?.message === "string" && error.message ? error.message : fallbackMessage;
    return { code, message: redact(message) };
}

function provisioningState(body: unknown): unknown {
    return record(record(body)?.properties)?.provisioningState;
}

// Status of a resource read (body mode): its provisioningState, a missing one meaning done.
function bodyStatus(body: unknown): Pick<OperationState, "status" | "error"> {
    const raw = provisioningState(body);
    const status = raw === undefined ? "succeeded" : normalizeOperationStatus(raw);
    if (status === "failed" || status === "canceled") {
        const properties = record(record(body)?.properties);
        return { status, error: serviceError(properties?.error ?? record(body)?.error, `Provisioning${raw}`, `provisioningState is ${String(raw)}`) };
    }
    return { status };
}

function resultUrlFor(options: PollOptions, location: string | undefined, mode: OperationState["mode"]): string | undefined {
    switch (options.finalStateVia) {
        case "azure-async-operation":
            return undefined;
        case "original-uri":
            return options.resourcePath ?? location;
        case "location":
            // In location mode the last poll answer already is the Location result.
            return mode === "location" ? undefined : (location ?? options.resourcePath);
        default:
            // As the Azure SDK does: PUT/PATCH read the resource; POST reads Location; DELETE nothing.
            return options.resourcePath ?? (mode === "location" ? undefined : location);
    }
}

/**
 * Works out from the first answer how to follow the operation: Azure-AsyncOperation (preferred),
 * Location (202), the resource's provisioningState (PUT/PATCH without a poll header), or nothing to
 * follow (200/201/204, or a non-PUT 202 with neither header).
 */
export function initialOperationState(first: ArmResponse, options: PollOptions): OperationState {
    // The header is `Azure-AsyncOperation` (one hyphen); some services and docs write `Azure-Async-Operation`.
    const asyncOperation = first.headers["azure-asyncoperation"] ?? first.headers["azure-async-operation"];
    const location = first.headers["location"];
    if (asyncOperation && first.status !== 204) {
        return withoutUndefined({ mode: "azure-async-operation", status: "running", pollUrl: asyncOperation, resultUrl: resultUrlFor(options, location, "azure-async-operation") });
    }
    if (location && first.status === 202) {
        return withoutUndefined({ mode: "location", status: "running", pollUrl: location, resultUrl: resultUrlFor(options, location, "location") });
    }
    if (options.resourcePath && first.status !== 204) {
        const { status, error } = first.status === 202 ? { status: "running" as const, error: undefined } : bodyStatus(first.body);
        if (status === "running") return { mode: "body", status, pollUrl: options.resourcePath };
        return withoutUndefined({ mode: "none", status, error });
    }
    return { mode: "none", status: "succeeded" };
}

function withoutUndefined(state: OperationState): OperationState {
    return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined)) as unknown as OperationState;
}

function retryAfterOf(response: ArmResponse): number | undefined {
    return parseRetryAfterMs(response.headers);
}

async function pollOnce(client: ArmClient, progress: Progress, options: PollOptions, signal: AbortSignal): Promise<{ state: OperationState; response: ArmResponse; retryAfterMs?: number }> {
    const { state } = progress;
    const pollUrl = state.pollUrl as string;
    switch (state.mode) {
        case "azure-async-operation": {
            const response = await client.send({ method: "GET", path: pollUrl, operation: `${options.operation} poll`, expectedStatus: [200, 201, 202], signal });
            const body = record(response.body);
            const status = body?.status === undefined ? (response.status === 202 ? "running" : "succeeded") : normalizeOperationStatus(body.status);
            const next: OperationState = { ...state, status };
            const properties = record(body?.properties);
            if (properties) next.properties = properties;
            if (status === "failed" || status === "canceled") next.error = serviceError(body?.error, status === "failed" ? "OperationFailed" : "OperationCanceled", `status is ${String(body?.status)}`);
            return { state: next, response, retryAfterMs: retryAfterOf(response) };
        }
        case "location": {
            try {
                const response = await client.send({ method: "GET", path: pollUrl, operation: `${options.operation} poll`, expectedStatus: [200, 201, 202, 204], signal });
                if (response.status === 202) {
                    // The service may hand out a new poll URL with each answer.
                    return { state: { ...state, pollUrl: response.headers["location"] ?? pollUrl }, response, retryAfterMs: retryAfterOf(response) };
                }
                return { state: { ...state, status: "succeeded" }, response };
            } catch (error) {
                // In the Location protocol the operation's failure is the poll answering with an error.
                // Authorization, throttling and a vanished poll URL are not the operation's outcome.
                if (isArmError(error) && ![401, 403, 404, 429].includes(error.statusCode)) {
                    const failed: OperationState = { ...state, status: "failed", error: { code: error.code, message: error.serviceMessage } };
                    throw new OperationFailedError({ operation: options.operation, state: failed, requestId: error.requestId });
                }
                throw error;
            }
        }
        case "body": {
            const response = await client.send({ method: "GET", path: pollUrl, apiVersion: options.apiVersion, operation: `${options.operation} poll`, expectedStatus: [200, 201, 202], signal });
            const next: OperationState = { ...state, ...(response.status === 202 ? { status: "running" as const } : bodyStatus(response.body)) };
            return { state: next, response, retryAfterMs: retryAfterOf(response) };
        }
        default:
            return { state, response: progress.response as ArmResponse };
    }
}

async function readResult<T>(client: ArmClient, progress: Progress, options: PollOptions): Promise<ArmResponse<T> | undefined> {
    const { state, response } = progress;
    const read = async (path: string, apiVersion?: string): Promise<ArmResponse<T> | undefined> => {
        const result = await client.send<T>({ method: "GET", path, apiVersion, operation: `${options.operation} result`, expectedStatus: [200, 201, 204], signal: options.signal });
        return result.status === 204 ? undefined : result;
    };
    if (state.resultUrl && state.mode !== "body") return read(state.resultUrl, state.resultUrl === options.resourcePath ? options.apiVersion : undefined);
    if (state.mode === "none") return response && response.status !== 202 && response.status !== 204 ? (response as ArmResponse<T>) : undefined;
    // A resumed operation that had already finished has no last answer: read the poll URL once more.
    if (!response) return state.pollUrl && (state.mode !== "azure-async-operation" || options.finalStateVia === "azure-async-operation") ? read(state.pollUrl, state.mode === "body" ? options.apiVersion : undefined) : undefined;
    if (state.mode === "azure-async-operation") return options.finalStateVia === "azure-async-operation" ? (response as ArmResponse<T>) : undefined;
    return response.status === 204 ? undefined : (response as ArmResponse<T>);
}

async function follow<T>(client: ArmClient, initial: Progress, initialRetryAfterMs: number | undefined, options: PollOptions): Promise<ArmResponse<T> | undefined> {
    const report = (state: OperationState): void =>
        options.onProgress?.({ ...state, ...(state.error ? { error: { ...state.error } } : {}), ...(state.properties ? { properties: { ...state.properties } } : {}) });
    let last: Progress = initial;
    const requestIdOf = (progress: Progress): string | undefined => progress.response?.requestId;
    report(initial.state);
    if (initial.state.status === "running") {
        await pollUntilDone<Progress>({
            initial: { state: initial, retryAfterMs: initialRetryAfterMs },
            poll: async (progress, signal) => {
                const { state, response, retryAfterMs } = await pollOnce(client, progress, options, signal);
                last = { state, response };
                return { state: last, retryAfterMs };
            },
            isDone: (progress) => progress.state.status !== "running",
            deadlineMs: options.deadlineMs,
            intervalMs: options.intervalMs ?? pollDefaults.intervalMs,
            maxIntervalMs: options.maxIntervalMs ?? pollDefaults.maxIntervalMs,
            deadlineError: (progress, waitedMs) => new OperationDeadlineError({ operation: options.operation, deadlineMs: options.deadlineMs, waitedMs, state: progress.state }),
            onProgress: (progress) => report(progress.state),
            signal: options.signal,
        });
    }
    if (last.state.status === "failed" || last.state.status === "canceled") {
        throw new OperationFailedError({ operation: options.operation, state: last.state, requestId: requestIdOf(last) });
    }
    return readResult<T>(client, last, options);
}

/**
 * Follows a long-running ARM operation from its first answer to its result: polls at the server's
 * Retry-After (else `intervalMs`), within `deadlineMs`. Resolves with the result (per `finalStateVia`),
 * or undefined when the operation has none (204, DELETE). Throws OperationFailedError with the
 * service's code and message, or OperationDeadlineError whose `state` can be resumed.
 */
export async function pollArmOperation<T>(client: ArmClient, first: ArmResponse, options: PollOptions): Promise<ArmResponse<T> | undefined> {
    const state = initialOperationState(first, options);
    return follow<T>(client, { state, response: first }, retryAfterOf(first), options);
}

/**
 * Continues an operation from stored state (from `onProgress` or an OperationDeadlineError), polling
 * at once. A stored success reads the result; a stored failure throws it again.
 */
export async function resumeArmOperation<T>(client: ArmClient, state: OperationState, options: PollOptions): Promise<ArmResponse<T> | undefined> {
    return follow<T>(client, { state: { ...state } }, 0, options);
}
