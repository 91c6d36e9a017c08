import { LocalWorkspace, PulumiCommand, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { fieldChanges } from "./fieldChanges";
import type { ResourceFinding } from "./findings";
import { healthOf, shortType, type HealthOptions } from "./health";

/** Where the stacks are and how to reach the engine. */
export interface ScanTarget {
    /** The project folder (its Pulumi.yaml). */
    workDir: string;
    /** The stacks to scan; all stacks of the project when empty. */
    stacks: string[];
}

interface StepMetadata {
    op: string;
    urn: string;
    type: string;
    old?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
    new?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

// Engine-internal resources: the stack itself and default providers.
const isInternal = (type: string) => type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");

/** Opens the project's workspace with the CLI that PULUMI_ROOT names (if any) or the one on PATH. */
export async function openWorkspace(workDir: string): Promise<LocalWorkspace> {
    const pulumiCommand = process.env.PULUMI_ROOT ? await PulumiCommand.get({ root: process.env.PULUMI_ROOT }) : undefined;
    return LocalWorkspace.create({ workDir, ...(pulumiCommand ? { pulumiCommand } : {}) });
}

/** The stacks to scan: those asked for, or every stack of the project. */
export async function stacksOf(workspace: LocalWorkspace, asked: string[]): Promise<string[]> {
    if (asked.length > 0) return asked;
    return (await workspace.listStacks()).map((s) => s.name);
}

/**
 * Reads one stack's live state as `pulumi refresh --preview-only` does (providers' `read`; no state
 * is written, the program is not run) and reports per resource what drifted (inputs that read back
 * differently, resources gone) and its health from the live outputs.
 */
export async function scanStack(workspace: LocalWorkspace, stackName: string, health: HealthOptions): Promise<ResourceFinding[]> {
    const stack: Stack = await LocalWorkspace.selectStack({ stackName, workDir: workspace.workDir }, { pulumiCommand: workspace.pulumiCommand });
    const steps = new Map<string, StepMetadata>();
    await stack.previewRefresh({
        onEvent: (event: EngineEvent) => {
            const metadata = (event.resOutputsEvent ?? event.resourcePreEvent)?.metadata as StepMetadata | undefined;
            // The outputs event is the step's last word; a pre-event stands in when none follows (a delete).
            if (metadata && !isInternal(metadata.type) && (event.resOutputsEvent || !steps.has(metadata.urn))) steps.set(metadata.urn, metadata);
        },
    });
    return [...steps.values()].map((step): ResourceFinding => {
        const name = step.urn.slice(step.urn.lastIndexOf("::") + 2);
        const base = { stack: stackName, urn: step.urn, type: shortType(step.type), name };
        if (step.op === "delete" || step.op === "read-discard" || (step.op !== "same" && !step.new)) {
            return { ...base, drift: "deleted", changes: [], health: [] };
        }
        const changes = step.op === "same" ? [] : fieldChanges(step.old?.inputs, step.new?.inputs);
        return { ...base, drift: changes.length > 0 ? "drifted" : "ok", changes, health: healthOf(step.type, step.new?.outputs ?? {}, health) };
    });
}
