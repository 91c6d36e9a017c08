import { processShared } from "../core/util/processShared";
import { getQueryArgsSchema } from "./api";
import type { JsonSchema } from "./querySchema";
import type { SyncanoClient } from "./syncanoClient";

const schemas = processShared("syncanoQuerySchemas.v1", () => new Map<string, Promise<JsonSchema | undefined>>());

/**
 * The `query_args` schema for an instance, asked once per provider process (every partial backup of
 * an `up` checks against it). A failure is not cached: the next check asks again.
 */
export function querySchemaFor(client: SyncanoClient, instance: string): Promise<JsonSchema | undefined> {
    const key = `${client.baseUrl} ${instance}`;
    let schema = schemas.get(key);
    if (!schema) {
        schema = getQueryArgsSchema(client, instance);
        schemas.set(key, schema);
        schema.catch(() => schemas.delete(key));
    }
    return schema;
}
