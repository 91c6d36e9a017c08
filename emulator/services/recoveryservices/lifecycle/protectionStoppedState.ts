import { bmsUserErrorInvalidConfigureProtectionRequest } from "../recoveryServicesErrors";
import type { ItemRequest } from "./itemRequest";
import type { ProtectedItemState, TransitionKind } from "./protectedItemState";

/**
 * Protection stopped (or suspended), data kept: a policy resumes protection, stopping again is
 * accepted (and runs again, as the service does), data can be deleted.
 */
export class ProtectionStoppedState implements ProtectedItemState {
    readonly name = "ProtectionStopped" as const;

    onUpdate(request: ItemRequest): TransitionKind {
        switch (request.kind) {
            case "protect":
                return "configure";
            case "stop":
                return "stop";
            case "suspend":
                return "suspend";
            case "rehydrate":
                throw bmsUserErrorInvalidConfigureProtectionRequest();
        }
    }

    onDelete(): TransitionKind {
        return "delete";
    }
}
