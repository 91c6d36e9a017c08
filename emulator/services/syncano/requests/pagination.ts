import { malformedPageParameter } from "../syncanoErrors";

/** A list page as the platform answers it: relative `next`/`prev` links (or null) and the objects. */
export interface Page<T> {
    next: string | null;
    prev: string | null;
    objects: T[];
}

const PAGE_SIZE = 100;

interface Cursor {
    direction?: 0 | 1;
    lastPk?: number;
}

/**
 * Cursor pagination by id, as the platform's StandardPagination: `page_size` (default and maximum
 * 100), `ordering=asc|desc`, and cursors `direction` (1 forward, 0 back) with `last_pk`. `next` is
 * there whenever a page is full; links repeat `page_size` and `ordering` when they were given.
 * Malformed parameters answer 400 "Incorrect page parameter provided.".
 */
export function paginate<T extends { id: number }>(items: readonly T[], query: URLSearchParams, path: string): Page<T> {
    const pageSize = readPageSize(query.get("page_size"));
    const ordering = query.get("ordering")?.toLowerCase();
    const isAscending = ordering !== "desc";
    const cursor = readCursor(query);

    let list = [...items].sort((a, b) => (isAscending ? a.id - b.id : b.id - a.id));
    let isReversed = false;
    if (cursor.direction !== undefined) {
        // "Forward" is towards higher ids: a descending list's next page goes back.
        const isForward = isAscending ? cursor.direction === 1 : cursor.direction === 0;
        if (cursor.lastPk !== undefined) {
            const lastPk = cursor.lastPk;
            list = list.filter((item) => (isForward ? item.id > lastPk : item.id < lastPk));
        }
        if (isAscending !== isForward) {
            isReversed = true;
            list.reverse();
        }
    }

    let objects = pageSize === 0 ? [] : list.slice(0, pageSize);
    const hasMore = pageSize > 0 && objects.length >= pageSize;
    const hasNext = pageSize === 0 || isReversed ? undefined : hasMore;
    const hasPrev = pageSize > 0 && isReversed ? hasMore : undefined;
    if (isReversed) objects = objects.reverse();

    const link = (next?: Cursor) => (next ? cursorLink(path, query, next) : null);
    return { next: link(nextCursor(objects, pageSize, cursor, hasNext)), prev: link(prevCursor(objects, pageSize, cursor, hasPrev)), objects };
}

function nextCursor(objects: readonly { id: number }[], pageSize: number, cursor: Cursor, hasNext: boolean | undefined): Cursor | undefined {
    if (hasNext === false) return undefined;
    if (objects.length > 0 && objects.length === pageSize) return { direction: 1, lastPk: objects[objects.length - 1].id };
    if (cursor.direction === 0) return {};
    return undefined;
}

function prevCursor(objects: readonly { id: number }[], pageSize: number, cursor: Cursor, hasPrev: boolean | undefined): Cursor | undefined {
    if (cursor.direction === undefined || hasPrev === false) return undefined;
    if (objects.length === 0) return cursor.direction === 1 ? { direction: 0 } : undefined;
    if (objects.length === pageSize || cursor.direction === 1) return { direction: 0, lastPk: objects[0].id };
    return undefined;
}

function cursorLink(path: string, query: URLSearchParams, cursor: Cursor): string {
    const params = new URLSearchParams();
    for (const name of ["page_size", "ordering"]) {
        const value = query.get(name);
        if (value !== null) params.set(name, value);
    }
    if (cursor.direction !== undefined) params.set("direction", String(cursor.direction));
    if (cursor.lastPk !== undefined) params.set("last_pk", String(cursor.lastPk));
    const search = params.toString();
    return search ? `${path}?${search}` : path;
}

function readPageSize(value: string | null): number {
    if (value === null) return PAGE_SIZE;
    const size = readInteger(value);
    if (size === undefined || size < 0) throw malformedPageParameter();
    return Math.min(size, PAGE_SIZE);
}

function readCursor(query: URLSearchParams): Cursor {
    const direction = query.get("direction");
    const lastPk = query.get("last_pk");
    const cursor: Cursor = {};
    if (direction !== null) {
        const value = readInteger(direction);
        if (value !== 0 && value !== 1) throw malformedPageParameter();
        cursor.direction = value;
    }
    if (lastPk !== null) {
        const value = readInteger(lastPk);
        if (value === undefined) throw malformedPageParameter();
        cursor.lastPk = value;
    }
    return cursor;
}

// Python's int(): optional sign and surrounding whitespace, decimal digits only.
function readInteger(value: string): number | undefined {
    return /^\s*[+-]?\d+\s*$/.test(value) ? Number.parseInt(value.trim(), 10) : undefined;
}
