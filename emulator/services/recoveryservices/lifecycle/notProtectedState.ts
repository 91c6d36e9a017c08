import { bmsUserErrorDataSourceObjectNotFound } from "../recoveryServicesErrors";
import type { ItemRequest } from "./itemRequest";
import type { ProtectedItemState, TransitionKind } from "./protectedItemState";

/** No item yet: only protecting creates one; stopping or undeleting an item that does not exist is "not found". */
export class NotProtectedState implements ProtectedItemState {
    readonly name = "NotProtected" as const;

    onUpdate(request: ItemRequest): TransitionKind {
        if (request.kind === "protect") return "configure";
        throw bmsUserErrorDataSourceObjectNotFound();
    }

    onDelete(): TransitionKind {
        // Deleting what does not exist is done already (the spec's 204, "Resource does not exist").
        return "none";
    }
}
