import * as assert from "node:assert/strict";
import { MemoryStore } from "../../../../../emulator/platform/state/memoryStore";

const group = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/Backups";
const vault = `${group}/providers/Microsoft.RecoveryServices/vaults/Vault1`;
const containers = `${vault}/backupFabrics/Azure`;

function put(store: MemoryStore, id: string, type: string): void {
    store.putResource({ id, name: id.split("/").pop()!, type, properties: {} });
}

describe("emulator memory store: child listings", () => {
    it("lists direct children of one type in the order they were first stored, any casing, as copies", () => {
        const store = new MemoryStore();
        put(store, vault, "Microsoft.RecoveryServices/vaults");
        put(store, `${containers}/protectionContainers/b`, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers");
        put(store, `${containers}/protectionContainers/a`, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers");
        put(store, `${containers}/backupProtectionIntent/i`, "Microsoft.RecoveryServices/vaults/backupFabrics/backupProtectionIntent");
        put(store, `${containers}/protectionContainers/a/protectedItems/x`, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems");
        // Stored again: keeps its place.
        put(store, `${containers}/protectionContainers/b`, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers");

        const listed = store.listChildResources(containers.toUpperCase(), "microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers");
        assert.deepEqual(listed.map((r) => r.name), ["b", "a"]);
        listed[0].name = "changed";
        assert.equal(store.listChildResources(containers, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers")[0].name, "b");
        assert.deepEqual(store.listChildResources(`${containers}/protectionContainers/A`, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems").map((r) => r.name), ["x"]);
        assert.deepEqual(store.listChildResources(vault, "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers"), [], "grandchildren are not children");
    });

    it("stops listing what was deleted with its parent, its group or its subscription, and lists it again once stored again", () => {
        const store = new MemoryStore();
        const type = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers";
        put(store, vault, "Microsoft.RecoveryServices/vaults");
        put(store, `${containers}/protectionContainers/a`, type);
        put(store, `${containers}/protectionContainers/b`, type);
        assert.equal(store.deleteResource(`${containers}/protectionContainers/A`), true);
        assert.deepEqual(store.listChildResources(containers, type).map((r) => r.name), ["b"]);

        put(store, `${containers}/protectionContainers/a`, type);
        assert.deepEqual(store.listChildResources(containers, type).map((r) => r.name), ["b", "a"], "stored again: listed last");

        assert.equal(store.deleteResource(vault), true);
        assert.deepEqual(store.listChildResources(containers, type), [], "deleting the vault removes its containers");
        put(store, `${containers}/protectionContainers/c`, type);
        store.deleteResourceGroup("00000000-0000-0000-0000-000000000001", "backups");
        assert.deepEqual(store.listChildResources(containers, type), []);
        assert.equal(store.getResource(`${containers}/protectionContainers/c`), undefined);

        put(store, `${containers}/protectionContainers/d`, type);
        store.deleteSubscription("00000000-0000-0000-0000-000000000001");
        assert.deepEqual(store.listChildResources(containers, type), []);
        put(store, `${containers}/protectionContainers/e`, type);
        store.clear();
        assert.deepEqual(store.listChildResources(containers, type), []);
    });
});
