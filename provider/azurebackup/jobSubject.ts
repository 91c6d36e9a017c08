/**
 * True when a job's `entityFriendlyName` names the item whose friendly name is `friendlyName`
 * (case-insensitive). VM and file-share jobs carry the item's name as is; SQL database jobs carry
 * `{instance}/{database} [{server}]` (the SQL REST article's job), so the database part is compared.
 */
export function jobIsAbout(entityFriendlyName: string | undefined, friendlyName: string): boolean {
    if (entityFriendlyName === undefined) return false;
    const name = friendlyName.toLowerCase();
    const entity = entityFriendlyName.toLowerCase();
    if (entity === name) return true;
    const sql = /^[^/]*\/(.+) \[[^\]]*\]$/.exec(entity);
    return sql !== null && sql[1] === name;
}
