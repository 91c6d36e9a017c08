import { randomBytes } from "node:crypto";

/** Options for {@link fakeContainerSasUrl}. */
export interface FakeSasOptions {
    account: string;
    container: string;
    /** Days until `se`; negative for an expired SAS. */
    expiresInDays: number;
    /** Signed permissions (default "rwdl"). */
    permissions?: string;
    /** Signed resource (default "c", a container SAS). */
    signedResource?: string;
    protocol?: "https" | "http";
}

/**
 * A container SAS URL shaped like Azure's, with an obviously fake but unique signature, so tests
 * can look for that exact signature in state and logs.
 */
export function fakeContainerSasUrl(options: FakeSasOptions): string {
    const expiry = new Date(Date.now() + options.expiresInDays * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const query = new URLSearchParams({
        sv: "2024-11-04",
        sr: options.signedResource ?? "c",
        sp: options.permissions ?? "rwdl",
        se: expiry,
        sig: `FAKEsig${randomBytes(12).toString("hex")}`,
    });
    return `${options.protocol ?? "https"}://${options.account}.blob.core.windows.net/${options.container}?${query}`;
}
