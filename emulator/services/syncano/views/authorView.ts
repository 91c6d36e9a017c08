import type { AccountRecord } from "../state/models";

/** `author` of backups and restores: the account, as the platform's AdminFullSerializer shows it. */
export function authorView(account: AccountRecord | undefined): Record<string, unknown> | null {
    if (!account) return null;
    return {
        id: account.id,
        email: account.email,
        first_name: account.firstName,
        last_name: account.lastName,
        is_active: true,
        has_password: true,
        metadata: {},
    };
}
