import { userErrorBackupItemSoftDeleted } from "../recoveryServicesErrors";
import type { ItemRequest } from "./itemRequest";
import type { ProtectedItemState, TransitionKind } from "./protectedItemState";

/**
 * Deleted with soft delete on: the item and its recovery points wait for the purge. Only undelete
 * (`isRehydrate: true`) is accepted; protecting or stopping it again is refused until then
 * (azure-backup.md: "blocks protecting it again until undeleted").
 */
export class SoftDeletedState implements ProtectedItemState {
    readonly name = "SoftDeleted" as const;

    onUpdate(request: ItemRequest): TransitionKind {
        if (request.kind === "rehydrate") return "undelete";
        throw userErrorBackupItemSoftDeleted();
    }

    onDelete(): TransitionKind {
        // Already deleted as far as the API can take it; the purge finishes the job.
        return "none";
    }
}
