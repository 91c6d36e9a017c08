import type { LocalStack } from "../../../harness/localStack";

/** The stack's checkpoint as the backend stores it (`.pulumi/stacks/<project>/<stack>.json`), parsed. */
export async function storedCheckpoint(local: LocalStack, project: string): Promise<{ resources: Array<{ type: string; urn: string }>; pendingOperations: Array<{ type: string }> }> {
    const key = `.pulumi/stacks/${project}/${local.stack.name}.json`;
    const text = await local.backend.readObject(key);
    if (text === undefined) throw new Error(`no ${key} in ${local.backend.url}`);
    const latest = JSON.parse(text).checkpoint.latest ?? {};
    return { resources: latest.resources ?? [], pendingOperations: latest.pending_operations ?? [] };
}

/** The lock files the backend holds for a stack (`.pulumi/locks/organization/<project>/<stack>/<id>.json`). */
export function stackLocks(local: LocalStack, project: string): Promise<string[]> {
    return local.backend.listObjects(`.pulumi/locks/organization/${project}/${local.stack.name}/`);
}
