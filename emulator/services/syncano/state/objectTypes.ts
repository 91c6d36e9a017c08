/**
 * The object types of a Syncano instance that backups select and restores replace, as `query_args`
 * names them; parents before children, the order archives are written in.
 */
export const OBJECT_TYPES = [
    "class",
    "channel",
    "response_template",
    "script",
    "group",
    "user",
    "hosting",
    "socket",
    "socketenvironment",
    "gcm_config",
    "apns_config",
    "data_object",
    "data_endpoint",
    "script_endpoint",
    "schedule",
    "trigger",
    "membership",
    "user_social_profile",
    "gcm_device",
    "apns_device",
    "hosting_file",
    "socketendpoint",
    "sockethandler",
] as const;

/** One object type of an instance (`class`, `data_object`, `user`, …). */
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** One object of an instance: an integer id, a name for the types looked up by name, anything else. */
export type SyncanoObject = Record<string, unknown> & { id: number; name?: string };

/** An instance's content: its objects by type. */
export type InstanceObjects = Record<ObjectType, SyncanoObject[]>;

/** Objects given for some types only. */
export type PartialObjects = Partial<Record<ObjectType, SyncanoObject[]>>;

/** How `query_args` (and a partial restore) identifies objects of a type. */
export type LookupField = "name" | "id";

// The platform's ModelBackupByName types; every other type is selected by integer id.
const BY_NAME: ReadonlySet<ObjectType> = new Set<ObjectType>([
    "class",
    "channel",
    "data_endpoint",
    "response_template",
    "socket",
    "socketendpoint",
    "socketenvironment",
    "script_endpoint",
]);

/** The field `query_args` selects objects of `type` by. */
export function lookupFieldOf(type: ObjectType): LookupField {
    return BY_NAME.has(type) ? "name" : "id";
}

/**
 * Parents of each type: a child holds, in a field named after the parent type, the parent's lookup
 * value (`{ class: "books" }` on a data object). Selecting parents in `query_args` limits their
 * children, as the platform filters on foreign keys.
 */
export const PARENT_TYPES: Readonly<Partial<Record<ObjectType, readonly ObjectType[]>>> = Object.freeze({
    data_object: ["class"],
    data_endpoint: ["class"],
    trigger: ["class", "script"],
    script_endpoint: ["script"],
    schedule: ["script"],
    membership: ["user", "group"],
    user_social_profile: ["user"],
    gcm_device: ["user"],
    apns_device: ["user"],
    hosting_file: ["hosting"],
    socketendpoint: ["socket"],
    sockethandler: ["socket"],
});

/** True for one of {@link OBJECT_TYPES}. */
export function isObjectType(value: string): value is ObjectType {
    return (OBJECT_TYPES as readonly string[]).includes(value);
}

/** An instance with no objects at all. */
export function emptyObjects(): InstanceObjects {
    return Object.fromEntries(OBJECT_TYPES.map((type) => [type, []])) as unknown as InstanceObjects;
}

/**
 * What a freshly initialised instance holds: the `user_profile` class the platform creates with every
 * instance. New instances start so, and a partial restore loads its archive on top of it.
 */
export function freshInstanceObjects(): InstanceObjects {
    const objects = emptyObjects();
    objects.class.push({ id: 1, name: "user_profile", description: "Class that holds profiles for users.", schema: [] });
    return objects;
}
