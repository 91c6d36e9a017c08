import { queryArgsSchema } from "../requests/queryArgs";

/** Which serializer's fields `actions.POST` describes. */
export type PostFields = "fullBackup" | "partialBackup" | "restore";

/**
 * The answer to `OPTIONS`, as Django REST framework's metadata (the seed's example): the view's name,
 * what it renders and parses, and for lists that accept POST, `actions.POST` with each field's
 * type, flags and label; on partial backups `query_args` carries its JSON schema.
 */
export function optionsView(viewName: string, postFields?: PostFields): Record<string, unknown> {
    return {
        name: viewName,
        description: "",
        renders: ["application/json", null, "text/html"],
        parses: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
        ...(postFields ? { actions: { POST: POST_FIELDS[postFields]() } } : {}),
    };
}

const readOnly = (type: string, label: string) => ({ type, required: false, read_only: true, label });
const writable = (type: string, label: string, extra: Record<string, unknown> = {}) => ({ type, required: false, read_only: false, label, ...extra });

const AUTHOR = {
    ...readOnly("nested object", "Author"),
    children: {
        id: readOnly("integer", "ID"),
        email: { type: "email", required: true, read_only: false, label: "Email address", max_length: 254 },
        first_name: writable("string", "First name", { max_length: 35 }),
        last_name: writable("string", "Last name", { max_length: 35 }),
        is_active: readOnly("boolean", "Active"),
        has_password: readOnly("field", "Has password"),
        metadata: writable("field", "Metadata"),
    },
};

const LINKS = { links: [{ type: "detail", name: "self" }] };

const BACKUP_HEAD = {
    id: readOnly("integer", "ID"),
    instance: readOnly("field", "Instance"),
    created_at: readOnly("datetime", "Created at"),
    updated_at: readOnly("datetime", "Updated at"),
};

const POST_FIELDS: Record<PostFields, () => Record<string, unknown>> = {
    fullBackup: () => ({
        ...BACKUP_HEAD,
        size: readOnly("integer", "Size"),
        status: readOnly("choice", "Status"),
        status_info: readOnly("string", "Status info"),
        description: writable("string", "Description", { max_length: 256 }),
        label: writable("string", "Label", { max_length: 64 }),
        author: AUTHOR,
        details: readOnly("field", "Details"),
        metadata: writable("field", "Metadata"),
        links: LINKS,
    }),
    partialBackup: () => ({
        ...BACKUP_HEAD,
        archive: readOnly("file upload", "Archive"),
        size: readOnly("integer", "Size"),
        status: readOnly("choice", "Status"),
        status_info: readOnly("string", "Status info"),
        author: AUTHOR,
        details: readOnly("field", "Details"),
        description: writable("string", "Description", { max_length: 256 }),
        label: writable("string", "Label", { max_length: 64 }),
        query_args: { type: "field", required: true, read_only: false, label: "Query args", schema: queryArgsSchema() },
        metadata: writable("field", "Metadata"),
        links: LINKS,
    }),
    restore: () => ({
        id: readOnly("integer", "ID"),
        backup: writable("field", "Backup"),
        created_at: readOnly("datetime", "Created at"),
        updated_at: readOnly("datetime", "Updated at"),
        status: readOnly("choice", "Status"),
        archive: writable("file upload", "Archive"),
        status_info: readOnly("string", "Status info"),
        author: AUTHOR,
        links: LINKS,
    }),
};
