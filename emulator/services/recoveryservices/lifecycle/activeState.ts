import { bmsUserErrorInvalidConfigureProtectionRequest } from "../recoveryServicesErrors";
import type { ItemRequest } from "./itemRequest";
import type { ProtectedItemState, TransitionKind } from "./protectedItemState";

/** Protected, or waiting for its first backup (IRPending): the policy can change, protection can stop, data can be deleted. */
export class ActiveState implements ProtectedItemState {
    readonly name = "Active" as const;

    onUpdate(request: ItemRequest): TransitionKind {
        switch (request.kind) {
            case "protect":
                return "configure";
            case "stop":
                return "stop";
            case "suspend":
                return "suspend";
            case "rehydrate":
                // Only a soft-deleted item can be undeleted.
                throw bmsUserErrorInvalidConfigureProtectionRequest();
        }
    }

    onDelete(): TransitionKind {
        return "delete";
    }
}
