import { ArmError } from "../protocol/armErrors";

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
