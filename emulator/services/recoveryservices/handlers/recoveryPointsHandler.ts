import { bmsUserErrorRecoveryPointNotFound } from "../recoveryServicesErrors";
import type { ListResult } from "../requests/paging";
import type { ProtectedItemModel } from "../state/backupStore";
import { LOG_RANGE_POINT, toLogRangeRecoveryPoint, toRecoveryPointResource, type RecoveryPointResource } from "../views/recoveryPointView";
import type { HandlerDependencies } from "./handlerDependencies";
import type { ItemTarget, ProtectedItemsHandler } from "./protectedItemsHandler";
import { requireVault } from "./vaultScope";

/**
 * Recovery points of an item: RecoveryPoints list (newest first) and get. Points stay when protection
 * stops and while an item is soft-deleted; they go with the item when it is deleted or purged. A SQL
 * database lists its full and differential points and, once log backups ran, its log chain as
 * `DefaultRangeRecoveryPoint` (as `az backup recoverypoint list` shows it).
 */
export class RecoveryPointsHandler {
    constructor(
        private readonly deps: HandlerDependencies,
        private readonly items: ProtectedItemsHandler,
    ) {}

    /**
     * GET `protectedItems/{item}/recoveryPoints`. Of the `$filter`, only a SQL item's
     * `restorePointQueryType eq 'Log'` (the log chain alone, as `show-log-chain` asks) or `'Full'`,
     * `'Differential'`, `'FullAndDifferential'` is applied; the dates are accepted and not applied.
     */
    list(target: ItemTarget, filter?: string): ListResult<RecoveryPointResource> {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        const points = this.deps.store.listRecoveryPoints(item.id).map(toRecoveryPointResource);
        if (item.properties.workloadType !== "SQLDataBase") return { value: points };
        // Read leniently: recovery point filters carry dates in forms the list does not use.
        const queryType = /restorePointQueryType\s+eq\s+'([^']*)'/i.exec(filter ?? "")?.[1]?.toLowerCase();
        const range = this.logRange(item);
        const wantsLog = queryType === undefined || queryType === "log" || queryType === "all";
        const value = points.filter((point) => {
            const type = String(point.properties.type ?? "").toLowerCase();
            return queryType === undefined || queryType === "all" || queryType === type || (queryType === "fullanddifferential" && (type === "full" || type === "differential"));
        });
        return { value: [...value, ...(range && wantsLog ? [range] : [])] };
    }

    /** GET `protectedItems/{item}/recoveryPoints/{recoveryPointId}` (`DefaultRangeRecoveryPoint`: a SQL item's log chain). */
    get(target: ItemTarget, recoveryPointName: string): RecoveryPointResource {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        if (recoveryPointName.toLowerCase() === LOG_RANGE_POINT.toLowerCase() && item.properties.workloadType === "SQLDataBase") {
            const range = this.logRange(item);
            if (range) return range;
        }
        const point = this.deps.store.getRecoveryPoint(item.id, recoveryPointName);
        if (!point) throw bmsUserErrorRecoveryPointNotFound();
        return toRecoveryPointResource(point);
    }

    private logRange(item: ProtectedItemModel): RecoveryPointResource | undefined {
        const ranges = this.deps.runs.sql.timeRanges(item.id);
        return ranges.length > 0 ? toLogRangeRecoveryPoint(item.id, ranges) : undefined;
    }
}
