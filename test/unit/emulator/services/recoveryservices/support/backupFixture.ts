import * as assert from "node:assert/strict";
import { RecoveryServicesBackupClient, type RecoveryServicesBackupClientOptionalParams } from "@azure/arm-recoveryservicesbackup";
import type { RunningEmulator } from "../../../../../../emulator/server";
import type { VaultRef } from "../../../../../../emulator/control/controlClient";
import type { VirtualMachineRef } from "../../../../../../emulator/services/compute/control/computeControlClient";
import type { RecoveryServicesBehaviour } from "../../../../../../emulator/services/recoveryservices/behaviour";
import { emulatorCredential, fetchToken, send, useEmulator, type SendOptions, type TestResponse } from "../../../support/emulatorFixture";

/** The api-version the official client sends by default. */
export const RS_API = "2023-06-01";

/** Names of the seeded world: a vault, a VM with two data disks, a storage account with a share. */
export const names = {
    subscriptionId: "22222222-3333-4444-5555-666666666666",
    resourceGroupName: "Backup-RG",
    vaultName: "Vault1",
    vmResourceGroup: "VM-RG",
    vmName: "Vm1",
    accountName: "sharesacct",
    shareName: "docs",
    location: "westeurope",
} as const;

/** The seeded vault. */
export const vault: VaultRef = { subscriptionId: names.subscriptionId, resourceGroupName: names.resourceGroupName, vaultName: names.vaultName };

/** The vault's ARM path with a suffix (`/backupJobs`). */
export function vaultPath(suffix = ""): string {
    return `/subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}${suffix}`;
}

/** The seeded VM's id. */
export const vmId = `/subscriptions/${names.subscriptionId}/resourceGroups/${names.vmResourceGroup}/providers/Microsoft.Compute/virtualMachines/${names.vmName}`;

/** The seeded storage account's id. */
export const accountId = `/subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${names.accountName}`;

/** The seeded share's id. */
export const shareId = `${accountId}/fileServices/default/shares/${names.shareName}`;

/** Container and item names of the seeded VM, as the service spells them. */
export const vmNames = {
    container: "IaasVMContainer;iaasvmcontainerv2;vm-rg;vm1",
    item: "VM;iaasvmcontainerv2;vm-rg;vm1",
};

/** Container name of the seeded storage account. */
export const storageContainer = `StorageContainer;storage;${names.resourceGroupName};${names.accountName}`;

/** Id of a policy of the vault. */
export function policyId(policyName: string): string {
    return `/subscriptions/${names.subscriptionId}/resourceGroups/${names.resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/${names.vaultName}/backupPolicies/${policyName}`;
}

/** Fast timings for tests: operations end within tens of milliseconds, polls may follow at once. */
export const FAST: Partial<RecoveryServicesBehaviour> = {
    refreshMs: 20,
    inquireMs: 20,
    registerMs: 20,
    unregisterMs: 20,
    configureMs: 40,
    disableMs: 20,
    deleteMs: 20,
    undeleteMs: 20,
    backupMs: 20,
    retryAfterSeconds: 0,
};

/** A daily AzureStorage policy body (the Daily example's shape), at 08:00 UTC. */
export function fileSharePolicyBody(hour = 8): { properties: Record<string, unknown> } {
    const time = `2021-09-29T${String(hour).padStart(2, "0")}:00:00.000Z`;
    return {
        properties: {
            backupManagementType: "AzureStorage",
            workLoadType: "AzureFileShare",
            schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: [time] },
            retentionPolicy: { retentionPolicyType: "LongTermRetentionPolicy", dailySchedule: { retentionDuration: { count: 5, durationType: "Days" }, retentionTimes: [time] } },
            timeZone: "UTC",
        },
    };
}

/** A daily AzureIaasVM policy body at `hour`:00 UTC. */
export function vmPolicyBody(hour = 2): { properties: Record<string, unknown> } {
    const time = `2018-01-24T${String(hour).padStart(2, "0")}:00:00Z`;
    return {
        properties: {
            backupManagementType: "AzureIaasVM",
            schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: [time] },
            retentionPolicy: { retentionPolicyType: "LongTermRetentionPolicy", dailySchedule: { retentionDuration: { count: 7, durationType: "Days" }, retentionTimes: [time] } },
            timeZone: "UTC",
        },
    };
}

/** The vault's settings a seed may give (soft delete, immutability, a Resource Guard). */
export type VaultSeed = Parameters<RunningEmulator["control"]["putVault"]>[1];

/**
 * Seeds the world: subscription, resource groups, the vault (with its default policies, plus
 * `FilesDaily` for shares and `VmNightly` for VMs), a VM with data disks 0 and 1, a storage account
 * with the `docs` share holding two files; fast timings.
 */
export async function seedBackupWorld(emulator: RunningEmulator, vaultSeed: VaultSeed = {}): Promise<void> {
    const control = emulator.control;
    await control.putSubscription(names.subscriptionId);
    await control.putResourceGroup(names.subscriptionId, names.resourceGroupName, names.location);
    await control.putResourceGroup(names.subscriptionId, names.vmResourceGroup, names.location);
    await control.putVault(vault, vaultSeed);
    await control.putPolicy(vault, "FilesDaily", fileSharePolicyBody());
    await control.putPolicy(vault, "VmNightly", vmPolicyBody());
    await control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, names.vmName, { dataDiskLuns: [0, 1] });
    await control.putStorageAccount(names.subscriptionId, names.resourceGroupName, names.accountName);
    await control.putFileShare(names.subscriptionId, names.resourceGroupName, names.accountName, names.shareName, { files: { "readme.txt": "v1", "dir/data.csv": "a,b" } });
    await control.setRecoveryServicesBehaviour(FAST);
}

/** Sends ARM requests with a bearer token from the emulator's authority. */
export class ArmSession {
    private token?: string;

    constructor(private readonly emulator: RunningEmulator) {}

    /** Sends one request; `api-version` is added when the path has none. */
    async send(method: string, pathAndQuery: string, options: SendOptions = {}): Promise<TestResponse> {
        this.token ??= await fetchToken(this.emulator);
        const withVersion = /[?&]api-version=/i.test(pathAndQuery) ? pathAndQuery : `${pathAndQuery}${pathAndQuery.includes("?") ? "&" : "?"}api-version=${RS_API}`;
        return send(this.emulator, method, withVersion, { token: this.token, ...options });
    }

    /** GETs an absolute URL the emulator answered (poll URLs, nextLinks). */
    follow(url: string): Promise<TestResponse> {
        return this.send("GET", url.slice(this.emulator.url.length));
    }

    /** Follows an `Azure-AsyncOperation` URL until the status is no longer InProgress; returns the final status body. */
    async waitForStatus(response: TestResponse, timeoutMs = 10_000): Promise<any> {
        assert.equal(response.status, 202, `expected 202, got ${response.status}: ${response.text}`);
        const url = String(response.headers["azure-asyncoperation"]);
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const status = await this.follow(url);
            assert.equal(status.status, 200, status.text);
            if (status.json.status !== "InProgress") return status.json;
            if (Date.now() > deadline) throw new Error(`operation still InProgress after ${timeoutMs} ms`);
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    }

    /** Follows a `Location` URL until it stops answering 202; returns the last answer. */
    async waitForLocation(response: TestResponse, timeoutMs = 10_000): Promise<TestResponse> {
        assert.equal(response.status, 202, `expected 202, got ${response.status}: ${response.text}`);
        const url = String(response.headers.location);
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const answer = await this.follow(url);
            if (answer.status !== 202) return answer;
            if (Date.now() > deadline) throw new Error(`Location still 202 after ${timeoutMs} ms`);
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    }

    /** Refreshes the vault's discovery for one kind and waits for it. */
    async refresh(backupManagementType: "AzureIaasVM" | "AzureStorage" | "AzureWorkload"): Promise<void> {
        const started = await this.send("POST", vaultPath(`/backupFabrics/Azure/refreshContainers?$filter=${encodeURIComponent(`backupManagementType eq '${backupManagementType}'`)}`));
        const done = await this.waitForLocation(started);
        assert.equal(done.status, 204, done.text);
    }

    /** Protects the seeded VM with a policy and waits; returns the final operation status. */
    async protectVm(policyName = "VmNightly", extra: Record<string, unknown> = {}): Promise<any> {
        const response = await this.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${vmNames.container}/protectedItems/${vmNames.item}`), {
            body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: policyId(policyName), ...extra } },
        });
        return this.waitForStatus(response);
    }

    /** Registers the seeded storage account and waits. */
    async registerStorageAccount(): Promise<void> {
        const response = await this.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}`), {
            body: { properties: { containerType: "StorageContainer", backupManagementType: "AzureStorage", sourceResourceId: accountId, friendlyName: names.accountName, acquireStorageAccountLock: "Acquire" } },
        });
        if (response.status === 202) assert.equal((await this.waitForStatus(response)).status, "Succeeded");
        else assert.equal(response.status, 200, response.text);
    }

    /** Protects the seeded share (named by its share name, as the REST article does) and waits. */
    async protectShare(policyName = "FilesDaily"): Promise<any> {
        const response = await this.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${storageContainer}/protectedItems/AzureFileShare;${names.shareName}`), {
            body: { properties: { protectedItemType: "AzureFileShareProtectedItem", sourceResourceId: accountId, policyId: policyId(policyName) } },
        });
        return this.waitForStatus(response);
    }
}

/** Path of the seeded VM's protected item. */
export function vmItemPath(suffix = ""): string {
    return vaultPath(`/backupFabrics/Azure/protectionContainers/${vmNames.container}/protectedItems/${vmNames.item}${suffix}`);
}

/** The VM running SQL Server in the SQL world: `SqlVm1` in `VM-RG`, instance MSSQLSERVER. */
export const sql = {
    vmName: "SqlVm1",
    instance: "MSSQLSERVER",
    vm: { subscriptionId: names.subscriptionId, resourceGroupName: names.vmResourceGroup, vmName: "SqlVm1" } as VirtualMachineRef,
    vmId: `/subscriptions/${names.subscriptionId}/resourceGroups/${names.vmResourceGroup}/providers/Microsoft.Compute/virtualMachines/SqlVm1`,
    container: `VMAppContainer;Compute;${names.vmResourceGroup};SqlVm1`,
    /** Name of a database's protected (and protectable) item. */
    item: (database: string) => `SQLDataBase;MSSQLSERVER;${database}`,
} as const;

/** Path of a SQL database's protected item. */
export function sqlItemPath(database: string, suffix = ""): string {
    return vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}/protectedItems/${sql.item(database)}${suffix}`);
}

/** The AzureWorkload filter of SQL discovery lists. */
export const SQL_FILTER = encodeURIComponent("backupManagementType eq 'AzureWorkload' and workloadType eq 'SQLDataBase'");

/**
 * A SQL policy body (AzureWorkload, workLoadType SQLDataBase, the HourlyLogBackup example's shape): a
 * daily full backup at `hour`:00 UTC, logs every `logMinutes`, and, when `differentialDays` is given,
 * a weekly full on Sunday with differentials on those days.
 */
export function sqlPolicyBody(hour = 1, logMinutes = 60, differentialDays?: string[]): { properties: Record<string, unknown> } {
    const time = `2018-01-24T${String(hour).padStart(2, "0")}:00:00Z`;
    const full = differentialDays
        ? {
              policyType: "Full",
              schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Weekly", scheduleRunDays: ["Sunday"], scheduleRunTimes: [time] },
              retentionPolicy: {
                  retentionPolicyType: "LongTermRetentionPolicy",
                  weeklySchedule: { daysOfTheWeek: ["Sunday"], retentionTimes: [time], retentionDuration: { count: 4, durationType: "Weeks" } },
              },
          }
        : {
              policyType: "Full",
              schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Daily", scheduleRunTimes: [time] },
              retentionPolicy: { retentionPolicyType: "LongTermRetentionPolicy", dailySchedule: { retentionTimes: [time], retentionDuration: { count: 10, durationType: "Days" } } },
          };
    const differential = differentialDays
        ? [
              {
                  policyType: "Differential",
                  schedulePolicy: { schedulePolicyType: "SimpleSchedulePolicy", scheduleRunFrequency: "Weekly", scheduleRunDays: differentialDays, scheduleRunTimes: [time] },
                  retentionPolicy: { retentionPolicyType: "SimpleRetentionPolicy", retentionDuration: { count: 30, durationType: "Days" } },
              },
          ]
        : [];
    return {
        properties: {
            backupManagementType: "AzureWorkload",
            workLoadType: "SQLDataBase",
            settings: { timeZone: "UTC", issqlcompression: false },
            subProtectionPolicy: [
                full,
                ...differential,
                {
                    policyType: "Log",
                    schedulePolicy: { schedulePolicyType: "LogSchedulePolicy", scheduleFrequencyInMins: logMinutes },
                    retentionPolicy: { retentionPolicyType: "SimpleRetentionPolicy", retentionDuration: { count: 15, durationType: "Days" } },
                },
            ],
        },
    };
}

/**
 * Seeds the SQL world on top of {@link seedBackupWorld}: `SqlVm1` running MSSQLSERVER with the
 * databases `orders` and `customers` (content `orders v1`, `customers v1`), and the `SqlDaily` policy
 * (full at 01:00 UTC, hourly logs).
 */
export async function seedSqlWorld(emulator: RunningEmulator): Promise<void> {
    await emulator.control.putVirtualMachine(names.subscriptionId, names.vmResourceGroup, sql.vmName, { osType: "Windows" });
    await emulator.control.putSqlInstance(sql.vm, sql.instance, {
        databases: [
            { name: "orders", content: "orders v1" },
            { name: "customers", content: "customers v1" },
        ],
    });
    await emulator.control.putPolicy(vault, "SqlDaily", sqlPolicyBody());
}

/** SQL-in-VM steps of seed 002 over ARM: discover, register, inquire, protect. */
export class SqlSteps {
    constructor(private readonly arm: ArmSession) {}

    /** Registers the SQL VM (a refresh first) and waits; returns the final operation status. */
    async register(): Promise<any> {
        await this.arm.refresh("AzureWorkload");
        const response = await this.arm.send("PUT", vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}`), {
            body: { properties: { containerType: "VMAppContainer", backupManagementType: "AzureWorkload", workloadType: "SQLDataBase", sourceResourceId: sql.vmId, friendlyName: sql.vmName } },
        });
        return this.arm.waitForStatus(response);
    }

    /** Inquires the SQL VM's container and waits; returns the final operation status. */
    async inquire(): Promise<any> {
        return this.arm.waitForStatus(await this.arm.send("POST", vaultPath(`/backupFabrics/Azure/protectionContainers/${sql.container}/inquire`)));
    }

    /** Registers and inquires. */
    async discover(): Promise<void> {
        await this.register();
        await this.inquire();
    }

    /** The SQL protectable items across pages. */
    async protectableItems(): Promise<any[]> {
        const all: any[] = [];
        let page = await this.arm.send("GET", vaultPath(`/backupProtectableItems?$filter=${SQL_FILTER}`));
        for (;;) {
            assert.equal(page.status, 200, page.text);
            all.push(...page.json.value);
            if (!page.json.nextLink) return all;
            page = await this.arm.follow(page.json.nextLink);
        }
    }

    /** Protects a database with a policy and waits; returns the final operation status. */
    async protect(database: string, policyName = "SqlDaily", extra: Record<string, unknown> = {}): Promise<any> {
        const response = await this.arm.send("PUT", sqlItemPath(database), {
            body: { properties: { protectedItemType: "AzureVmWorkloadSQLDatabase", workloadType: "SQLDataBase", sourceResourceId: sql.vmId, policyId: policyId(policyName), ...extra } },
        });
        return this.arm.waitForStatus(response);
    }
}

/** Options of {@link useBackupWorld}. */
export interface BackupWorldOptions {
    /**
     * When the emulator is reset and the world seeded: before each test (`"each"`, the default), once
     * before all of them (`"once"`), or only when a hook or test calls {@link BackupWorld.reseed} (`"manual"`).
     */
    seed?: "each" | "once" | "manual";
    /** Also seeds the SQL world ({@link seedSqlWorld}); `"discovered"` then registers and inquires its VM ({@link SqlSteps.discover}). */
    sql?: "seeded" | "discovered";
}

/** What {@link useBackupWorld} hands its suite; each value is there once the suite's `before` hooks have run. */
export interface BackupWorld {
    readonly emulator: RunningEmulator;
    /** ARM requests with a token (one session for the suite). */
    readonly arm: ArmSession;
    /** The SQL-in-VM steps over {@link arm}. */
    readonly steps: SqlSteps;
    /** Resets the emulator and seeds the world as the options say, the vault with `vaultSeed`. */
    reseed(vaultSeed?: VaultSeed): Promise<void>;
}

/**
 * The Azure Backup suites' world: registers, in the calling `describe`, the hooks that start one emulator
 * for the suite (without blob storage) and close it, and that reset it and seed the world
 * ({@link seedBackupWorld}, with {@link seedSqlWorld} when asked) as `options.seed` says.
 */
export function useBackupWorld(options: BackupWorldOptions = {}): BackupWorld {
    const handle = useEmulator({ storage: false });
    let arm: ArmSession | undefined;
    let steps: SqlSteps | undefined;
    const world: BackupWorld = {
        get emulator() {
            return handle.emulator;
        },
        get arm() {
            if (!arm) throw new Error("the ARM session is made by the suite's before hook");
            return arm;
        },
        get steps() {
            if (!steps) throw new Error("the SQL steps are made by the suite's before hook");
            return steps;
        },
        async reseed(vaultSeed: VaultSeed = {}) {
            await handle.emulator.control.reset();
            await seedBackupWorld(handle.emulator, vaultSeed);
            if (options.sql) await seedSqlWorld(handle.emulator);
            if (options.sql === "discovered") await world.steps.discover();
        },
    };
    before(async () => {
        arm = new ArmSession(handle.emulator);
        steps = new SqlSteps(arm);
        if (options.seed === "once") await world.reseed();
    });
    if ((options.seed ?? "each") === "each") beforeEach(() => world.reseed());
    return world;
}

/**
 * The official @azure/arm-recoveryservicesbackup client against the emulator: a token from its authority
 * for the ARM audience (the client asks for `{endpoint}/.default` unless told, as against a sovereign
 * cloud), over its TLS; `options` adds to or overrides these (retries, say).
 */
export function officialBackupClient(emulator: RunningEmulator, options: RecoveryServicesBackupClientOptionalParams = {}): RecoveryServicesBackupClient {
    return new RecoveryServicesBackupClient(emulatorCredential(emulator), names.subscriptionId, {
        endpoint: emulator.url,
        credentialScopes: ["https://management.azure.com/.default"],
        tlsOptions: { ca: emulator.caPem },
        ...options,
    } as never);
}
