import { ok, type ArmOperationRequest, type ArmOperationResult, type ArmRoute } from "../../platform/arm/armOperation";
import { displayId, urlSegment, vaultId, type VaultTarget } from "./names/backupIds";
import type { BackupJobsHandler } from "./handlers/backupJobsHandler";
import type { BackupsHandler } from "./handlers/backupsHandler";
import type { RestoresHandler } from "./handlers/restoresHandler";
import type { ItemLevelRecoveryConnectionsHandler } from "./handlers/itemLevelRecoveryConnectionsHandler";
import type { PollAnswer } from "./handlers/pollAnswer";
import type { ProtectableItemsHandler } from "./handlers/protectableItemsHandler";
import type { ItemTarget, ProtectedItemsHandler } from "./handlers/protectedItemsHandler";
import type { ProtectionContainersHandler } from "./handlers/protectionContainersHandler";
import type { ProtectionIntentHandler } from "./handlers/protectionIntentHandler";
import type { ProtectionPoliciesHandler } from "./handlers/protectionPoliciesHandler";
import type { RecoveryPointsHandler } from "./handlers/recoveryPointsHandler";
import type { VaultConfigHandler } from "./handlers/vaultConfigHandler";
import { queryValue } from "./requests/odataFilter";
import type { BackupOperation } from "./work/backupOperations";

/** The handlers the route table dispatches to. */
export interface RecoveryServicesHandlers {
    policies: ProtectionPoliciesHandler;
    protectable: ProtectableItemsHandler;
    containers: ProtectionContainersHandler;
    items: ProtectedItemsHandler;
    recoveryPoints: RecoveryPointsHandler;
    backups: BackupsHandler;
    restores: RestoresHandler;
    fileRecovery: ItemLevelRecoveryConnectionsHandler;
    jobs: BackupJobsHandler;
    intents: ProtectionIntentHandler;
    vault: VaultConfigHandler;
}

/** What the route table needs besides the handlers. */
export interface RecoveryServicesRouteOptions {
    /** Runs what is due on the backup clock; called before every operation. */
    catchUp: () => void;
    /** The emulator's base URL, for poll URLs and `nextLink`s. */
    baseUrl: () => string;
    /** `Retry-After` of 202 answers and running polls, in seconds. */
    retryAfterSeconds: () => number;
}

const VAULT = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}";
const FABRIC = `${VAULT}/backupFabrics/Azure`;
const CONTAINER = `${FABRIC}/protectionContainers/{containerName}`;
const ITEM = `${CONTAINER}/protectedItems/{protectedItemName}`;

/**
 * The Microsoft.RecoveryServices route table: operation names after the official client's operation
 * groups. Every route first catches the backup timeline up, so answers reflect what is due by now.
 * 202 answers carry `Azure-AsyncOperation` (operationsStatus), `Location` (operationResults),
 * `Retry-After` and no body, with poll URLs that echo the request's api-version (the live headers
 * start them with `/Subscriptions/`, as here).
 */
export function recoveryServicesRoutes(handlers: RecoveryServicesHandlers, options: RecoveryServicesRouteOptions): ArmRoute[] {
    const route = (method: string, template: string, operation: string, run: (request: ArmOperationRequest) => ArmOperationResult): ArmRoute => ({
        method,
        template,
        operation,
        handler: (request) => {
            options.catchUp();
            return run(request);
        },
    });
    const answers = new Answers(options);
    const { policies, protectable, containers, items, recoveryPoints, backups, restores, fileRecovery, jobs, intents, vault } = handlers;
    return [
        route("GET", VAULT, "Vaults.Get", (r) => ok(vault.getVault(vaultOf(r)))),
        route("GET", `${VAULT}/backupconfig/vaultconfig`, "BackupResourceVaultConfigs.Get", (r) => ok(vault.getVaultConfig(vaultOf(r)))),
        route("PATCH", `${VAULT}/backupconfig/vaultconfig`, "BackupResourceVaultConfigs.Update", (r) => ok(vault.updateVaultConfig(vaultOf(r), r.body))),
        route("PUT", `${VAULT}/backupconfig/vaultconfig`, "BackupResourceVaultConfigs.Put", (r) => ok(vault.updateVaultConfig(vaultOf(r), r.body))),
        route("GET", `${VAULT}/backupResourceGuardProxies/{proxyName}`, "ResourceGuardProxy.Get", (r) => ok(vault.getResourceGuardProxy(vaultOf(r), r.params.proxyName))),
        route("POST", `${VAULT}/backupResourceGuardProxies/{proxyName}/unlockDelete`, "ResourceGuardProxy.UnlockDelete", (r) => ok(vault.unlockDelete(vaultOf(r), r.body))),

        route("GET", `${VAULT}/backupPolicies`, "BackupPolicies.List", (r) => ok(policies.list(vaultOf(r), filterOf(r)))),
        route("GET", `${VAULT}/backupPolicies/{policyName}`, "ProtectionPolicies.Get", (r) => ok(policies.get(vaultOf(r), r.params.policyName))),
        route("PUT", `${VAULT}/backupPolicies/{policyName}`, "ProtectionPolicies.CreateOrUpdate", (r) => ok(policies.createOrUpdate(vaultOf(r), r.params.policyName, r.body))),
        route("DELETE", `${VAULT}/backupPolicies/{policyName}`, "ProtectionPolicies.Delete", (r) => ({ status: policies.delete(vaultOf(r), r.params.policyName) === "deleted" ? 200 : 204 })),

        route("POST", `${FABRIC}/refreshContainers`, "ProtectionContainers.Refresh", (r) => answers.accepted(containers.refresh(vaultOf(r), filterOf(r)), r, { locationOnly: true })),
        route("GET", `${FABRIC}/operationResults/{operationId}`, "ProtectionContainerRefreshOperationResults.Get", (r) =>
            answers.poll(containers.getRefreshOperationResult(vaultOf(r), r.params.operationId), r),
        ),
        route("GET", `${FABRIC}/operationsStatus/{operationId}`, "ProtectionContainerRefreshOperationStatuses.Get", (r) =>
            answers.status(containers.getRefreshOperationStatus(vaultOf(r), r.params.operationId)),
        ),
        route("GET", `${FABRIC}/protectableContainers`, "ProtectableContainers.List", (r) => ok(protectable.listProtectableContainers(vaultOf(r), filterOf(r)))),
        route("GET", `${VAULT}/backupProtectableItems`, "BackupProtectableItems.List", (r) =>
            ok(protectable.list(vaultOf(r), { ...pagingOf(r), nextLinkOf: answers.nextLink(r, "backupProtectableItems") })),
        ),
        route("GET", `${VAULT}/backupProtectionContainers`, "BackupProtectionContainers.List", (r) => ok(containers.list(vaultOf(r), filterOf(r)))),

        route("PUT", CONTAINER, "ProtectionContainers.Register", (r) => {
            const answer = containers.register(vaultOf(r), r.params.containerName, r.body);
            return answer.kind === "registered" ? ok(answer.container) : answers.accepted(answer.operation, r);
        }),
        route("GET", CONTAINER, "ProtectionContainers.Get", (r) => ok(containers.get(vaultOf(r), r.params.containerName))),
        route("DELETE", CONTAINER, "ProtectionContainers.Unregister", (r) => {
            const result = containers.unregister(vaultOf(r), r.params.containerName);
            return result === "absent" ? { status: 204 } : answers.accepted(result, r);
        }),
        route("POST", `${CONTAINER}/inquire`, "ProtectionContainers.Inquire", (r) => answers.accepted(containers.inquire(vaultOf(r), r.params.containerName), r)),
        route("GET", `${CONTAINER}/operationResults/{operationId}`, "ProtectionContainerOperationResults.Get", (r) =>
            answers.poll(containers.getOperationResult(vaultOf(r), r.params.containerName, r.params.operationId), r),
        ),
        route("GET", `${CONTAINER}/operationsStatus/{operationId}`, "ProtectionContainerOperationStatuses.Get", (r) =>
            answers.status(containers.getOperationStatus(vaultOf(r), r.params.operationId)),
        ),

        route("PUT", ITEM, "ProtectedItems.CreateOrUpdate", (r) => answers.accepted(items.createOrUpdate(itemOf(r), r.body), r)),
        route("GET", ITEM, "ProtectedItems.Get", (r) => ok(items.get(itemOf(r)))),
        route("DELETE", ITEM, "ProtectedItems.Delete", (r) => {
            const result = items.delete(itemOf(r));
            return result === "absent" ? { status: 204 } : answers.accepted(result, r);
        }),
        route("GET", `${ITEM}/operationResults/{operationId}`, "ProtectedItemOperationResults.Get", (r) => answers.poll(items.getOperationResult(itemOf(r), r.params.operationId), r)),
        route("GET", `${ITEM}/operationsStatus/{operationId}`, "ProtectedItemOperationStatuses.Get", (r) => answers.status(items.getOperationStatus(itemOf(r), r.params.operationId))),
        route("POST", `${ITEM}/backup`, "Backups.Trigger", (r) => answers.accepted(backups.trigger(itemOf(r), r.body), r)),
        route("GET", `${ITEM}/recoveryPoints`, "RecoveryPoints.List", (r) => ok(recoveryPoints.list(itemOf(r), filterOf(r)))),
        route("GET", `${ITEM}/recoveryPoints/{recoveryPointId}`, "RecoveryPoints.Get", (r) => ok(recoveryPoints.get(itemOf(r), r.params.recoveryPointId))),
        route("POST", `${ITEM}/recoveryPoints/{recoveryPointId}/restore`, "Restores.Trigger", (r) => answers.accepted(restores.trigger(itemOf(r), r.params.recoveryPointId, r.body), r)),
        route("POST", `${ITEM}/recoveryPoints/{recoveryPointId}/provisionInstantItemRecovery`, "ItemLevelRecoveryConnections.Provision", (r) =>
            answers.accepted(fileRecovery.provision(itemOf(r), r.params.recoveryPointId, r.body), r),
        ),
        route("POST", `${ITEM}/recoveryPoints/{recoveryPointId}/revokeInstantItemRecovery`, "ItemLevelRecoveryConnections.Revoke", (r) => answers.accepted(fileRecovery.revoke(itemOf(r), r.params.recoveryPointId), r)),
        route("POST", `${ITEM}/recoveryPoints/{recoveryPointId}/listInstantItemRecoveryOperationResult`, "ItemLevelRecoveryConnections.ListInstantItemRecoveryOperationResult", (r) =>
            ok(fileRecovery.listOperationResult(itemOf(r), r.params.recoveryPointId, queryValue(r.query, "api-version"))),
        ),
        route("GET", `${VAULT}/backupProtectedItems`, "BackupProtectedItems.List", (r) => ok(items.list(vaultOf(r), filterOf(r)))),
        route("GET", `${VAULT}/backupOperationResults/{operationId}`, "BackupOperationResults.Get", (r) => answers.poll(items.getBackupOperationResult(vaultOf(r), r.params.operationId), r)),
        route("GET", `${VAULT}/backupOperations/{operationId}`, "BackupOperationStatuses.Get", (r) => answers.status(items.getBackupOperationStatus(vaultOf(r), r.params.operationId))),

        route("GET", `${VAULT}/backupJobs`, "BackupJobs.List", (r) => ok(jobs.list(vaultOf(r), { ...pagingOf(r), nextLinkOf: answers.nextLink(r, "backupJobs") }))),
        route("GET", `${VAULT}/backupJobs/{jobName}`, "JobDetails.Get", (r) => ok(jobs.get(vaultOf(r), r.params.jobName))),
        route("POST", `${VAULT}/backupJobs/{jobName}/cancel`, "JobCancellations.Trigger", (r) => answers.accepted(jobs.cancel(vaultOf(r), r.params.jobName), r)),
        route("GET", `${VAULT}/backupJobs/{jobName}/operationResults/{operationId}`, "JobOperationResults.Get", (r) => answers.poll(jobs.getOperationResult(vaultOf(r), r.params.operationId), r)),

        route("PUT", `${FABRIC}/backupProtectionIntent/{intentObjectName}`, "ProtectionIntent.CreateOrUpdate", (r) => ok(intents.createOrUpdate(vaultOf(r), r.params.intentObjectName, r.body))),
        route("GET", `${FABRIC}/backupProtectionIntent/{intentObjectName}`, "ProtectionIntent.Get", (r) => ok(intents.get(vaultOf(r), r.params.intentObjectName))),
        route("DELETE", `${FABRIC}/backupProtectionIntent/{intentObjectName}`, "ProtectionIntent.Delete", (r) => {
            intents.delete(vaultOf(r), r.params.intentObjectName);
            return { status: 204 };
        }),
        route("GET", `${VAULT}/backupProtectionIntents`, "BackupProtectionIntent.List", (r) => ok(intents.list(vaultOf(r)))),
    ];
}

/** Builds the HTTP answers of asynchronous operations and pages: headers, poll URLs, next links. */
class Answers {
    constructor(private readonly options: RecoveryServicesRouteOptions) {}

    /** 202 with the operation's poll URLs; `locationOnly` for refresh, whose 202 carries just `Location` (RefreshContainers.json). */
    accepted(operation: BackupOperation, request: ArmOperationRequest, { locationOnly = false } = {}): ArmOperationResult {
        const urls = this.pollUrls(operation, request);
        const headers: Record<string, string> = { Location: urls.location, "Retry-After": String(this.options.retryAfterSeconds()) };
        if (!locationOnly && urls.asyncOperation) headers["Azure-AsyncOperation"] = urls.asyncOperation;
        return { status: 202, headers };
    }

    /** A Location answer: 202 (with Location and Retry-After) while running, 200 with a body or 204 once done. */
    poll(answer: PollAnswer, request: ArmOperationRequest): ArmOperationResult {
        if (answer.kind === "running") {
            return { status: 202, headers: { Location: this.pollUrls(answer.operation, request).location, "Retry-After": String(this.options.retryAfterSeconds()) } };
        }
        return answer.body === undefined ? { status: 204 } : ok(answer.body);
    }

    /** An operation status: 200, with Retry-After while it runs. */
    status(status: { status: string }): ArmOperationResult {
        return { status: 200, body: status, headers: status.status === "InProgress" ? { "Retry-After": String(this.options.retryAfterSeconds()) } : {} };
    }

    /** The absolute `nextLink` of a paged vault-level list, keeping the request's api-version and `$filter`. */
    nextLink(request: ArmOperationRequest, collection: string): (skipToken: string) => string {
        return (skipToken) => {
            // Written as the live nextLinks are: `$` kept, the filter percent-encoded (%20, not +).
            const filter = queryValue(request.query, "$filter");
            const query = [
                `api-version=${encodeURIComponent(queryValue(request.query, "api-version") ?? "")}`,
                ...(filter !== undefined ? [`$filter=${encodeURIComponent(filter)}`] : []),
                `$skipToken=${encodeURIComponent(skipToken)}`,
            ].join("&");
            return `${this.options.baseUrl()}${vaultPath(vaultOf(request))}/${collection}?${query}`;
        };
    }

    private pollUrls(operation: BackupOperation, request: ArmOperationRequest): { location: string; asyncOperation?: string } {
        const vault = vaultPath(vaultOf(request));
        const query = `?api-version=${encodeURIComponent(queryValue(request.query, "api-version") ?? "")}`;
        const base = this.options.baseUrl();
        const at = (path: string) => `${base}${path}${query}`;
        switch (operation.scope) {
            case "fabric":
                return { location: at(`${vault}/backupFabrics/Azure/operationResults/${operation.id}`), asyncOperation: at(`${vault}/backupFabrics/Azure/operationsStatus/${operation.id}`) };
            case "vault":
                return { location: at(`${vault}/backupOperationResults/${operation.id}`), asyncOperation: at(`${vault}/backupOperations/${operation.id}`) };
            case "container": {
                const container = `${vault}/backupFabrics/Azure/protectionContainers/${urlSegment(operation.containerName ?? "")}`;
                return { location: at(`${container}/operationResults/${operation.id}`), asyncOperation: at(`${container}/operationsStatus/${operation.id}`) };
            }
            case "job":
                return { location: at(`${vault}/backupJobs/${urlSegment(operation.subjectJobName ?? "")}/operationResults/${operation.id}`), asyncOperation: at(`${vault}/backupOperations/${operation.id}`) };
            case "item": {
                const item = `${vault}/backupFabrics/Azure/protectionContainers/${urlSegment(operation.containerName ?? "")}/protectedItems/${urlSegment(operation.itemName ?? "")}`;
                return { location: at(`${item}/operationResults/${operation.id}`), asyncOperation: at(`${item}/operationsStatus/${operation.id}`) };
            }
        }
    }
}

function vaultOf({ params }: ArmOperationRequest): VaultTarget {
    return { subscriptionId: params.subscriptionId, resourceGroupName: params.resourceGroupName, vaultName: params.vaultName };
}

function itemOf(request: ArmOperationRequest): ItemTarget {
    return { ...vaultOf(request), containerName: request.params.containerName, protectedItemName: request.params.protectedItemName };
}

function filterOf(request: ArmOperationRequest): string | undefined {
    return queryValue(request.query, "$filter");
}

function pagingOf(request: ArmOperationRequest): { filter?: string; skipToken?: string } {
    const filter = filterOf(request);
    const skipToken = queryValue(request.query, "$skipToken");
    return { ...(filter !== undefined ? { filter } : {}), ...(skipToken !== undefined ? { skipToken } : {}) };
}

// The vault's path as the live poll URLs write it: `/Subscriptions/…`, names as the request sent them.
function vaultPath(target: VaultTarget): string {
    return displayId(vaultId({ subscriptionId: urlSegment(target.subscriptionId), resourceGroupName: urlSegment(target.resourceGroupName), vaultName: urlSegment(target.vaultName) }));
}
