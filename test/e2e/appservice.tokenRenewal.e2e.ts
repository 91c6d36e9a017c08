import * as assert from "node:assert/strict";
import { backupScheduleProvider, checkBackupScheduleInputs } from "../../provider/appservice/backupSchedule";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { fakeContainerSasUrl } from "../../harness/fakeSas";

// Calls the provider implementation in this process (the engine's dynamic-provider process would
// be short-lived), so one token cache lives long enough to see its token expire.
describe("BackupSchedule token renewal (provider called directly)", function () {
    let emulator: RunningEmulator;
    const saved: Record<string, string | undefined> = {};
    const sub = "00000000-0000-0000-0000-0000000070c1";
    const siteId = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/tokens-app`;

    before(async () => {
        emulator = await startEmulator();
        await emulator.control.putSubscription(sub);
        await emulator.control.putResourceGroup(sub, "rg", "westeurope");
        await emulator.control.putSite(sub, "rg", "tokens-app", "westeurope");
        for (const [key, value] of Object.entries(emulator.env)) {
            saved[key] = process.env[key];
            process.env[key] = value;
        }
    });

    after(async () => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
        await emulator?.close();
    });

    it("gets a new token when the service says the cached one has expired", async () => {
        const { inputs, failures } = checkBackupScheduleInputs({
            siteId,
            frequencyInterval: 1,
            frequencyUnit: "Day",
            storageAccountUrl: fakeContainerSasUrl({ account: "a", container: "c", expiresInDays: 9 }),
        });
        assert.deepEqual(failures, []);
        const created = await backupScheduleProvider.create!(inputs);
        const issuedBefore = (await emulator.control.getAuth()).tokensIssued;

        // The server's clock jumps past the token's expiry; the client still believes it is valid.
        await emulator.control.setAuth({ clockSkewSeconds: 2 * 3600 });
        await emulator.control.clearRequests();
        const read = await backupScheduleProvider.read!(created.id, created.outs);
        assert.equal(read.id, created.id);

        const auth = await emulator.control.getAuth();
        assert.ok(auth.tokensIssued > issuedBefore, "a new token was issued");
        const requests = await emulator.control.getRequests();
        assert.ok(requests.unauthorized >= 1, "the stale token was refused once");
        await backupScheduleProvider.delete!(created.id, read.props);
    });
});
