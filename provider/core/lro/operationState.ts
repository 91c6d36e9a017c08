/** How an operation is followed: which URL is polled and what its answers mean. */
export type OperationMode = "azure-async-operation" | "location" | "body" | "none";

/** The small union every service status maps onto. */
export type OperationStatus = "running" | "succeeded" | "failed" | "canceled";

/**
 * Where a long-running operation stands. Plain JSON on purpose: store it (in outputs, in an error) and
 * hand it to `resumeArmOperation` to continue after a restart.
 */
export interface OperationState {
    mode: OperationMode;
    status: OperationStatus;
    /** The URL polled (Azure-AsyncOperation or Location header, or the resource for `body`). */
    pollUrl?: string;
    /** The URL read once the operation succeeds, when the result lives elsewhere than the last poll answer. */
    resultUrl?: string;
    /** The service's error, for `failed` and `canceled`. */
    error?: { code: string; message: string };
    /**
     * `properties` of the last operation-status answer (Azure-AsyncOperation mode), where some services
     * say more about the work: Azure Backup puts the job's id there (`jobId`, `jobIds`).
     */
    properties?: Record<string, unknown>;
}

/** Maps an ARM status string (`status` or `provisioningState`, any case) onto the operation status union. */
export function normalizeOperationStatus(status: unknown): OperationStatus {
    switch (typeof status === "string" ? status.toLowerCase() : "") {
        case "succeeded":
            return "succeeded";
        case "failed":
            return "failed";
        case "canceled":
        case "cancelled":
            return "canceled";
        // InProgress, Accepted, Creating, Updating, Deleting, … and anything new: keep polling.
        default:
            return "running";
    }
}

/** True once the operation has stopped, whatever the outcome. */
export function isTerminal(state: Pick<OperationState, "status">): boolean {
    return state.status !== "running";
}
