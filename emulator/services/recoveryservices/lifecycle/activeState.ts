import { LiveItemState } from "./liveItemState";

/** Protected, or waiting for its first backup (IRPending): the policy can change, protection can stop, data can be deleted. */
export class ActiveState extends LiveItemState {
    readonly name = "Active" as const;
}
