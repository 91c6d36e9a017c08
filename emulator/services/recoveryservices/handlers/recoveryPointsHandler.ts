import { bmsUserErrorRecoveryPointNotFound } from "../recoveryServicesErrors";
import type { ListResult } from "../requests/paging";
import { toRecoveryPointResource, type RecoveryPointResource } from "../views/recoveryPointView";
import type { HandlerDependencies } from "./handlerDependencies";
import type { ItemTarget, ProtectedItemsHandler } from "./protectedItemsHandler";
import { requireVault } from "./vaultScope";

/**
 * Recovery points of an item: RecoveryPoints list (newest first) and get. Points stay when protection
 * stops and while an item is soft-deleted; they go with the item when it is deleted or purged.
 */
export class RecoveryPointsHandler {
    constructor(
        private readonly deps: HandlerDependencies,
        private readonly items: ProtectedItemsHandler,
    ) {}

    /** GET `protectedItems/{item}/recoveryPoints` (the `$filter` on dates is accepted and not applied). */
    list(target: ItemTarget): ListResult<RecoveryPointResource> {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        return { value: this.deps.store.listRecoveryPoints(item.id).map(toRecoveryPointResource) };
    }

    /** GET `protectedItems/{item}/recoveryPoints/{recoveryPointId}`. */
    get(target: ItemTarget, recoveryPointName: string): RecoveryPointResource {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        const point = this.deps.store.getRecoveryPoint(item.id, recoveryPointName);
        if (!point) throw bmsUserErrorRecoveryPointNotFound();
        return toRecoveryPointResource(point);
    }
}
