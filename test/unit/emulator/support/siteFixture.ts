import type { RunningEmulator } from "../../../../emulator/server";
import { fetchToken, seedSite, uniqueContainerName, useEmulator } from "./emulatorFixture";

const HOUR_MS = 3_600_000;

/** Options of {@link useSiteWorld}: what each test gets on top of the seeded site. */
export interface SiteWorldOptions {
    /** Seeds more right after the site (content, other sites, timings), before the token and the container. */
    seed?: (emulator: RunningEmulator) => Promise<void>;
    /** Fetches a bearer token from the emulator's authority ({@link SiteWorld.token}). */
    token?: boolean;
    /** Creates a blob container no other test uses, with a read-write-delete SAS URL valid for an hour ({@link SiteWorld.container}, {@link SiteWorld.sas}). */
    container?: boolean;
}

/** What {@link useSiteWorld} hands its suite; each value is there once the hooks that make it have run. */
export interface SiteWorld {
    readonly emulator: RunningEmulator;
    /** With `token`: this test's bearer token. */
    readonly token: string;
    /** With `container`: this test's blob container. */
    readonly container: string;
    /** With `container`: the container's SAS URL. */
    readonly sas: string;
}

/**
 * The world of the App Service suites (and of the platform's, which use its routes): registers, in the
 * calling `describe`, the hooks that start one emulator for the suite (with its blob storage), and before
 * each test reset it, seed the site ({@link seedSite}), then run `seed`, fetch a token and create a
 * container as the options ask, in that order.
 */
export function useSiteWorld(options: SiteWorldOptions = {}): SiteWorld {
    const handle = useEmulator();
    let token: string | undefined;
    let container: string | undefined;
    let sas: string | undefined;
    beforeEach(async () => {
        const emulator = handle.emulator;
        await emulator.control.reset();
        await seedSite(emulator);
        await options.seed?.(emulator);
        if (options.token) token = await fetchToken(emulator);
        if (options.container) {
            container = uniqueContainerName();
            await emulator.control.createContainer(container);
            sas = emulator.control.containerSasUrl({ container, permissions: "rwdl", expiresOn: new Date(Date.now() + HOUR_MS) });
        }
    });
    return {
        get emulator() {
            return handle.emulator;
        },
        get token() {
            return made(token, "token");
        },
        get container() {
            return made(container, "container");
        },
        get sas() {
            return made(sas, "container");
        },
    };
}

function made(value: string | undefined, option: keyof SiteWorldOptions): string {
    if (value === undefined) throw new Error(`useSiteWorld makes this value before each test when asked to ({ ${option}: true })`);
    return value;
}
