import * as assert from "node:assert/strict";
import { API_VERSION, FAKE_SAS, ids, send, sitePath } from "../../support/emulatorFixture";
import { useSiteWorld } from "../../support/siteFixture";

const siteId = sitePath();
const slotId = sitePath(`/slots/${ids.slotName}`);
const CONNECTION_STRING = "Server=tcp:fake.database.windows.net;Database=orders;Password=FAKEpasswordFORtests";

const fullRequest = {
    properties: {
        backupName: "nightly",
        enabled: true,
        storageAccountUrl: FAKE_SAS,
        backupSchedule: {
            frequencyInterval: 1,
            frequencyUnit: "Day",
            keepAtLeastOneBackup: true,
            retentionPeriodInDays: 30,
            startTime: "2026-01-01T02:00:00.000Z",
            lastExecutionTime: "2020-01-01T00:00:00Z",
        },
        databases: [{ databaseType: "SqlAzure", name: "orders", connectionStringName: "orders", connectionString: CONNECTION_STRING }],
    },
};

describe("emulator App Service backup configuration", function () {
    const world = useSiteWorld({ token: true });

    const put = (path: string, body: unknown) => send(world.emulator, "PUT", `${path}/config/backup?api-version=${API_VERSION}`, { token: world.token, body });
    const list = (path: string) => send(world.emulator, "POST", `${path}/config/backup/list?api-version=${API_VERSION}`, { token: world.token });
    const remove = (path: string) => send(world.emulator, "DELETE", `${path}/config/backup?api-version=${API_VERSION}`, { token: world.token });

    it("PUT answers the BackupRequest; list returns it with secrets; DELETE removes it", async () => {
        const created = await put(siteId, fullRequest);
        assert.equal(created.status, 200);
        // lastExecutionTime is read-only: ignored on input.
        const { lastExecutionTime: _readOnly, ...schedule } = fullRequest.properties.backupSchedule;
        const expectedProperties = { ...fullRequest.properties, backupSchedule: schedule };
        assert.deepEqual(created.json, {
            id: `${siteId}/config/backup`,
            name: "backup",
            type: "Microsoft.Web/sites/config",
            properties: expectedProperties,
        });

        const listed = await list(siteId);
        assert.equal(listed.status, 200);
        assert.deepEqual(listed.json, created.json);
        assert.equal(listed.json.properties.storageAccountUrl, FAKE_SAS);
        assert.equal(listed.json.properties.databases[0].connectionString, CONNECTION_STRING);

        const deleted = await remove(siteId);
        assert.equal(deleted.status, 200);
        assert.equal((await list(siteId)).status, 404);
    });

    it("list answers 404 NotFound when the site has no configuration", async () => {
        const response = await list(siteId);
        assert.equal(response.status, 404);
        assert.equal(response.json.error.code, "NotFound");
        assert.match(response.json.error.message, /MyApp.*Production/);
    });

    it("DELETE succeeds when there is nothing to delete", async () => {
        assert.equal((await remove(siteId)).status, 200);
    });

    it("finds a site whatever the casing and answers with the stored casing", async () => {
        await put(sitePath("", { resourceGroupName: "backup-rg", siteName: "myapp" }), fullRequest);
        const listed = await list(sitePath("", { resourceGroupName: "BACKUP-RG", siteName: "MYAPP" }));
        assert.equal(listed.status, 200);
        assert.equal(listed.json.id, `${siteId}/config/backup`);
        assert.ok(await world.emulator.control.getBackupConfiguration(siteId.toLowerCase()));
    });

    it("keeps a slot's configuration apart from the site's", async () => {
        const created = await put(slotId.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/"), {
            properties: { ...fullRequest.properties, backupName: "slot-backup" },
        });
        assert.equal(created.status, 200);
        assert.equal(created.json.id, `${slotId}/config/backup`);
        assert.equal(created.json.type, "Microsoft.Web/sites/slots/config");
        assert.equal((await list(siteId)).status, 404, "the production slot has none");
        assert.equal((await list(slotId)).json.properties.backupName, "slot-backup");
        assert.equal((await world.emulator.control.getBackupConfiguration(slotId)).properties.backupName, "slot-backup");
        const missing = await list(slotId.replace(ids.slotName, "other"));
        assert.equal(missing.json.error.code, "ResourceNotFound");
        assert.equal((await remove(slotId)).status, 200);
        assert.equal((await list(slotId)).status, 404);
    });

    it("applies defaults: enabled false, no databases, startTime = time of the request", async () => {
        const before = Date.now();
        const response = await put(siteId, {
            properties: {
                storageAccountUrl: FAKE_SAS,
                backupSchedule: { frequencyInterval: 12, frequencyUnit: "Hour", keepAtLeastOneBackup: false, retentionPeriodInDays: 7 },
            },
        });
        assert.equal(response.status, 200);
        const properties = response.json.properties;
        assert.equal(properties.enabled, false);
        assert.deepEqual(properties.databases, []);
        const startTime = Date.parse(properties.backupSchedule.startTime);
        assert.ok(startTime >= before - 1000 && startTime <= Date.now() + 1000);
        assert.equal("lastExecutionTime" in properties.backupSchedule, false);
    });

    it("coerces the string values of the REST article's example and canonicalizes enums", async () => {
        const response = await put(siteId, {
            location: "WestUS",
            properties: {
                backupSchedule: { frequencyInterval: "7", frequencyUnit: "day", keepAtLeastOneBackup: "True", retentionPeriodInDays: "10" },
                enabled: "True",
                name: "mysitebackup",
                storageAccountUrl: FAKE_SAS,
                databases: [{ databaseType: "postgresql", name: "db" }],
            },
        });
        assert.equal(response.status, 200);
        const { backupSchedule, enabled, databases } = response.json.properties;
        assert.equal(enabled, true);
        assert.equal(backupSchedule.frequencyInterval, 7);
        assert.equal(backupSchedule.frequencyUnit, "Day");
        assert.equal(backupSchedule.keepAtLeastOneBackup, true);
        assert.equal(backupSchedule.retentionPeriodInDays, 10);
        assert.equal(databases[0].databaseType, "PostgreSql");
    });

    it("a second PUT replaces the configuration", async () => {
        await put(siteId, fullRequest);
        await put(siteId, { properties: { storageAccountUrl: FAKE_SAS, enabled: false } });
        const listed = await list(siteId);
        assert.equal(listed.json.properties.backupSchedule, undefined);
        assert.equal(listed.json.properties.backupName, undefined);
    });

    describe("validation", function () {
        const schedule = fullRequest.properties.backupSchedule;
        const cases: Array<[string, unknown, string]> = [
            ["no properties", {}, "properties"],
            ["no storageAccountUrl", { properties: { enabled: true } }, "properties.storageAccountUrl"],
            ["an empty storageAccountUrl", { properties: { storageAccountUrl: "" } }, "properties.storageAccountUrl"],
            ["a non-string storageAccountUrl", { properties: { storageAccountUrl: 42 } }, "properties.storageAccountUrl"],
            ...(["frequencyInterval", "frequencyUnit", "keepAtLeastOneBackup", "retentionPeriodInDays"] as const).map(
                (field): [string, unknown, string] => [
                    `a schedule without ${field}`,
                    { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, [field]: undefined } } },
                    `properties.backupSchedule.${field}`,
                ],
            ),
            ["frequencyUnit Week", { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, frequencyUnit: "Week" } } }, "properties.backupSchedule.frequencyUnit"],
            ["frequencyInterval 0", { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, frequencyInterval: 0 } } }, "properties.backupSchedule.frequencyInterval"],
            ["frequencyInterval 1.5", { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, frequencyInterval: 1.5 } } }, "properties.backupSchedule.frequencyInterval"],
            ["a negative retention", { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, retentionPeriodInDays: -1 } } }, "properties.backupSchedule.retentionPeriodInDays"],
            ["keepAtLeastOneBackup 'maybe'", { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, keepAtLeastOneBackup: "maybe" } } }, "properties.backupSchedule.keepAtLeastOneBackup"],
            ["an unparsable startTime", { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, startTime: "tomorrow" } } }, "properties.backupSchedule.startTime"],
            ["databaseType Oracle", { properties: { storageAccountUrl: FAKE_SAS, databases: [{ databaseType: "Oracle" }] } }, "properties.databases[0].databaseType"],
            ["a database without a type", { properties: { storageAccountUrl: FAKE_SAS, databases: [{ name: "x" }] } }, "properties.databases[0].databaseType"],
            ["databases not an array", { properties: { storageAccountUrl: FAKE_SAS, databases: {} } }, "properties.databases"],
        ];
        for (const [what, body, field] of cases) {
            it(`400 for ${what}, naming ${field}`, async () => {
                const response = await put(siteId, body);
                assert.equal(response.status, 400);
                assert.equal(response.json.error.code, "BadRequest");
                assert.equal(response.json.error.target, field);
                assert.ok(response.json.error.message.includes(`'${field}'`), response.json.error.message);
                assert.equal((await list(siteId)).status, 404, "nothing was stored");
            });
        }

        it("400 InvalidRequestContent for an empty body", async () => {
            const response = await send(world.emulator, "PUT", `${siteId}/config/backup?api-version=${API_VERSION}`, { token: world.token });
            assert.equal(response.json.error.code, "InvalidRequestContent");
        });

        it("the error for an unknown enum value lists the allowed ones", async () => {
            const response = await put(siteId, { properties: { storageAccountUrl: FAKE_SAS, backupSchedule: { ...schedule, frequencyUnit: "Week" } } });
            assert.match(response.json.error.message, /'Day', 'Hour'/);
        });
    });

    it("operations are counted under their REST operation names", async () => {
        await world.emulator.control.clearRequests();
        await put(siteId, fullRequest);
        await list(siteId);
        await remove(siteId);
        await put(slotId, fullRequest);
        const { byOperation } = await world.emulator.control.getRequests();
        assert.equal(byOperation["WebApps.UpdateBackupConfiguration"].count, 1);
        assert.equal(byOperation["WebApps.GetBackupConfiguration"].statuses["200"], 1);
        assert.equal(byOperation["WebApps.DeleteBackupConfiguration"].count, 1);
        assert.equal(byOperation["WebApps.UpdateBackupConfigurationSlot"].count, 1);
    });
});
