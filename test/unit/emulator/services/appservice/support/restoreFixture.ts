import type { RunningEmulator } from "../../../../../../emulator/server";
import { API_VERSION, ids, send, sitePath } from "../../../support/emulatorFixture";

/** The seeded site's content when it is backed up. */
export const ORIGINAL = { files: { "index.html": "<h1>v1</h1>" }, appSettings: { VERSION: "1" } };
/** Content a test gives the site after its backup, so a restore shows. */
export const CHANGED = { files: { "index.html": "<h1>v2</h1>", "new.txt": "added later" }, appSettings: { VERSION: "2" } };
/** The content of `OtherApp`, the second app restores go into. */
export const OTHER = { files: { "other.html": "other app" }, appSettings: { OTHER: "yes" } };

/**
 * Seeds the restore suites' world on top of the site (a `seed` of useSiteWorld): `OtherApp` with
 * {@link OTHER}, the site's content {@link ORIGINAL}, short backups and restores answering Retry-After 0.
 */
export async function seedRestoreSites(emulator: RunningEmulator): Promise<void> {
    await emulator.control.putSite(ids.subscriptionId, ids.resourceGroupName, "OtherApp", { content: OTHER });
    await emulator.control.putSiteContent(sitePath(), ORIGINAL);
    await emulator.control.setAppServiceBehaviour({ backupPhaseMs: 20, deletePhaseMs: 20, restoreMs: 250, restoreRetryAfterSeconds: 0 });
}

/** Backs an app (the seeded site unless `target` names another, or a slot) up into the container of `sas` over ARM and waits until the backup succeeded; answers its id. */
export async function takeSiteBackup(emulator: RunningEmulator, token: string, sas: string, target = sitePath()): Promise<number> {
    const started = await send(emulator, "POST", `${target}/backup?api-version=${API_VERSION}`, { token, body: { properties: { storageAccountUrl: sas } } });
    const backupId: number = started.json.properties.id;
    await emulator.control.waitForBackup(target, backupId, ["Succeeded"]);
    return backupId;
}
