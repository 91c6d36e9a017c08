import { detailError, nonFieldErrors, parseError } from "../syncanoErrors";
import type { SyncanoRequestContext } from "../http/syncanoRequestContext";

const parsed = new WeakMap<SyncanoRequestContext, Promise<Record<string, unknown>>>();

/**
 * The request's data as Django REST framework parses it: JSON or a urlencoded form; `{}` for an empty
 * body. Read once per request. A body that is not JSON answers 400 `JSON parse error - …`; one that
 * is JSON but not an object, 400 `non_field_errors`.
 */
export function readRequestData(context: SyncanoRequestContext): Promise<Record<string, unknown>> {
    let data = parsed.get(context);
    if (!data) {
        data = parse(context);
        parsed.set(context, data);
    }
    return data;
}

async function parse(context: SyncanoRequestContext): Promise<Record<string, unknown>> {
    const text = (await context.readBody()).toString("utf8");
    if (text.trim() === "") return {};
    const mediaType = (context.header("content-type") ?? "application/json").split(";")[0].trim().toLowerCase();
    if (mediaType === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
    if (mediaType !== "application/json" && !mediaType.endsWith("+json")) throw detailError(415, `Unsupported media type "${mediaType}" in request.`);
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw parseError((error as Error).message);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw nonFieldErrors(`Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`);
    }
    return value as Record<string, unknown>;
}

/** The Python type name Django REST framework's messages use for a JSON value. */
export function pythonTypeName(value: unknown): string {
    if (value === null) return "NoneType";
    if (Array.isArray(value)) return "list";
    switch (typeof value) {
        case "string":
            return "str";
        case "boolean":
            return "bool";
        case "number":
            return Number.isInteger(value) ? "int" : "float";
        default:
            return "dict";
    }
}
