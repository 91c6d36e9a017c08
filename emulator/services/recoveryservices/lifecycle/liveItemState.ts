import { bmsUserErrorInvalidConfigureProtectionRequest } from "../recoveryServicesErrors";
import type { ItemRequest } from "./itemRequest";
import type { ProtectedItemState, TransitionKind } from "./protectedItemState";

/**
 * An item that exists and is not soft-deleted, protected or not: a policy (re)configures protection,
 * stopping and suspending are accepted (again too, as the service does), data can be deleted. Only a
 * soft-deleted item can be undeleted. `ActiveState` and `ProtectionStoppedState` share
 * these rules and differ in their names only.
 */
export abstract class LiveItemState implements ProtectedItemState {
    abstract readonly name: "Active" | "ProtectionStopped";

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
