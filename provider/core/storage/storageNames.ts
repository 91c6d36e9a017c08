import { quoteName } from "../arm/armNames";

/**
 * Azure Storage's naming rules for containers and blobs, checked at preview so a name the service
 * would refuse (or a blob path that climbs out of its container) never reaches it.
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
 */

// 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
const containerNamePattern = /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why `value` cannot name a blob container, or undefined when it can. */
export function containerNameProblem(value: string): string | undefined {
    return containerNamePattern.test(value)
        ? undefined
        : `must be 3 to 63 lowercase letters, digits or hyphens, starting and ending with a letter or digit, without two hyphens in a row; got ${quoteName(value)}`;
}

/**
 * Why `value` cannot name a blob inside the container the SAS grants, or undefined when it can:
 * 1 to 1024 characters, "/"-separated segments that are neither empty nor "." or "..", no "\" and no
 * control characters. Segments of "." or ".." would be resolved by URL handling and reach another blob.
 */
export function blobNameProblem(value: string): string | undefined {
    const accepted = 'must be a blob name inside the container: 1 to 1024 characters, "/"-separated segments that are not empty, "." or "..", without "\\" or control characters';
    if (value.length < 1 || value.length > 1024 || /[\\\u0000-\u001f\u007f]/.test(value)) return `${accepted}; got ${quoteName(value)}`;
    if (value.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) return `${accepted}; got ${quoteName(value)}`;
    return undefined;
}
