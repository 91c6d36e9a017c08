import { performance } from "node:perf_hooks";
import { startEmulator } from "../emulator/server";
import { createArmClient } from "../provider/core/arm/armClient";
import { resolveAzureSettings } from "../provider/core/azureSettings";
import { startBackup } from "../provider/appservice/api";
import { backupSasRotationProvider, checkBackupSasRotationInputs } from "../provider/appservice/backupSasRotation";

/**
 * Prints numbers: how long BackupSasRotation takes to put a new SAS in a schedule and N backups
 * (create), and to look for stale ones (read), against the emulator and its blob storage. The
 * ARM requests per backup show what a rotation costs in API quota. Run with scripts/bench.sh.
 */
async function main(): Promise<void> {
    const emulator = await startEmulator();
    try {
        for (const [k, v] of Object.entries(emulator.env)) process.env[k] = v;
        const client = createArmClient(resolveAzureSettings(process.env));
        const storage = emulator.storage!;
        const container = "rotation-bench";
        await emulator.control.createContainer(container);
        await emulator.control.setAppServiceBehaviour({ backupPhaseMs: 5, backupsPageSize: 50 });
        const sas = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + 30 * 86_400_000) });
        let sites = 0;
        for (const count of [10, 50, 200]) {
            // A subscription per size, so ARM's per-subscription write quota is not what gets measured.
            const sub = `00000000-0000-0000-0000-0000000be4c${++sites}`;
            const site = { subscriptionId: sub, resourceGroupName: "bench", name: "app" };
            const siteId = `/subscriptions/${sub}/resourceGroups/bench/providers/Microsoft.Web/sites/${site.name}`;
            await emulator.control.seedSite({ subscriptionId: sub, resourceGroupName: "bench", siteName: site.name });
            await emulator.control.putBackupConfiguration(siteId, {
                enabled: true,
                storageAccountUrl: sas,
                backupSchedule: { frequencyInterval: 1, frequencyUnit: "Day", keepAtLeastOneBackup: true, retentionPeriodInDays: 30 },
            });
            const ids: number[] = [];
            for (let i = 0; i < count; i++) ids.push((await startBackup(client, site, { storageAccountUrl: sas, backupName: `b${i}` })).properties.id);
            for (const id of ids) await emulator.control.waitForBackup(siteId, id, ["Succeeded"]);

            const { inputs, failures } = checkBackupSasRotationInputs({
                site,
                mint: { accountName: storage.accountName, accountKey: storage.accountKey, container, blobEndpoint: storage.blobEndpoint },
            });
            if (failures.length) throw new Error(JSON.stringify(failures));
            await emulator.control.clearRequests();
            let t = performance.now();
            const created = await backupSasRotationProvider.create!(inputs);
            const rotateMs = performance.now() - t;
            const rotateRequests = (await emulator.control.getRequests()).armRequests;
            await emulator.control.clearRequests();
            t = performance.now();
            const read = await backupSasRotationProvider.read!(created.id, created.outs);
            const readMs = performance.now() - t;
            const readRequests = (await emulator.control.getRequests()).armRequests;
            if (read.props?.staleBackupIds.length !== 0 || created.outs.backupsUpdated !== count) throw new Error("rotation left backups behind");
            console.log(
                `rotate schedule + ${String(count).padStart(3)} backups   ${rotateMs.toFixed(0).padStart(6)} ms  ${rotateRequests} ARM requests  ` +
                    `| read (stale check) ${readMs.toFixed(0).padStart(6)} ms  ${readRequests} ARM requests`,
            );
        }
    } finally {
        await emulator.close();
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
