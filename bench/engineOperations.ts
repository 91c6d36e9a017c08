import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../emulator/server";
import type { RequestLogSummary } from "../emulator/platform/diagnostics/requestLog";
import { fakeContainerSasUrl } from "../harness/fakeSas";
import { createLocalStack, repoRoot, type LocalStack, type StateBackendOptions } from "../harness/localStack";
import { BackupSchedule, type BackupScheduleArgs } from "../provider/appservice/backupSchedule";
import { VmProtection } from "../provider/azurebackup/vmProtection";
import { measureCheckpoint, type CheckpointBytes } from "./support/checkpointBytes";
import { NoopResource, ScheduleShapeResource, SecretNoopResource } from "./support/floorResources";
import { ProcessPeakSampler, reapedChildrenCpuSeconds, type ProcessPeaks } from "./support/processPeaks";
import { median, min, numberList } from "./support/stats";

/**
 * Prints numbers: `up`, `preview`, `preview --refresh`, `refresh` and `destroy` of N of our resources
 * through the real engine (Automation API, default parallelism) against the emulator, interleaved
 * with the floor (N no-op dynamic resources on one shared trivial provider), repeated, on a file
 * backend and, at BENCH_AZBLOB_N, on the emulator's blob storage (the diy backend a team uses);
 * with the requests each operation sends, the tokens fetched, the CLI's and the provider process's
 * peak memory, the state each resource adds, and one pass with added latency. Run with
 * `npm run bench` (scripts/bench.sh); see BENCHMARKS.md for the settings.
 *
 * Environment: BENCH_N (default 50,200,1000), BENCH_REPEAT (one count, or one per N; default 3, and
 * 1 for N >= 1000), BENCH_VARIANTS (default floor,floorSecrets,schedule,scheduleShape,vm), BENCH_VM_MAX_N (default
 * 200, which keeps the default run's length; the emulator is fast enough for 1000 since issue 11's third increment),
 * BENCH_LATENCY_N (default 200; 0 skips the latency pass), BENCH_LATENCY_MS (default 50),
 * BENCH_OPERATIONS (default all five), BENCH_STACK_ENV (extra CLI variables, NAME=value,…),
 * BENCH_BACKENDS (default file,azblob), BENCH_AZBLOB_N (sizes the blob backend runs at; default 200).
 */

const subscriptionId = "00000000-0000-0000-0000-0000000be4c9";
const siteGroup = "Bench-Apps";
const vault = { subscriptionId, resourceGroupName: "Bench-Backup", vaultName: "BenchVault" };
const vaultId = `/subscriptions/${subscriptionId}/resourceGroups/${vault.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${vault.vaultName}`;
const vmGroup = "Bench-Vms";

/**
 * Azure Backup's operations (discovery, ConfigureBackup, DisableBackup) finish at once and say
 * Retry-After 0, so one poll sees each done: what is measured is our work and the protocol's round
 * trips, not the service's minutes (the live service answers Retry-After 60). No first backup runs.
 */
const backupTimings = {
    refreshMs: 0,
    inquireMs: 0,
    registerMs: 0,
    unregisterMs: 0,
    configureMs: 0,
    disableMs: 0,
    deleteMs: 0,
    undeleteMs: 0,
    retryAfterSeconds: 0,
    firstBackupImmediately: false,
    // The emulator pages protectable items by 2 to exercise nextLink; N VMs would then cost N/2 pages per lookup.
    pageSize: 200,
};

const siteName = (i: number) => `app-${String(i).padStart(4, "0")}`;
const vmName = (i: number) => `vm-${String(i).padStart(4, "0")}`;
const resourceName = (i: number) => `r${String(i).padStart(4, "0")}`;

/** One SAS for every schedule, as a stack with one backup container would have. */
const sas = fakeContainerSasUrl({ account: "benchbackups", container: "app-backups", expiresInDays: 90 });

function scheduleArgs(i: number): BackupScheduleArgs {
    return {
        siteId: `/subscriptions/${subscriptionId}/resourceGroups/${siteGroup}/providers/Microsoft.Web/sites/${siteName(i)}`,
        frequencyInterval: 1,
        frequencyUnit: "Day",
        retentionPeriodInDays: 30,
        startTime: "2026-01-01T02:00:00Z",
        storageAccountUrl: sas,
        databases: [{ databaseType: "SqlAzure", name: "orders", connectionString: `Server=tcp:bench.database.windows.net;Database=orders;User ID=app;Password=FAKEbench-${i}` }],
    };
}

/** A program shape: what N resources of one kind are. */
interface Variant {
    name: string;
    /** Column title. */
    title: string;
    /** Type token suffix of its resources in state. */
    typeSuffix: string;
    /** Whether it talks to the emulator (requests, tokens). */
    callsApis: boolean;
    /** Largest N it runs at (the emulator's cost may grow faster than ours). */
    maxN?: number;
    declare(n: number): void;
}

const allVariants: Variant[] = [
    { name: "floor", title: "floor (no-op)", typeSuffix: "bench:Noop", callsApis: false, declare: (n) => times(n, (i) => new NoopResource(resourceName(i))) },
    {
        name: "floorSecrets",
        title: "floor with secrets",
        typeSuffix: "bench:SecretNoop",
        callsApis: false,
        declare: (n) => times(n, (i) => new SecretNoopResource(resourceName(i), { sas, connectionString: `Server=tcp:bench.database.windows.net;Database=orders;User ID=app;Password=FAKEbench-${i}` })),
    },
    { name: "schedule", title: "BackupSchedule", typeSuffix: "appservice:BackupSchedule", callsApis: true, declare: (n) => times(n, (i) => new BackupSchedule(resourceName(i), scheduleArgs(i))) },
    {
        name: "scheduleShape",
        title: "BackupSchedule shape, no calls",
        typeSuffix: "appservice:BackupSchedule",
        callsApis: false,
        declare: (n) => times(n, (i) => new ScheduleShapeResource(resourceName(i), scheduleArgs(i))),
    },
    {
        name: "vm",
        title: "VmProtection",
        typeSuffix: "azurebackup:VmProtection",
        callsApis: true,
        maxN: numberList(process.env.BENCH_VM_MAX_N, [200])[0],
        declare: (n) =>
            times(n, (i) => new VmProtection(resourceName(i), { vaultId, vmId: `/subscriptions/${subscriptionId}/resourceGroups/${vmGroup}/providers/Microsoft.Compute/virtualMachines/${vmName(i)}`, policyName: "DefaultPolicy", includedDiskLuns: [0] })),
    },
];

function times(n: number, make: (i: number) => unknown): void {
    for (let i = 0; i < n; i++) make(i);
}

type OperationName = "up" | "preview" | "preview --refresh" | "refresh" | "destroy";

/** Where a bench stack keeps its state. */
type BackendName = "file" | "azblob";

const allBackends: BackendName[] = ["file", "azblob"];

/** One container for every blob-backed stack of a run: each is its own project in it, as a team's stacks are. */
const benchStateContainer = "bench-state";

const allOperations: Record<OperationName, (stack: Stack) => Promise<unknown>> = {
    up: (stack) => stack.up(),
    preview: (stack) => stack.preview(),
    "preview --refresh": (stack) => stack.preview({ refresh: true }),
    refresh: (stack) => stack.refresh(),
    destroy: (stack) => stack.destroy(),
};

/** One operation of one variant at one N. */
interface Measurement {
    n: number;
    repeat: number;
    operation: OperationName;
    variant: string;
    backend: BackendName;
    latencyMs: number;
    seconds: number;
    armRequests: number;
    tokenRequests: number;
    /** ARM requests by operation name. */
    byOperation: Record<string, number>;
    /** Mean time the emulator took to answer a request (of the last 1000), in ms. */
    emulatorMsPerRequest: number;
    peaks: ProcessPeaks;
    /** CPU seconds: the CLI with every process it waited for (providers included); the providers alone (sampled); this process (the inline program, the Automation API's server and the emulator). */
    cpu: { cliAndChildren: number; provider: number; host: number };
}

interface Settings {
    sizes: number[];
    repeats: number[];
    variants: Variant[];
    operations: OperationName[];
    latencyN: number;
    latencyMs: number;
    backends: BackendName[];
    /** Sizes the blob backend runs at (the file backend runs at every size). */
    azblobSizes: number[];
}

function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
    const sizes = numberList(env.BENCH_N, [50, 200, 1000]);
    const repeatList = numberList(env.BENCH_REPEAT, []);
    const repeats = sizes.map((n, i) => repeatList.length === 0 ? (n >= 1000 ? 1 : 3) : repeatList.length === 1 ? repeatList[0] : repeatList[i] ?? repeatList[repeatList.length - 1]);
    const variantNames = (env.BENCH_VARIANTS ?? allVariants.map((v) => v.name).join(",")).split(",").map((s) => s.trim());
    const variants = variantNames.map((name) => {
        const variant = allVariants.find((v) => v.name === name);
        if (!variant) throw new Error(`BENCH_VARIANTS: unknown variant ${name}; known: ${allVariants.map((v) => v.name).join(", ")}`);
        return variant;
    });
    if (!variants.some((v) => v.name === "floor")) variants.unshift(allVariants[0]);
    const operationNames = (env.BENCH_OPERATIONS ?? Object.keys(allOperations).join(",")).split(",").map((s) => s.trim()) as OperationName[];
    for (const name of operationNames) if (!(name in allOperations)) throw new Error(`BENCH_OPERATIONS: unknown operation ${name}`);
    // up first and destroy last whatever the order given: the others need the resources to exist.
    const operations = (Object.keys(allOperations) as OperationName[]).filter((name) => name === "up" || name === "destroy" || operationNames.includes(name));
    const backends = (env.BENCH_BACKENDS ?? allBackends.join(",")).split(",").map((s) => s.trim()) as BackendName[];
    for (const name of backends) if (!allBackends.includes(name)) throw new Error(`BENCH_BACKENDS: unknown backend ${name}; known: ${allBackends.join(", ")}`);
    // The file backend is what every ratio to the floor and the state figures are read from.
    if (!backends.includes("file")) backends.unshift("file");
    return {
        sizes,
        repeats,
        variants,
        operations,
        latencyN: numberList(env.BENCH_LATENCY_N, [200])[0],
        latencyMs: numberList(env.BENCH_LATENCY_MS, [50])[0],
        backends,
        azblobSizes: numberList(env.BENCH_AZBLOB_N, [200]),
    };
}

/** Empties the emulator and seeds n apps and n VMs (and the vault), so every repeat starts alike: VMs not yet discovered. */
async function seed(emulator: RunningEmulator, n: number): Promise<void> {
    const control = emulator.control;
    await control.reset();
    await control.putSubscription(subscriptionId);
    for (const group of [siteGroup, vault.resourceGroupName, vmGroup]) await control.putResourceGroup(subscriptionId, group, "westeurope");
    await control.putVault(vault);
    await control.setRecoveryServicesBehaviour(backupTimings);
    const batch = 16;
    for (let start = 0; start < n; start += batch) {
        await Promise.all(
            Array.from({ length: Math.min(batch, n - start) }, async (_, k) => {
                const i = start + k;
                await control.putSite(subscriptionId, siteGroup, siteName(i), "westeurope");
                await control.putVirtualMachine(subscriptionId, vmGroup, vmName(i), { dataDiskLuns: [0, 1] });
            }),
        );
    }
}

/** BENCH_STACK_ENV: extra variables for the CLI, e.g. `PULUMI_SKIP_CHECKPOINTS=true` (comma-separated NAME=value). */
function extraStackEnv(text: string | undefined): Record<string, string> {
    const env: Record<string, string> = {};
    for (const pair of (text ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
        const at = pair.indexOf("=");
        if (at <= 0) throw new Error(`BENCH_STACK_ENV: expected NAME=value, got ${pair}`);
        env[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return env;
}

function stackEnv(emulator: RunningEmulator): Record<string, string> {
    return { ...emulator.env, DECLARATIVE_BACKUPS_RETRY_BASE_MS: "20", DECLARATIVE_BACKUPS_POLL_INTERVAL_MS: "100", ...extraStackEnv(process.env.BENCH_STACK_ENV) };
}

const workRoot = path.join(repoRoot, ".test-work", `bench-${process.pid}`);

/** A bench stack's project: one per variant, size, tag and backend, so stacks sharing the blob container never meet. */
const projectOf = (variant: Variant, n: number, tag: string, backend: BackendName) => `bench-${variant.name}-${n}-${tag}-${backend}`;

function backendOptions(emulator: RunningEmulator, backend: BackendName): StateBackendOptions {
    if (backend === "file") return { kind: "file" };
    if (!emulator.storage) throw new Error("the blob backend needs the emulator's storage");
    return { kind: "azblob", storage: emulator.storage, caFile: emulator.caFile, container: benchStateContainer };
}

/** A stack per variant and backend, keyed `<backend>:<variant>`. */
async function createStacks(emulator: RunningEmulator, variants: Variant[], backends: BackendName[], n: number, tag: string): Promise<Map<string, LocalStack>> {
    const stacks = new Map<string, LocalStack>();
    for (const backend of backends) {
        for (const variant of variants) {
            stacks.set(
                `${backend}:${variant.name}`,
                await createLocalStack({
                    projectName: projectOf(variant, n, tag, backend),
                    workDir: path.join(workRoot, `${tag}-${variant.name}-${n}-${backend}`),
                    program: async () => variant.declare(n),
                    env: stackEnv(emulator),
                    backend: backendOptions(emulator, backend),
                }),
            );
        }
    }
    return stacks;
}

const sampler = new ProcessPeakSampler();

async function measure(emulator: RunningEmulator, local: LocalStack, variant: Variant, backend: BackendName, operation: OperationName, n: number, repeat: number, latencyMs: number): Promise<Measurement> {
    await emulator.control.clearRequests();
    sampler.start();
    const childrenBefore = reapedChildrenCpuSeconds();
    const hostBefore = process.cpuUsage();
    const started = performance.now();
    let result: unknown;
    try {
        result = await allOperations[operation](local.stack);
    } catch (error) {
        sampler.stop();
        const detail = error instanceof Error ? `${error.message}\n${String((error as { stderr?: string }).stderr ?? "").slice(-4000)}` : String(error);
        throw new Error(`${operation} of ${n} ${variant.name} on the ${backend} backend failed: ${detail}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const host = process.cpuUsage(hostBefore);
    const peaks = sampler.stop();
    const cpu = { cliAndChildren: reapedChildrenCpuSeconds() - childrenBefore, provider: peaks.providerCpuSeconds, host: (host.user + host.system) / 1e6 };
    checkOutcome(operation, result, n, variant);
    const requests: RequestLogSummary = await emulator.control.getRequests();
    const byOperation: Record<string, number> = {};
    for (const [name, counts] of Object.entries(requests.byOperation)) if (!["Token", "OpenIdConfiguration", "Keys"].includes(name)) byOperation[name] = counts.count;
    const served = requests.entries;
    const emulatorMsPerRequest = served.length ? served.reduce((sum, e) => sum + e.durationMs, 0) / served.length : 0;
    const m: Measurement = { n, repeat, operation, variant: variant.name, backend, latencyMs, seconds, armRequests: requests.armRequests, tokenRequests: requests.byOperation.Token?.count ?? 0, byOperation, emulatorMsPerRequest, peaks, cpu };
    process.stderr.write(
        `[bench] N=${n} #${repeat}${latencyMs ? ` +${latencyMs}ms` : ""} ${operation.padEnd(17)} ${variant.name.padEnd(13)} ${backend.padEnd(6)} ${seconds.toFixed(2).padStart(7)} s` +
            `  ARM ${m.armRequests}  tokens ${m.tokenRequests}  CLI ${(peaks.cliPeakKiB / 1024).toFixed(0)} MiB  provider ${(peaks.providerPeakKiB / 1024).toFixed(0)} MiB x${peaks.providerProcesses}` +
            `  CPU s: CLI+children ${cpu.cliAndChildren.toFixed(1)} provider ${cpu.provider.toFixed(1)} host ${cpu.host.toFixed(1)}  emulator ${emulatorMsPerRequest.toFixed(1)} ms/req\n`,
    );
    return m;
}

/** Fails when an operation did not do what is measured (a timing of the wrong work is worse than none). */
function checkOutcome(operation: OperationName, result: unknown, n: number, variant: Variant): void {
    const r = result as { summary?: { resourceChanges?: Record<string, number> }; changeSummary?: Record<string, number> };
    const changes = r.summary?.resourceChanges ?? r.changeSummary ?? {};
    const expected: Record<OperationName, [string, number]> = { up: ["create", n + 1], preview: ["same", n + 1], "preview --refresh": ["same", n + 1], refresh: ["same", n + 1], destroy: ["delete", n + 1] };
    const [kind, count] = expected[operation];
    if (changes[kind] !== count) throw new Error(`${operation} of ${n} ${variant.name}: expected ${count} ${kind}, got ${JSON.stringify(changes)}`);
}

/**
 * Runs every operation on every variant and backend, interleaved: each operation goes round the
 * variants on each backend, in an order rotated per repeat, so the blob backend runs beside the file
 * backend under the same load.
 */
async function runSize(emulator: RunningEmulator, settings: Settings, n: number, repeats: number, results: Measurement[], states: Map<string, CheckpointBytes>): Promise<void> {
    const variants = settings.variants.filter((v) => v.maxN === undefined || n <= v.maxN);
    const backends = settings.backends.filter((b) => b === "file" || settings.azblobSizes.includes(n));
    const stacks = await createStacks(emulator, variants, backends, n, "main");
    const runs = backends.flatMap((backend) => variants.map((variant) => ({ backend, variant })));
    try {
        for (let repeat = 1; repeat <= repeats; repeat++) {
            await seed(emulator, n);
            const order = rotate(runs, repeat - 1);
            for (const operation of settings.operations) {
                for (const { backend, variant } of order) {
                    const local = stacks.get(`${backend}:${variant.name}`)!;
                    results.push(await measure(emulator, local, variant, backend, operation, n, repeat, 0));
                    // The checkpoint's bytes are the same on either backend: measured once, on the file backend.
                    if (operation === "up" && repeat === 1 && backend === "file") {
                        states.set(`${variant.name}@${n}`, await measureCheckpoint(local.backend, projectOf(variant, n, "main", backend), local.stack.name, variant.typeSuffix));
                    }
                }
            }
        }
    } finally {
        for (const local of stacks.values()) await local.remove();
    }
}

/** One pass with every ARM and token request delayed by `latencyMs`. */
async function runLatency(emulator: RunningEmulator, settings: Settings, results: Measurement[]): Promise<void> {
    const n = settings.latencyN;
    const variants = settings.variants.filter((v) => v.name !== "scheduleShape" && (v.maxN === undefined || n <= v.maxN));
    const stacks = await createStacks(emulator, variants, ["file"], n, "latency");
    try {
        await seed(emulator, n);
        await emulator.control.addFault({ kind: "latency", latencyMs: settings.latencyMs, pathPattern: "^/" });
        for (const operation of settings.operations) {
            for (const variant of variants) results.push(await measure(emulator, stacks.get(`file:${variant.name}`)!, variant, "file", operation, n, 1, settings.latencyMs));
        }
    } finally {
        await emulator.control.clearFaults();
        for (const local of stacks.values()) await local.remove();
    }
}

function rotate<T>(items: T[], by: number): T[] {
    const k = by % items.length;
    return [...items.slice(k), ...items.slice(0, k)];
}

function machine(): Record<string, string> {
    const cpu = os.cpus();
    const pulumiVersion = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
    const sdkVersion = JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules/@pulumi/pulumi/package.json"), "utf8")).version;
    return {
        nproc: String(os.availableParallelism()),
        cpu: `${cpu[0]?.model ?? "?"}`,
        memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
        kernel: os.release(),
        node: process.version,
        "pulumi CLI": pulumiVersion,
        "@pulumi/pulumi": sdkVersion,
        backend: "file (local) and, at BENCH_AZBLOB_N, azblob (the emulator's Azurite over HTTPS on 127.0.0.1, shared key); PULUMI_CONFIG_PASSPHRASE secrets",
        parallelism: "engine default (--parallel 8 = 4 × nproc)",
        ...(process.env.BENCH_STACK_ENV ? { "extra CLI environment": process.env.BENCH_STACK_ENV } : {}),
    };
}

// ---- report -------------------------------------------------------------------------------------

const fmt = (seconds: number) => (Number.isNaN(seconds) ? "–" : seconds.toFixed(2));

function pick(results: Measurement[], n: number, operation: string, variant: string, latencyMs = 0, backend: BackendName = "file"): Measurement[] {
    return results.filter((m) => m.n === n && m.operation === operation && m.variant === variant && m.latencyMs === latencyMs && m.backend === backend);
}

function timingTable(results: Measurement[], settings: Settings, n: number): string {
    const others = settings.variants.filter((v) => v.name !== "floor");
    const lines = [
        `| operation | floor (no-op) min / median s | ${others.map((v) => `${v.title} min / median s | × floor (median; min)`).join(" | ")} |`,
        `| --- | --- | ${others.map(() => "--- | ---").join(" | ")} |`,
    ];
    for (const operation of settings.operations) {
        const floor = pick(results, n, operation, "floor").map((m) => m.seconds);
        const cells = others.map((v) => {
            const ours = pick(results, n, operation, v.name).map((m) => m.seconds);
            if (ours.length === 0) return "– | –";
            return `${fmt(min(ours))} / ${fmt(median(ours))} | ${(median(ours) / median(floor)).toFixed(2)}× ; ${(min(ours) / min(floor)).toFixed(2)}×`;
        });
        lines.push(`| ${operation} | ${fmt(min(floor))} / ${fmt(median(floor))} | ${cells.join(" | ")} |`);
    }
    return lines.join("\n");
}

function requestTable(results: Measurement[], settings: Settings, n: number): string {
    const calling = settings.variants.filter((v) => v.callsApis);
    const lines = [
        `| operation | ${calling.map((v) => `${v.title}: ARM requests / resource | tokens (provider processes) | by operation, per resource`).join(" | ")} |`,
        `| --- | ${calling.map(() => "--- | --- | ---").join(" | ")} |`,
    ];
    for (const operation of settings.operations) {
        const cells = calling.map((v) => {
            const runs = pick(results, n, operation, v.name);
            if (runs.length === 0) return "– | – | –";
            const last = runs[runs.length - 1];
            const tokens = [...new Set(runs.map((m) => `${m.tokenRequests} (${m.peaks.providerProcesses})`))].join(", ");
            const byOp = Object.entries(last.byOperation)
                .sort((a, b) => b[1] - a[1])
                .map(([name, count]) => `${name} ${(count / n).toFixed(2)}`)
                .join("; ");
            return `${(median(runs.map((m) => m.armRequests)) / n).toFixed(2)} | ${tokens} | ${byOp || "none"}`;
        });
        lines.push(`| ${operation} | ${cells.join(" | ")} |`);
    }
    return lines.join("\n");
}

function cpuTable(results: Measurement[], settings: Settings, n: number): string {
    const lines = [
        `| operation | ${settings.variants.map((v) => `${v.title}: CLI / provider / host s`).join(" | ")} |`,
        `| --- | ${settings.variants.map(() => "---").join(" | ")} |`,
    ];
    for (const operation of settings.operations) {
        const cells = settings.variants.map((v) => {
            const runs = pick(results, n, operation, v.name);
            if (runs.length === 0) return "–";
            const provider = median(runs.map((m) => m.cpu.provider));
            const cli = median(runs.map((m) => m.cpu.cliAndChildren - m.cpu.provider));
            const emulatorMs = v.callsApis && median(runs.map((m) => m.armRequests)) > 0 ? `; emulator ${median(runs.map((m) => m.emulatorMsPerRequest)).toFixed(1)} ms/req` : "";
            return `${cli.toFixed(1)} / ${provider.toFixed(1)} / ${median(runs.map((m) => m.cpu.host)).toFixed(1)}${emulatorMs}`;
        });
        lines.push(`| ${operation} | ${cells.join(" | ")} |`);
    }
    return lines.join("\n");
}

function memoryTable(results: Measurement[], settings: Settings, n: number): string {
    const lines = [`| operation | ${settings.variants.map((v) => `${v.title}: CLI / provider MiB`).join(" | ")} |`, `| --- | ${settings.variants.map(() => "---").join(" | ")} |`];
    const mib = (kib: number) => (kib / 1024).toFixed(0);
    for (const operation of settings.operations) {
        const cells = settings.variants.map((v) => {
            const runs = pick(results, n, operation, v.name);
            if (runs.length === 0) return "–";
            return `${mib(Math.max(...runs.map((m) => m.peaks.cliPeakKiB)))} / ${mib(Math.max(...runs.map((m) => m.peaks.providerPeakKiB)))}`;
        });
        lines.push(`| ${operation} | ${cells.join(" | ")} |`);
    }
    return lines.join("\n");
}

function stateTable(states: Map<string, CheckpointBytes>, settings: Settings): string {
    const lines = [
        "| N | variant | checkpoint file bytes | per resource (file) | above floor | entry (compact JSON) | `__provider` bytes × copies | inputs | outputs | of which mirrored outputs | of which secrets | id | source positions | propertyDependencies | rest |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ];
    for (const n of settings.sizes) {
        const floor = states.get(`floor@${n}`);
        for (const v of settings.variants) {
            const s = states.get(`${v.name}@${n}`);
            if (!s) continue;
            const above = floor && v.name !== "floor" ? `${(s.fileBytesPerResource - floor.fileBytesPerResource).toFixed(0)}` : "–";
            lines.push(
                `| ${n} | ${v.title} | ${s.fileBytes} | ${s.fileBytesPerResource.toFixed(0)} | ${above} | ${s.entryBytes.toFixed(0)} | ${s.providerBytes} × ${s.providerCopies} | ${s.parts.inputs} | ${s.parts.outputs} | ${s.parts.mirroredOutputs} | ${s.parts.secrets} | ${s.parts.id} | ${s.parts.sourcePositions} | ${s.parts.propertyDependencies} | ${s.parts.envelope} |`,
            );
        }
    }
    return lines.join("\n");
}

const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "–");

/** Each variant on the blob backend against itself on the file backend, and the blob floor against the file floor. */
function backendTable(results: Measurement[], settings: Settings, n: number): string {
    const lines = [
        `| operation | ${settings.variants.map((v) => `${v.title}: file / azblob s (median) | azblob × file`).join(" | ")} | BackupSchedule on azblob × floor on azblob |`,
        `| --- | ${settings.variants.map(() => "--- | ---").join(" | ")} | --- |`,
    ];
    for (const operation of settings.operations) {
        const seconds = (variant: string, backend: BackendName) => median(pick(results, n, operation, variant, 0, backend).map((m) => m.seconds));
        const cells = settings.variants.map((v) => {
            const file = seconds(v.name, "file");
            const blob = seconds(v.name, "azblob");
            return `${fmt(file)} / ${fmt(blob)} | ${ratio(blob, file)}`;
        });
        lines.push(`| ${operation} | ${cells.join(" | ")} | ${ratio(seconds("schedule", "azblob"), seconds("floor", "azblob"))} |`);
    }
    return lines.join("\n");
}

function latencyTable(results: Measurement[], settings: Settings): string {
    const n = settings.latencyN;
    const variants = settings.variants.filter((v) => v.name !== "scheduleShape");
    const bound = (n * settings.latencyMs) / 1000 / 8;
    const lines = [
        `| operation | ${variants.map((v) => `${v.title} s (no latency, median)`).join(" | ")} | bound: floor + N × ${settings.latencyMs} ms / 8 |`,
        `| --- | ${variants.map(() => "---").join(" | ")} | --- |`,
    ];
    for (const operation of settings.operations) {
        const floor = pick(results, n, operation, "floor", settings.latencyMs)[0]?.seconds ?? NaN;
        const cells = variants.map((v) => `${fmt(pick(results, n, operation, v.name, settings.latencyMs)[0]?.seconds ?? NaN)} (${fmt(median(pick(results, n, operation, v.name).map((m) => m.seconds)))})`);
        lines.push(`| ${operation} | ${cells.join(" | ")} | ${fmt(floor + bound)} |`);
    }
    return lines.join("\n");
}

function report(settings: Settings, results: Measurement[], states: Map<string, CheckpointBytes>, info: Record<string, string>, wallSeconds: number): string {
    const out: string[] = [];
    out.push("## Machine", "", ...Object.entries(info).map(([k, v]) => `- ${k}: ${v}`), "");
    out.push(`Sizes ${settings.sizes.join(", ")}; repeats ${settings.repeats.join(", ")}; wall time ${(wallSeconds / 60).toFixed(1)} min.`, "");
    settings.sizes.forEach((n, i) => {
        out.push(`## N = ${n} (${settings.repeats[i]} repeat${settings.repeats[i] === 1 ? "" : "s"})`, "", "Time:", "", timingTable(results, settings, n), "");
        out.push("Requests (ARM requests per resource, median over repeats; token requests per run, with the provider processes seen):", "", requestTable(results, settings, n), "");
        out.push("CPU seconds (median): the CLI (its children's time minus the providers'), the dynamic-provider processes, and this process (inline program, Automation API server, emulator); with the emulator's mean time per answer:", "", cpuTable(results, settings, n), "");
        out.push("Peak resident memory (VmHWM, max over repeats):", "", memoryTable(results, settings, n), "");
        if (results.some((m) => m.n === n && m.backend === "azblob")) {
            out.push("The same stacks with their state in blob storage (the emulator's Azurite over HTTPS; the checkpoint is rewritten after every step, now as a blob upload), against the file backend, interleaved with it:", "", backendTable(results, settings, n), "");
        }
    });
    out.push("## State", "", stateTable(states, settings), "");
    for (const [key, s] of states) {
        const fns = s.providerLayout.functions;
        const own = fns.reduce((sum, f) => sum + f.ownTextBytes, 0);
        const total = fns.reduce((sum, f) => sum + f.bytes, 0);
        out.push(
            `- ${key}: \`__provider\` ${s.providerBytes} B = header ${s.providerLayout.headerBytes} B + ${fns.length} functions ${total} B ` +
                `(their own text ${own} B, the serializer's wrappers ${total - own} B)` +
                (key.startsWith("floor@") ? "" : `; outputs mirroring inputs: ${s.parts.mirroredNames.join(", ") || "none"}`),
        );
        if (key.startsWith("floor@") || !key.endsWith(`@${settings.sizes[0]}`)) continue;
        const list = (fields: Array<[string, number]>) => fields.map(([name, bytes]) => `${name} ${bytes}`).join(", ");
        out.push(`  - inputs (B, with key): ${list(s.parts.inputFields)}`, `  - outputs (B, with key): ${list(s.parts.outputFields)}`);
    }
    out.push("");
    if (settings.latencyN > 0) out.push(`## N = ${settings.latencyN} with ${settings.latencyMs} ms added to every ARM and token request (one pass)`, "", latencyTable(results, settings), "");
    return out.join("\n");
}

async function main(): Promise<void> {
    const settings = settingsFromEnv(process.env);
    const info = machine();
    process.stderr.write(
        `[bench] sizes ${settings.sizes.join(",")} repeats ${settings.repeats.join(",")} variants ${settings.variants.map((v) => v.name).join(",")} backends ${settings.backends.join(",")} (azblob at N=${settings.azblobSizes.join(",")})\n`,
    );
    const started = performance.now();
    const outDir = path.join(repoRoot, ".test-work", "bench-results");
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const results: Measurement[] = [];
    const states = new Map<string, CheckpointBytes>();
    // Written after every size, so a long run that stops late keeps what it measured.
    const save = (): string => {
        const text = report(settings, results, states, info, (performance.now() - started) / 1000);
        fs.mkdirSync(outDir, { recursive: true });
        const raw = { settings: { ...settings, variants: settings.variants.map((v) => v.name) }, info, results, states: Object.fromEntries(states) };
        fs.writeFileSync(path.join(outDir, `engine-${stamp}.json`), JSON.stringify(raw, null, 2));
        fs.writeFileSync(path.join(outDir, `engine-${stamp}.md`), text);
        return text;
    };
    // Blob storage only when a stack keeps its state there.
    // On disk: every checkpoint rewrite is a new blob, and Azurite frees the old ones only every 10
    // minutes, so an N = 200 run would pass its in-memory cap (a refused write crashes CLI 3.276).
    const emulator = await startEmulator({ storage: settings.backends.includes("azblob"), storagePersistence: "disk" });
    try {
        for (const [i, n] of settings.sizes.entries()) {
            await runSize(emulator, settings, n, settings.repeats[i], results, states);
            save();
        }
        if (settings.latencyN > 0) await runLatency(emulator, settings, results);
    } finally {
        await emulator.close();
        fs.rmSync(workRoot, { recursive: true, force: true });
    }
    process.stdout.write(`${save()}\n(raw figures: .test-work/bench-results/engine-${stamp}.json)\n`);
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
