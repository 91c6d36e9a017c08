/** One HTTP request as it travels down the pipeline; policies copy it rather than mutate it. */
export interface PipelineRequest {
    method: string;
    /** Absolute URL. */
    url: string;
    /** Header names in lower case. */
    headers: Record<string, string>;
    /** Already serialized (JSON). */
    body?: string;
    /** Names the call in logs and errors, e.g. "WebApps.UpdateBackupConfiguration". */
    operation: string;
    /** Whether sending it twice is harmless; decides which failures may be retried. */
    isIdempotent: boolean;
    signal?: AbortSignal;
}

/** The answer, body read in full (ARM bodies are small JSON documents). */
export interface PipelineResponse {
    request: PipelineRequest;
    status: number;
    /** Header names in lower case; repeated headers joined with ", ". */
    headers: Record<string, string>;
    bodyText: string;
}

/** Sends a request and resolves with its answer; rejects only when there is no HTTP answer at all. */
export type SendRequest = (request: PipelineRequest) => Promise<PipelineResponse>;

/** Where a policy sits; the pipeline orders policies by phase, not by the order they are listed in. */
export type PipelinePhase = "serialize" | "retry" | "sign" | "log";

/** One step of the pipeline: does its one job, then calls `next`. */
export interface PipelinePolicy {
    readonly name: string;
    readonly phase: PipelinePhase;
    sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse>;
}
