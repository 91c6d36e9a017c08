import * as assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { withoutDebugEvents } from "../../../harness/engineEvents";

/** Collects what the engine prints during one or more operations. */
export class EngineOutput {
    private readonly chunks: string[] = [];
    /** Pass as `onOutput` to an Automation API call. */
    readonly onOutput = (text: string): void => {
        this.chunks.push(text);
        if (process.env.E2E_VERBOSE) process.stdout.write(text);
    };
    /** Pass as `onEvent`: events are kept as JSON lines, debug-level diagnostics never (they hold secrets). */
    readonly onEvent = withoutDebugEvents((event: EngineEvent): void => {
        this.chunks.push(JSON.stringify(event) + "\n");
    });
    /** Everything printed (and every event kept) so far. */
    text(): string {
        return this.chunks.join("");
    }
}

/** Fails naming where a secret (or a distinctive part of it) appears in plaintext. */
export function assertNoSecrets(places: Record<string, string>, secrets: string[]): void {
    for (const [where, text] of Object.entries(places)) {
        for (const secret of secrets) {
            assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 12)}…) appears in plaintext in ${where}`);
        }
    }
}

/** Text of an error from the Automation API (CommandError carries the CLI's stdout and stderr). */
export function errorText(error: unknown): string {
    if (error instanceof Error) return `${error.message}\n${(error as { stdout?: string }).stdout ?? ""}\n${(error as { stderr?: string }).stderr ?? ""}`;
    return String(error);
}
