import type { EngineEvent } from "@pulumi/pulumi/automation";

/**
 * Wraps an Automation API `onEvent` handler so it never sees debug-level diagnostics. The Node SDK logs
 * `RegisterResource RPC finished … resp: …` at debug level with secret inputs in plaintext (the SDK
 * unwraps them before logging), so anything of ours that keeps, prints or forwards engine events (the
 * demo, the tests' captured output, the report command) goes through this filter.
 */
export function withoutDebugEvents(handler: (event: EngineEvent) => void): (event: EngineEvent) => void {
    return (event) => {
        if (isDebugEvent(event)) return;
        handler(event);
    };
}

/** A diagnostic the engine or the SDK logged at debug level. */
export function isDebugEvent(event: EngineEvent): boolean {
    // The SDK's type leaves "debug" out of the severities, but the engine sends it for --debug runs.
    return (event.diagnosticEvent?.severity as string | undefined) === "debug";
}
