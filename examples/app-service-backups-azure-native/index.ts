import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import { BackupSchedule } from "declarative-backups";

// How an infra repo would write it: the app, its plan and the backup container come from
// @pulumi/azure-native; the schedule comes from this package and references the app by id.
const config = new pulumi.Config();
// A fixed expiry from config: a window computed from "now" would change the SAS on every run.
const sasExpiry = config.require("backupSasExpiry"); // e.g. 2027-06-30T00:00:00Z

const group = new resources.ResourceGroup("shop");
const plan = new web.AppServicePlan("shop-plan", {
    resourceGroupName: group.name,
    kind: "linux",
    reserved: true,
    sku: { name: "S1", tier: "Standard" },
});
const app = new web.WebApp("shop-app", {
    resourceGroupName: group.name,
    serverFarmId: plan.id,
    siteConfig: { linuxFxVersion: "NODE|22-lts" },
});

const account = new storage.StorageAccount("shopbackups", {
    resourceGroupName: group.name,
    kind: storage.Kind.StorageV2,
    sku: { name: storage.SkuName.Standard_GRS },
    minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
    allowBlobPublicAccess: false,
});
const container = new storage.BlobContainer("app-backups", {
    resourceGroupName: group.name,
    accountName: account.name,
    publicAccess: storage.PublicAccess.None,
});

// A container SAS (sr=c) with write permission, as App Service backups need.
const sas = storage.listStorageAccountServiceSASOutput({
    resourceGroupName: group.name,
    accountName: account.name,
    canonicalizedResource: pulumi.interpolate`/blob/${account.name}/${container.name}`,
    resource: storage.SignedResource.C,
    permissions: storage.Permissions.R + storage.Permissions.W + storage.Permissions.D + storage.Permissions.L,
    protocols: storage.HttpProtocol.Https,
    sharedAccessExpiryTime: sasExpiry,
});
const storageAccountUrl = pulumi.secret(
    pulumi.interpolate`${account.primaryEndpoints.blob}${container.name}?${sas.serviceSasToken}`,
);

const schedule = new BackupSchedule("shop-app-backups", {
    siteId: app.id,
    frequencyInterval: 1,
    frequencyUnit: "Day",
    retentionPeriodInDays: 30,
    keepAtLeastOneBackup: true,
    startTime: "2026-01-01T02:00:00Z",
    storageAccountUrl,
});

export const appUrl = pulumi.interpolate`https://${app.defaultHostName}`;
export const backupContainer = schedule.storageContainerUrl;
export const backupSasExpiresOn = schedule.storageAccountUrlExpiresOn;
