import { userErrorInvalidRequestParameter } from "../recoveryServicesErrors";

/** One page of a list, and the `$skipToken` of the next one when there is more. */
export interface Page<T> {
    value: T[];
    nextSkipToken?: string;
}

/** A list answer: `value`, and an absolute `nextLink` when there is more (what the SDK's pagers follow). */
export interface ListResult<T> {
    value: T[];
    nextLink?: string;
}

/**
 * Cuts `items` into pages of `pageSize`; the `$skipToken` is the offset of the next page, opaque to
 * clients, which only carry it back through `nextLink`. A token that is not one the emulator gave is
 * refused as an invalid parameter.
 */
export function pageOf<T>(items: readonly T[], skipToken: string | undefined, pageSize: number): Page<T> {
    let offset = 0;
    if (skipToken !== undefined && skipToken !== "") {
        if (!/^\d{1,9}$/.test(skipToken)) throw userErrorInvalidRequestParameter("$skipToken");
        offset = Number(skipToken);
    }
    const value = items.slice(offset, offset + pageSize);
    return offset + pageSize < items.length ? { value, nextSkipToken: String(offset + pageSize) } : { value };
}

/** A page as a list answer, `nextLink` built from the next token. */
export function toListResult<T>(page: Page<T>, nextLinkOf: (skipToken: string) => string): ListResult<T> {
    return page.nextSkipToken === undefined ? { value: page.value } : { value: page.value, nextLink: nextLinkOf(page.nextSkipToken) };
}
