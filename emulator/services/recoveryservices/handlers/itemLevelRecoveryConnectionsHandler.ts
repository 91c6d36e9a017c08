import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { parseVirtualMachineId } from "../../compute/virtualMachines";
import { bmsUserErrorRecoveryPointNotFound, userErrorBackupItemSoftDeleted, userErrorIlrSessionNotFound, userErrorInvalidRequestParameter } from "../recoveryServicesErrors";
import type { ProtectedItemModel, RecoveryPointModel } from "../state/backupStore";
import type { IlrClientScript, IlrSessionRecord } from "../state/models";
import type { ForcedFailures } from "../forcedFailures";
import type { BackupOperation } from "../work/backupOperations";
import type { HandlerDependencies } from "./handlerDependencies";
import type { ItemTarget, ProtectedItemsHandler } from "./protectedItemsHandler";
import { requireVault } from "./vaultScope";

const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** The first api-version with `listInstantItemRecoveryOperationResult` (older ones return the scripts in the operation status). */
export const ILR_RESULT_API_VERSION = "2026-08-01";

/**
 * File-level recovery (ItemLevelRecoveryConnections): provision mounts a VM recovery point for an
 * iSCSI initiator and answers its script, revoke ends the session. The provision's operation status
 * carries `OperationStatusProvisionILRExtendedInfo` with `recoveryTarget.clientScripts[]`, whose
 * `scriptNameSuffix` embeds a 15-character password exactly as seed 001 reads it: it starts 33
 * characters after the last `_`, and the file name is the suffix without it. A session lasts
 * `ilrSessionMs` on the backup clock (the service's, 12 hours), then is gone.
 */
export class ItemLevelRecoveryConnectionsHandler {
    constructor(
        private readonly deps: HandlerDependencies,
        private readonly items: ProtectedItemsHandler,
        private readonly failures: ForcedFailures,
    ) {}

    /** POST `recoveryPoints/{rp}/provisionInstantItemRecovery` with `{properties: {objectType: IaasVMILRRegistrationRequest, initiatorName, …}}`: 202. */
    provision(target: ItemTarget, recoveryPointName: string, body: unknown): BackupOperation {
        const { item, point } = this.requirePoint(target, recoveryPointName);
        const properties = isObject(body) && isObject(body.properties) ? body.properties : {};
        if (item.properties.workloadType !== "VM" || String(properties.objectType ?? "").toLowerCase() !== "iaasvmilrregistrationrequest") throw userErrorInvalidRequestParameter("objectType");
        if (typeof properties.initiatorName !== "string" || properties.initiatorName.trim() === "") throw userErrorInvalidRequestParameter("initiatorName");
        const initiatorName = properties.initiatorName;
        const now = this.deps.clock.nowMs();
        const forced = this.failures.take("ProvisionInstantItemRecovery", item.properties.friendlyName);
        const operation = this.deps.operations.start({
            vaultId: this.vaultIdOf(item),
            kind: "ProvisionInstantItemRecovery",
            scope: "item",
            containerName: item.properties.containerName,
            itemName: item.name,
            entityFriendlyName: item.properties.friendlyName,
            startMs: now,
            durationMs: this.deps.behaviour().ilrProvisionMs,
            ...(forced ? { forced } : {}),
            complete: (atMs) => {
                const session = this.newSession(item, point, initiatorName, atMs, randomUUID());
                this.deps.store.putIlrSession(point.id, { ...session, operationId: operation.id });
                return { objectType: "OperationStatusProvisionILRExtendedInfo", recoveryTarget: { clientScripts: session.clientScripts } };
            },
        });
        return operation;
    }

    /** POST `recoveryPoints/{rp}/revokeInstantItemRecovery`: 202; the session (if any) ends with the operation. */
    revoke(target: ItemTarget, recoveryPointName: string): BackupOperation {
        const { item, point } = this.requirePoint(target, recoveryPointName);
        return this.deps.operations.start({
            vaultId: this.vaultIdOf(item),
            kind: "RevokeInstantItemRecovery",
            scope: "item",
            containerName: item.properties.containerName,
            itemName: item.name,
            entityFriendlyName: item.properties.friendlyName,
            startMs: this.deps.clock.nowMs(),
            durationMs: this.deps.behaviour().ilrProvisionMs,
            complete: () => {
                this.deps.store.deleteIlrSession(point.id);
            },
        });
    }

    /**
     * POST `recoveryPoints/{rp}/listInstantItemRecoveryOperationResult` (api-version 2026-08-01 and
     * later): 200 `{clientScripts}` of the active session; 404 without one.
     */
    listOperationResult(target: ItemTarget, recoveryPointName: string, apiVersion: string | undefined): { clientScripts: IlrClientScript[] } {
        if (!apiVersion || apiVersion < ILR_RESULT_API_VERSION) throw userErrorInvalidRequestParameter("api-version");
        const { point } = this.requirePoint(target, recoveryPointName);
        const session = this.activeSession(point.id);
        if (!session) throw userErrorIlrSessionNotFound();
        return { clientScripts: structuredClone(session.clientScripts) };
    }

    /** The point's session while it lasts on the backup clock. */
    activeSession(recoveryPointResourceId: string): IlrSessionRecord | undefined {
        const session = this.deps.store.getIlrSession(recoveryPointResourceId);
        return session && Date.parse(session.expiresAt) > this.deps.clock.nowMs() ? session : undefined;
    }

    private requirePoint(target: ItemTarget, recoveryPointName: string): { item: ProtectedItemModel; point: RecoveryPointModel } {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        if (item.properties.isScheduledForDeferredDelete) throw userErrorBackupItemSoftDeleted();
        const point = this.deps.store.getRecoveryPoint(item.id, recoveryPointName);
        if (!point) throw bmsUserErrorRecoveryPointNotFound();
        return { item, point };
    }

    // `{vm}_{region}_` + 32 hex characters + the password + the provision time: the password sits 33 characters after the last `_`.
    private newSession(item: ProtectedItemModel, point: RecoveryPointModel, initiatorName: string, atMs: number, sessionId: string): IlrSessionRecord {
        const password = Array.from({ length: 15 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join("");
        const vmName = parseVirtualMachineId(item.properties.sourceResourceId)?.vmName ?? item.properties.friendlyName;
        const snapshot = this.deps.store.getVmSnapshot(point.id);
        const region = (snapshot?.location ?? "westeurope").toLowerCase().replace(/[^a-z0-9]/g, "");
        const stamp = new Date(atMs).toISOString().replace(/[^0-9]/g, "").slice(0, 14);
        const prefix = `${vmName.replace(/_/g, "-")}_${region}_${randomBytes(16).toString("hex")}`;
        const scriptNameSuffix = `${prefix}${password}${stamp}`;
        const osType = snapshot?.osType ?? "Windows";
        const extension = osType === "Windows" ? ".ps1" : ".py";
        const content =
            osType === "Windows"
                ? `# iSCSI mount script for Instant Item Recovery\nStart-Service -Name MSiSCSI\nConnect-IscsiTarget -NodeAddress 'iqn.2016-01.microsoft.azure.backup:${sessionId}' -InitiatorInstanceName '${initiatorName}'`
                : `#!/usr/bin/env python3\n# iSCSI mount script for Instant Item Recovery\n# target iqn.2016-01.microsoft.azure.backup:${sessionId}, initiator ${initiatorName}\n`;
        const script: IlrClientScript = { scriptContent: content, scriptExtension: extension, osType, url: `https://${region}.backup.windowsazure.com/ilr/${sessionId}`, scriptNameSuffix };
        return {
            initiatorName,
            password,
            fileName: `${prefix}${stamp}`,
            clientScripts: [script],
            provisionedAt: new Date(atMs).toISOString(),
            expiresAt: new Date(atMs + this.deps.behaviour().ilrSessionMs).toISOString(),
            operationId: "",
        };
    }

    private vaultIdOf(item: ProtectedItemModel): string {
        return item.id.slice(0, item.id.toLowerCase().indexOf("/backupfabrics/"));
    }
}

function isObject(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
