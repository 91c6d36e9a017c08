import type { ApiRequest, ApiRoute } from "./http/apiRoute";
import { ok } from "./http/apiRoute";
import type { BackupsHandler } from "./handlers/backupsHandler";
import type { RestoresHandler } from "./handlers/restoresHandler";
import type { BackupKind } from "./state/models";
import { optionsView } from "./views/optionsView";

/** The API's version prefixes; they behave alike but for the prefix of the links they write. */
export const API_VERSIONS: readonly string[] = ["v1", "v1.1", "v2"];

const KIND_NAMES: Record<BackupKind, string> = { full: "Full", partial: "Partial" };

/**
 * The Syncano backup API's route table, templates after the version prefix (the trailing slash the
 * platform requires is checked by the route lookup): instance-level backups and restores, and the
 * account-level backup lists.
 */
export function syncanoRoutes(backups: BackupsHandler, restores: RestoresHandler): ApiRoute[] {
    const routes: ApiRoute[] = [];
    const add = (method: string, template: string, operation: string, handler: (request: ApiRequest) => ReturnType<ApiRoute["handler"]>) =>
        routes.push({ method, template, operation, handler });

    for (const kind of ["full", "partial"] as const) {
        const name = KIND_NAMES[kind];
        const list = `/instances/{instance}/backups/${kind}`;
        add("GET", list, `${name}Backups.List`, (request) => backups.listInstanceBackups(kind, request));
        add("POST", list, `${name}Backups.Create`, (request) => backups.createBackup(kind, request));
        add("OPTIONS", list, `${name}Backups.Options`, () => ok(optionsView(`${name} Backup List`, kind === "full" ? "fullBackup" : "partialBackup")));
        add("GET", `${list}/{id}`, `${name}Backups.Get`, (request) => backups.getInstanceBackup(kind, request));
        add("DELETE", `${list}/{id}`, `${name}Backups.Delete`, (request) => backups.deleteInstanceBackup(kind, request));
        add("OPTIONS", `${list}/{id}`, `${name}Backups.OptionsDetail`, () => ok(optionsView(`${name} Backup Instance`)));

        const accountList = `/backups/${kind}`;
        add("GET", accountList, `Account${name}Backups.List`, (request) => backups.listAccountBackups(kind, request));
        add("OPTIONS", accountList, `Account${name}Backups.Options`, () => ok(optionsView(`${name} Backups Top Level List`)));
        add("GET", `${accountList}/{id}`, `Account${name}Backups.Get`, (request) => backups.getAccountBackup(kind, request));
        add("DELETE", `${accountList}/{id}`, `Account${name}Backups.Delete`, (request) => backups.deleteAccountBackup(kind, request));
        add("OPTIONS", `${accountList}/{id}`, `Account${name}Backups.OptionsDetail`, () => ok(optionsView(`${name} Backups Top Level Instance`)));
    }

    const restoreList = "/instances/{instance}/restores";
    add("GET", restoreList, "Restores.List", (request) => restores.listRestores(request));
    add("POST", restoreList, "Restores.Create", (request) => restores.createRestore(request));
    add("OPTIONS", restoreList, "Restores.Options", () => ok(optionsView("Restore List", "restore")));
    add("GET", `${restoreList}/{id}`, "Restores.Get", (request) => restores.getRestore(request));
    add("OPTIONS", `${restoreList}/{id}`, "Restores.OptionsDetail", () => ok(optionsView("Restore Instance")));
    return routes;
}
