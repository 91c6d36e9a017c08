import { isDeepStrictEqual } from "node:util";
import type { StateBackend } from "../../harness/stateBackend";

/** The signature key the engine marks a secret value with in state. */
const secretSig = "4dabf18193072939515e22adb298388d";

/** What the backend keeps for a stack, per resource, and what one of our resources is made of. */
export interface CheckpointBytes {
    /** Bytes of the stack's checkpoint file (`.pulumi/stacks/<project>/<stack>.json`), as the backend writes it. */
    fileBytes: number;
    /** Resources of the measured type in it. */
    resources: number;
    /** fileBytes / resources: what each resource adds to every rewrite of the checkpoint. */
    fileBytesPerResource: number;
    /** Mean compact-JSON size of one resource's entry. */
    entryBytes: number;
    /** Length of the serialized provider (`__provider`), and how many copies one entry holds. */
    providerBytes: number;
    providerCopies: number;
    /** How the serialized provider's text divides: its header, and each function as a whole and as the function's own text. */
    providerLayout: ProviderLayout;
    /** Where one entry's compact-JSON bytes go (the first resource of the type; parts add up to `entryBytes` within a few bytes). */
    parts: EntryParts;
}

/** The parts of a serialized provider (`exports.handler = __f0; var __provider = {…}; function __f1() {…} …`). */
export interface ProviderLayout {
    /** `exports.handler` and the provider object literal (method table, captured strings). */
    headerBytes: number;
    /** One per serialized function (each method, and the handler returning the provider). */
    functions: Array<{ bytes: number; ownTextBytes: number }>;
}

/** Compact-JSON bytes of the parts of one resource entry. */
export interface EntryParts {
    /** `__provider` in inputs and outputs, key and quotes included. */
    provider: number;
    /** Inputs other than `__provider`. */
    inputs: number;
    /** Outputs other than `__provider`. */
    outputs: number;
    /** Outputs equal to the input of the same name (mirrors), `"key":value,` each. */
    mirroredOutputs: number;
    /** Secret envelopes (ciphertext and marker) in inputs and outputs. */
    secrets: number;
    /** `sourcePosition` and `stackTrace`: where the program declared the resource. */
    sourcePositions: number;
    /** `propertyDependencies`: one (empty) list per input the program gave. */
    propertyDependencies: number;
    /** `id`. */
    id: number;
    /** Everything else: urn, type, parent, provider reference, timestamps and punctuation. */
    envelope: number;
    /** Output names that mirror inputs. */
    mirroredNames: string[];
    /** `"key":value,` bytes of each input and output but `__provider`, largest first. */
    inputFields: Array<[string, number]>;
    outputFields: Array<[string, number]>;
}

/**
 * Reads a stack's checkpoint from its backend (a folder or blob storage, through the harness) and
 * measures the resources whose type ends with `typeSuffix`.
 */
export async function measureCheckpoint(backend: StateBackend, project: string, stackName: string, typeSuffix: string): Promise<CheckpointBytes> {
    const file = `.pulumi/stacks/${project}/${stackName}.json`;
    const text = await backend.readObject(file);
    if (text === undefined) throw new Error(`no checkpoint ${file} in ${backend.url}`);
    const resources: Array<Record<string, any>> = JSON.parse(text).checkpoint.latest.resources.filter((r: { type: string }) => r.type.endsWith(typeSuffix));
    if (resources.length === 0) throw new Error(`no ${typeSuffix} in ${file}`);
    const entryBytes = resources.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / resources.length;
    const first = resources[0];
    const provider = String(first.inputs?.__provider ?? "");
    const providerCopies = [first.inputs, first.outputs].filter((bag) => bag?.__provider !== undefined).length;
    return {
        fileBytes: Buffer.byteLength(text),
        resources: resources.length,
        fileBytesPerResource: Buffer.byteLength(text) / resources.length,
        entryBytes,
        providerBytes: provider.length,
        providerCopies,
        providerLayout: providerLayout(provider),
        parts: entryParts(first),
    };
}

function entryParts(entry: Record<string, any>): EntryParts {
    const inputs: Record<string, unknown> = { ...(entry.inputs ?? {}) };
    const outputs: Record<string, unknown> = { ...(entry.outputs ?? {}) };
    const providerBytes = ["inputs", "outputs"].reduce((sum, bag) => sum + (entry[bag]?.__provider !== undefined ? fieldBytes("__provider", entry[bag].__provider) : 0), 0);
    delete inputs.__provider;
    delete outputs.__provider;
    const mirroredNames = Object.keys(outputs).filter((key) => key in inputs && isDeepStrictEqual(outputs[key], inputs[key]));
    const mirroredOutputs = mirroredNames.reduce((sum, key) => sum + fieldBytes(key, outputs[key]), 0);
    const secrets = secretBytes(inputs) + secretBytes(outputs);
    const total = JSON.stringify(entry).length;
    const inputsBytes = JSON.stringify(inputs).length;
    const outputsBytes = JSON.stringify(outputs).length;
    const sourcePositions = fieldBytes("sourcePosition", entry.sourcePosition) + fieldBytes("stackTrace", entry.stackTrace);
    const propertyDependencies = fieldBytes("propertyDependencies", entry.propertyDependencies);
    const id = fieldBytes("id", entry.id);
    const envelope = total - providerBytes - inputsBytes - outputsBytes - sourcePositions - propertyDependencies - id;
    const fields = (bag: Record<string, unknown>) => Object.entries(bag).map(([key, value]): [string, number] => [key, fieldBytes(key, value)]).sort((a, b) => b[1] - a[1]);
    return {
        provider: providerBytes,
        inputs: inputsBytes,
        outputs: outputsBytes,
        mirroredOutputs,
        secrets,
        sourcePositions,
        propertyDependencies,
        id,
        envelope,
        mirroredNames,
        inputFields: fields(inputs),
        outputFields: fields(outputs),
    };
}

function providerLayout(text: string): ProviderLayout {
    const blocks = text.split(/\n(?=function __f\d+\()/);
    return {
        headerBytes: blocks[0].length,
        functions: blocks.slice(1).map((block) => ({
            bytes: block.length + 1,
            // The closure serializer wraps each function's own text in `return …;` inside a `with` scope.
            ownTextBytes: /\nreturn ([\s\S]*?);\n\n {4}\}\n {2}\}\)\.apply/.exec(block)?.[1].length ?? 0,
        })),
    };
}

/** Bytes of `"key":value,` in compact JSON. */
function fieldBytes(key: string, value: unknown): number {
    if (value === undefined) return 0;
    return JSON.stringify({ [key]: value }).length - 2 + 1;
}

function secretBytes(value: unknown): number {
    if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + secretBytes(v), 0);
    if (value === null || typeof value !== "object") return 0;
    if ((value as Record<string, unknown>)[secretSig] !== undefined) return JSON.stringify(value).length;
    return Object.values(value).reduce((sum: number, v) => sum + secretBytes(v), 0);
}
