import { ArmError } from "../../platform/arm/armErrors";

/**
 * 404 from `config/backup/list` when the site has no backup configuration. The service answers 404
 * (clients such as Terraform's azurerm treat it as "no schedule"); the exact code and message are not
 * documented, so the emulator uses App Service's generic `NotFound` with a message naming site and slot.
 */
export function backupConfigurationNotFound(siteName: string, slotName?: string): ArmError {
    return new ArmError(404, "NotFound", `Backup configuration not found for site '${siteName}' with slot '${slotName ?? "Production"}'.`);
}

/** 400: a request field is missing or has a value the service refuses; `target` names the field. */
export function invalidParameter(field: string, problem: "missing" | string): ArmError {
    const message = problem === "missing" ? `The parameter '${field}' is required.` : `The parameter '${field}' has an invalid value. ${problem}`;
    return new ArmError(400, "BadRequest", message, { target: field, details: [{ code: "BadRequest", message, target: field }] });
}

/** 404: no backup with this id (for this app, or for a restore anywhere in the subscription). */
export function backupNotFound(backupId: string): ArmError {
    return new ArmError(404, "NotFound", `Cannot find backup with id '${backupId}'.`);
}

/** 404: a poll URL names an operation the emulator does not know. */
export function operationNotFound(operationId: string): ArmError {
    return new ArmError(404, "NotFound", `Cannot find operation with id '${operationId}'.`);
}

/** 409: restoring into the backed-up app itself without `overwrite: true`. */
export function overwriteRequired(siteName: string): ArmError {
    return new ArmError(
        409,
        "Conflict",
        `The app '${siteName}' already exists. Set 'overwrite' to true to restore the backup over it, or send the request to the URL of another app.`,
        { target: "properties.overwrite" },
    );
}

/** 409: the backup has no usable blob yet (or any more). */
export function backupNotRestorable(backupId: number, status: string): ArmError {
    return new ArmError(409, "Conflict", `The backup with id '${backupId}' has status '${status}'; only a Succeeded or PartiallySucceeded backup can be restored.`);
}

/** 409: another restore into the same app is still running. */
export function restoreInProgress(siteName: string): ArmError {
    return new ArmError(409, "Conflict", `Another restore operation is in progress for the app '${siteName}'. Try again when it has finished.`);
}
