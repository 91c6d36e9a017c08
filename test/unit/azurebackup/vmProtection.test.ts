import * as assert from "node:assert/strict";
import { checkVmProtectionInputs, describeDiskSelection, vmWorkload, type CheckedVmProtectionInputs, type VmProtectionOutputs } from "../../../provider/azurebackup/vmProtection";
import { ensureProtection, protectionInputsFromLive, protectionOutputs, removeProtection, diffProtection } from "../../../provider/azurebackup/protection";
import { unknownValue } from "../../../provider/core/dynamic/checks";
import type { Logger } from "../../../provider/core/log";
import { fakeArmClient } from "../appservice/support/fakeArm";

const sub = "11111111-2222-4333-8444-555555555555";
const vaultId = `/subscriptions/${sub}/resourceGroups/backup-rg/providers/Microsoft.RecoveryServices/vaults/vault1`;
const vmId = `/subscriptions/${sub}/resourceGroups/App-RG/providers/Microsoft.Compute/virtualMachines/Web1`;
const policyId = `${vaultId}/backupPolicies/DefaultPolicy`;
const quiet: Logger = { info: () => undefined, warn: () => undefined, debug: () => undefined };

function reasons(news: Record<string, unknown>): string[] {
    return checkVmProtectionInputs(news).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("VmProtection check", () => {
    it("accepts a vault and a policy by id or by name, with the defaults", () => {
        const { inputs, failures } = checkVmProtectionInputs({ vault: { subscriptionId: sub, resourceGroupName: "backup-rg", name: "vault1" }, vmId, policyName: "DefaultPolicy" });
        assert.deepEqual(failures, []);
        assert.equal(inputs.vaultId, vaultId);
        assert.equal(inputs.policyId, policyId);
        assert.equal(inputs.protectionState, "Protected");
        assert.equal(inputs.onDelete, "retainData", "destroy never deletes backup data unless asked");
        assert.equal(inputs.undeleteSoftDeleted, true);
        assert.deepEqual(checkVmProtectionInputs({ vaultId, vmId, policyId }).failures, []);
    });

    it("names the field and what it accepts", () => {
        assert.deepEqual(reasons({ vaultId, vmId, policyId, includedDiskLuns: [0], excludedDiskLuns: [1] }), [
            "includedDiskLuns: give includedDiskLuns (back up only these data disks) or excludedDiskLuns (back up all but these), not both",
        ]);
        assert.match(reasons({ vaultId, vmId })[0], /^policyId: a policy is required to protect: set policyId \(an ARM id\) or policyName/);
        assert.deepEqual(reasons({ vaultId, vmId, protectionState: "ProtectionStopped" }), [], "stopped protection needs no policy");
        assert.match(reasons({ vaultId, vmId, policyId, protectionState: "Paused" })[0], /^protectionState: protectionState must be one of Protected, ProtectionStopped; got "Paused"/);
        assert.match(reasons({ vaultId, vmId, policyId, onDelete: "purge" })[0], /^onDelete: onDelete must be one of retainData, deleteData/);
        assert.match(reasons({ vaultId, vmId: "/subscriptions/x/vm", policyId })[0], /^vmId: vmId must be the ARM id of a VM/);
        assert.match(reasons({ vaultId, vmId, policyId: policyId.replace("vault1", "vault2") })[0], /^policyId: policyId must name a policy of the vault/);
        assert.match(reasons({ vaultId: vaultId.replace("vault1", "1vault"), vmId, policyId })[0], /^vaultId: vaultId: the vault name must be 2 to 50 letters, digits or hyphens, starting with a letter/);
        assert.match(reasons({ vaultId, vmId, policyId, includedDiskLuns: [64] })[0], /^includedDiskLuns: includedDiskLuns must be a list of data disk LUNs \(integers from 0 to 63\)/);
    });

    it("passes unknown preview values through", () => {
        const { inputs, failures } = checkVmProtectionInputs({ vaultId: unknownValue, vmId: unknownValue, policyName: "DefaultPolicy" });
        assert.deepEqual(failures, []);
        assert.equal(inputs.vaultId, unknownValue);
        assert.equal(inputs.vmId, unknownValue);
    });

    it("says plainly what an empty inclusion list backs up", () => {
        assert.equal(describeDiskSelection({ includedDiskLuns: [] }), "OS disk only");
        assert.equal(describeDiskSelection({ includedDiskLuns: [0, 2] }), "OS disk and data disks at LUNs 0, 2");
        assert.equal(describeDiskSelection({ excludedDiskLuns: [1] }), "all disks except data disks at LUNs 1");
        assert.equal(describeDiskSelection({}), "all disks");
    });
});

/** A vault holding one VM's protected item, changed by the requests as the service would. */
function fakeVault(initial?: Record<string, unknown>) {
    const live: { item?: Record<string, any>; puts: Array<Record<string, any>>; deletes: number; refreshes: number } = { item: initial, puts: [], deletes: 0, refreshes: 0 };
    const client = fakeArmClient((request, path) => {
        const decoded = decodeURIComponent(path).toLowerCase();
        if (decoded.endsWith("/refreshcontainers")) {
            live.refreshes++;
            return { status: 204 };
        }
        if (decoded.endsWith("/backupprotectableitems")) {
            return { body: { value: live.refreshes > 0 && !live.item ? [{ name: "iaasvmcontainerv2;app-rg;web1", properties: { virtualMachineId: vmId.toLowerCase(), friendlyName: "Web1" } }] : [] } };
        }
        if (decoded.includes("/protecteditems/vm;iaasvmcontainerv2;app-rg;web1")) {
            if (request.method === "GET") return live.item ? { body: { id: `${vaultId}/item`, name: "VM;iaasvmcontainerv2;app-rg;web1", properties: live.item } } : undefined;
            if (request.method === "PUT") {
                const p = (request.body as { properties: Record<string, any> }).properties;
                live.puts.push(p);
                if (p.isRehydrate) live.item = { ...live.item, isScheduledForDeferredDelete: false, protectionState: "ProtectionStopped" };
                else if (p.protectionState === "ProtectionStopped") live.item = { ...live.item, protectionState: "ProtectionStopped", policyId: undefined };
                else if (live.item?.isScheduledForDeferredDelete) return new Error("UserErrorBackupItemSoftDeleted");
                else live.item = { ...live.item, ...p, protectionState: "IRPending" };
                return { status: 200 };
            }
            if (request.method === "DELETE") {
                live.deletes++;
                live.item = { ...live.item, isScheduledForDeferredDelete: true, deferredDeleteTimeInUTC: "2027-01-01T00:00:00Z", protectionState: "ProtectionStopped" };
                return { status: 200 };
            }
        }
        return undefined;
    });
    return { live, client };
}

const inputs: CheckedVmProtectionInputs = { vaultId, vmId, policyId, protectionState: "Protected", onDelete: "retainData", undeleteSoftDeleted: true, deadlineMinutes: 5 };

describe("VmProtection life cycle (fake vault)", () => {
    it("discovers the VM, protects it, and a rerun adopts it without a second PUT", async () => {
        const { live, client } = fakeVault();
        const first = await ensureProtection(vmWorkload, inputs, { client, log: quiet });
        assert.equal(live.refreshes, 1, "the vault was asked to discover VMs once");
        assert.equal(live.puts.length, 1);
        assert.equal(first.names.containerName, "iaasvmcontainer;iaasvmcontainerv2;app-rg;web1");
        assert.equal(first.names.protectedItemName, "vm;iaasvmcontainerv2;app-rg;web1");
        await ensureProtection(vmWorkload, inputs, { client, log: quiet });
        assert.equal(live.puts.length, 1, "a rerun after an interrupted up starts no second job");
    });

    it("changes the policy in place, compares ids case-insensitively, and stops keeping the data", async () => {
        const { live, client } = fakeVault({ protectionState: "Protected", policyId: policyId.toLowerCase().replace("resourcegroups", "resourcegroups"), sourceResourceId: vmId });
        await ensureProtection(vmWorkload, inputs, { client, log: quiet });
        assert.equal(live.puts.length, 0, "the same policy in other casing is no change");
        await ensureProtection(vmWorkload, { ...inputs, policyId: `${vaultId}/backupPolicies/Hourly` }, { client, log: quiet });
        assert.equal(live.puts.at(-1)!.policyId, `${vaultId}/backupPolicies/Hourly`);
        const stopped = await ensureProtection(vmWorkload, { ...inputs, protectionState: "ProtectionStopped" }, { client, log: quiet });
        assert.deepEqual(live.puts.at(-1), { protectedItemType: "Microsoft.Compute/virtualMachines", sourceResourceId: vmId, policyId: "", protectionState: "ProtectionStopped" });
        const outputs = protectionOutputs({ ...inputs, protectionState: "ProtectionStopped" }, stopped.names, stopped.live);
        assert.equal(outputs.policyId, policyId, "the policy asked for is kept while the service omits it");
        const rebuilt = protectionInputsFromLive(outputs, stopped.live);
        assert.equal(rebuilt.protectionState, "ProtectionStopped");
        assert.equal(diffProtection(outputs, { ...inputs, protectionState: "ProtectionStopped" }, []).changes, false, "stopped without a policy id is no drift");
    });

    it("undeletes a soft-deleted item and protects it again, or refuses when asked not to", async () => {
        const soft = { protectionState: "ProtectionStopped", isScheduledForDeferredDelete: true, deferredDeleteTimeInUTC: "2027-01-01T00:00:00Z", sourceResourceId: vmId };
        const refusing = fakeVault({ ...soft });
        await assert.rejects(ensureProtection(vmWorkload, { ...inputs, undeleteSoftDeleted: false }, { client: refusing.client, log: quiet }), /is soft-deleted in the vault \(purged at 2027-01-01T00:00:00Z\)\. Set undeleteSoftDeleted: true/);
        assert.equal(refusing.live.puts.length, 0);
        const { live, client } = fakeVault({ ...soft });
        await ensureProtection(vmWorkload, inputs, { client, log: quiet });
        assert.equal(live.puts[0].isRehydrate, true, "undeleted first");
        assert.equal(live.puts[1].policyId, policyId, "then protected");
        assert.equal(live.item!.protectionState, "IRPending");
    });

    it("destroy stops protection and keeps the data by default; deleteData deletes", async () => {
        const kept = fakeVault({ protectionState: "Protected", policyId, sourceResourceId: vmId });
        const stored = { ...protectionOutputs(inputs, { containerName: "iaasvmcontainer;iaasvmcontainerv2;app-rg;web1", protectedItemName: "vm;iaasvmcontainerv2;app-rg;web1" }, { properties: kept.live.item as never }), vmId } as VmProtectionOutputs;
        await removeProtection(vmWorkload, { ...stored, sourceResourceId: vmId }, { client: kept.client, log: quiet });
        assert.equal(kept.live.deletes, 0, "no data deleted");
        assert.equal(kept.live.item!.protectionState, "ProtectionStopped");
        const deleted = fakeVault({ protectionState: "Protected", policyId, sourceResourceId: vmId });
        await removeProtection(vmWorkload, { ...stored, onDelete: "deleteData", sourceResourceId: vmId }, { client: deleted.client, log: quiet });
        assert.equal(deleted.live.deletes, 1);
    });

    it("keeps disk selection in the body and notices it changed", async () => {
        const { live, client } = fakeVault({ protectionState: "Protected", policyId, sourceResourceId: vmId });
        await ensureProtection(vmWorkload, { ...inputs, includedDiskLuns: [] }, { client, log: quiet });
        assert.deepEqual(live.puts.at(-1)!.extendedProperties, { diskExclusionProperties: { diskLunList: [], isInclusionList: true } });
        await ensureProtection(vmWorkload, { ...inputs, includedDiskLuns: [] }, { client, log: quiet });
        assert.equal(live.puts.length, 1, "the same selection is no change");
    });
});
