import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator } from "../emulator/server";
import { createArmClient } from "../provider/core/arm/armClient";
import { resolveAzureSettings } from "../provider/core/azureSettings";
import { getBackupConfiguration, updateBackupConfiguration } from "../provider/appservice/api";
import { lazyProvider } from "../provider/core/dynamic/lazyProvider";
import { fakeContainerSasUrl } from "../harness/fakeSas";

/**
 * Prints numbers: ARM client latency and throughput against the emulator (sequential and
 * concurrent), the cost of converging under injected faults, and the serialized provider size.
 * Run with scripts/bench.sh.
 */
async function main(): Promise<void> {
    const emulator = await startEmulator({ storage: false } as Parameters<typeof startEmulator>[0]);
    try {
        const sub = "00000000-0000-0000-0000-0000000be4c1";
        await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: "bench", siteName: "app" });
        const site = { subscriptionId: sub, resourceGroupName: "bench", name: "app" };
        const client = createArmClient(resolveAzureSettings({ ...process.env, ...emulator.env }), { retry: { baseDelayMs: 20 } });
        for (const [k, v] of Object.entries(emulator.env)) process.env[k] = v;
        const sas = fakeContainerSasUrl({ account: "bench", container: "c", expiresInDays: 30 });
        await updateBackupConfiguration(client, site, {
            enabled: true, storageAccountUrl: sas,
            backupSchedule: { frequencyInterval: 1, frequencyUnit: "Day", keepAtLeastOneBackup: true, retentionPeriodInDays: 30 },
        });

        const run = async (label: string, total: number, concurrency: number) => {
            const latencies: number[] = [];
            let next = 0;
            const started = performance.now();
            await Promise.all(Array.from({ length: concurrency }, async () => {
                while (next++ < total) {
                    const t = performance.now();
                    await getBackupConfiguration(client, site);
                    latencies.push(performance.now() - t);
                }
            }));
            const seconds = (performance.now() - started) / 1000;
            latencies.sort((a, b) => a - b);
            const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
            console.log(`${label.padEnd(44)} ${String(total).padStart(5)} req  ${(total / seconds).toFixed(0).padStart(6)} req/s  p50 ${pct(50)} ms  p95 ${pct(95)} ms  max ${latencies[latencies.length - 1].toFixed(2)} ms`);
        };

        await run("warm-up", 50, 1);
        await run("sequential GetBackupConfiguration", 500, 1);
        await run("8 concurrent GetBackupConfiguration", 1000, 8);
        for (const kind of ["503", "reset"] as const) {
            await emulator.control.addFault({ pathPattern: "^/subscriptions/", kind, rate: 0.15, retryAfterSeconds: 0 } as never);
        }
        await emulator.control.clearRequests();
        await run("8 concurrent, 30% 503/reset (retried)", 300, 8);
        const requests = await emulator.control.getRequests();
        console.log(`  faults injected: ${requests.faultsInjected}, ARM requests sent: ${requests.armRequests} for 300 successful reads`);
        await emulator.control.clearFaults();

        const shell = lazyProvider("dist/provider/appservice/backupSchedule", "backupScheduleProvider");
        const serialized = await pulumi.runtime.serializeFunction(() => shell, { allowSecrets: true });
        console.log(`serialized BackupSchedule provider: ${serialized.text.length} bytes`);
    } finally {
        await emulator.close();
    }
}

main().then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
});
