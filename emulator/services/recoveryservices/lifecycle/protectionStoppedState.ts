import { LiveItemState } from "./liveItemState";

/**
 * Protection stopped (or suspended), data kept: a policy resumes protection, stopping again is
 * accepted (and runs again, as the service does), data can be deleted.
 */
export class ProtectionStoppedState extends LiveItemState {
    readonly name = "ProtectionStopped" as const;
}
