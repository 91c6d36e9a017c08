import { bmsUserErrorRecoveryPointNotFound } from "../recoveryServicesErrors";
import type { ListResult } from "../requests/paging";
import { parseFilterTime } from "./backupJobsHandler";
import type { ProtectedItemModel, RecoveryPointModel } from "../state/backupStore";
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
     * GET `protectedItems/{item}/recoveryPoints?$filter=startDate eq '…' and endDate eq '…'` (the dates
     * as azure-cli and PowerShell send them, `2024-01-31 10:00:00 AM` or ISO; either bound may be left
     * out): points taken within the bounds, a SQL log range clipped to them. A SQL item's
     * `restorePointQueryType eq 'Log'` (the log chain alone, as `show-log-chain` asks) or `'Full'`,
     * `'Differential'`, `'FullAndDifferential'` picks the kinds.
     */
    list(target: ItemTarget, filter?: string): ListResult<RecoveryPointResource> {
        const vault = requireVault(this.deps.store, target);
        const item = this.items.requireItem(vault, target);
        const window = dateWindowOf(filter);
        const points = this.deps.store
            .listRecoveryPoints(item.id)
            .filter((point) => window.contains(Date.parse(point.properties.recoveryPointTime)))
            .map((point) => this.view(point));
        if (item.properties.workloadType !== "SQLDataBase") return { value: points };
        // Read leniently: recovery point filters carry dates in forms the list does not use.
        const queryType = /restorePointQueryType\s+eq\s+'([^']*)'/i.exec(filter ?? "")?.[1]?.toLowerCase();
        const range = this.logRange(item, window);
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
        return this.view(point);
    }

    // A VM point says whether a file-recovery session is mounted on it now (`isInstantIlrSessionActive`).
    private view(point: RecoveryPointModel): RecoveryPointResource {
        const resource = toRecoveryPointResource(point);
        if (point.properties.objectType === "IaasVMRecoveryPoint") {
            const session = this.deps.store.getIlrSession(point.id);
            resource.properties.isInstantIlrSessionActive = session !== undefined && Date.parse(session.expiresAt) > this.deps.clock.nowMs();
        }
        return resource;
    }

    private logRange(item: ProtectedItemModel, window?: DateWindow): RecoveryPointResource | undefined {
        const ranges = window ? window.clip(this.deps.runs.sql.timeRanges(item.id)) : this.deps.runs.sql.timeRanges(item.id);
        return ranges.length > 0 ? toLogRangeRecoveryPoint(item.id, ranges) : undefined;
    }
}

/** The `startDate` / `endDate` bounds of a recovery point filter. */
interface DateWindow {
    contains(timeMs: number): boolean;
    /** The ranges cut to the window; those outside it dropped. */
    clip(ranges: { startTime: string; endTime: string }[]): { startTime: string; endTime: string }[];
}

// Read leniently: `startDate eq '2024-01-31 10:00:00 AM'` (quotes required), any case, any order.
function dateWindowOf(filter: string | undefined): DateWindow {
    const bound = (name: string) => {
        const value = new RegExp(`${name}\\s+eq\\s+'([^']*)'`, "i").exec(filter ?? "")?.[1];
        return value !== undefined ? parseFilterTime(value, name) : undefined;
    };
    const from = bound("startDate");
    const to = bound("endDate");
    return {
        contains: (timeMs) => (from === undefined || timeMs >= from) && (to === undefined || timeMs <= to),
        clip: (ranges) =>
            ranges
                .map((range) => ({
                    startTime: from !== undefined && Date.parse(range.startTime) < from ? new Date(from).toISOString() : range.startTime,
                    endTime: to !== undefined && Date.parse(range.endTime) > to ? new Date(to).toISOString() : range.endTime,
                }))
                .filter((range) => Date.parse(range.startTime) < Date.parse(range.endTime)),
    };
}
