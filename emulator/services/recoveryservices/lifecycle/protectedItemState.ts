import type { ProtectedItemRecord } from "../state/models";
import type { ItemRequest } from "./itemRequest";
import { ActiveState } from "./activeState";
import { NotProtectedState } from "./notProtectedState";
import { ProtectionStoppedState } from "./protectionStoppedState";
import { SoftDeletedState } from "./softDeletedState";

/**
 * What a request does to an item: start a ConfigureBackup (`configure`), a DisableBackup that stops
 * protection and keeps data (`stop`) or keeps it as per policy (`suspend`), an Undelete (`undelete`),
 * a DeleteBackupData (`delete`), or nothing (`none`: DELETE of an item already soft-deleted).
 */
export type TransitionKind = "configure" | "stop" | "suspend" | "undelete" | "delete" | "none";

/**
 * One state of a protected item's lifecycle, deciding what each request may do from there. A
 * refused request throws the service's error; the caller runs the transition as an operation.
 */
export interface ProtectedItemState {
    readonly name: "NotProtected" | "Active" | "ProtectionStopped" | "SoftDeleted";
    /** What a PUT asking for `request` does from this state. */
    onUpdate(request: ItemRequest): TransitionKind;
    /** What a DELETE does from this state. */
    onDelete(): TransitionKind;
}

/** The lifecycle state an item is in (`undefined`: no item yet). */
export function stateOf(item: ProtectedItemRecord | undefined): ProtectedItemState {
    if (!item) return new NotProtectedState();
    if (item.isScheduledForDeferredDelete) return new SoftDeletedState();
    if (item.protectionState === "ProtectionStopped" || item.protectionState === "BackupsSuspended") return new ProtectionStoppedState();
    return new ActiveState();
}
