import { randomBytes } from "node:crypto";
import type { AccountRecord } from "./models";

/** What `putAccount` takes: the email identifies the account; the rest is set when given. */
export interface AccountInput {
    email: string;
    apiKey?: string;
    firstName?: string;
    lastName?: string;
    backupsPerAccount?: number;
}

/** Accounts by id, email and key. */
export class AccountStore {
    private accounts: AccountRecord[] = [];
    private nextId = 1;

    /** Creates the account, or updates the one with this email (keeping its id, and its key unless a new one is given). */
    put(input: AccountInput): { created: boolean; account: AccountRecord } {
        const existing = this.byEmail(input.email);
        const account: AccountRecord = existing ?? { id: this.nextId++, email: input.email, firstName: "", lastName: "", apiKey: generateAccountKey() };
        if (input.apiKey !== undefined) account.apiKey = input.apiKey.toLowerCase();
        if (input.firstName !== undefined) account.firstName = input.firstName;
        if (input.lastName !== undefined) account.lastName = input.lastName;
        if (input.backupsPerAccount !== undefined) account.backupsPerAccount = input.backupsPerAccount;
        if (!existing) this.accounts.push(account);
        return { created: !existing, account: { ...account } };
    }

    byEmail(email: string): AccountRecord | undefined {
        return this.accounts.find((account) => account.email.toLowerCase() === email.toLowerCase());
    }

    byId(id: number): AccountRecord | undefined {
        return this.accounts.find((account) => account.id === id);
    }

    /** The account holding this key (compared case-insensitively, as the platform's key regex is). */
    byKey(apiKey: string): AccountRecord | undefined {
        const key = apiKey.toLowerCase();
        return this.accounts.find((account) => account.apiKey === key);
    }

    list(): AccountRecord[] {
        return this.accounts.map((account) => ({ ...account }));
    }

    clear(): void {
        this.accounts = [];
        this.nextId = 1;
    }
}

/**
 * A new account key: 40 hex characters whose last digit is even, the parity by which the platform
 * tells account keys from instance API keys.
 */
export function generateAccountKey(): string {
    const key = randomBytes(20).toString("hex");
    const last = parseInt(key[39], 16) & 0b1110;
    return key.slice(0, 39) + last.toString(16);
}

/** True for 40 hex characters, the shape of every Syncano API key. */
export function isApiKeyShaped(value: string): boolean {
    return /^[a-f0-9]{40}$/i.test(value);
}
