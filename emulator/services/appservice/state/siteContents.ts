import { EMULATOR_RESOURCE_TYPES, type SiteContent } from "./models";
import { siteContentId } from "./resourceIds";
import type { EmulatorStore } from "../../../platform/state/store";

/**
 * The content of sites and slots (files and app settings): what a backup captures and a restore
 * puts back. Kept as a document under the site, so deleting the site removes it; a site never given
 * content serves App Service's start page, as a new app does.
 */
export class SiteContents {
    constructor(private readonly store: EmulatorStore) {}

    /** The site's content, or the default of a new app. */
    get(siteOrSlotId: string): SiteContent {
        return this.store.getResource<SiteContent>(siteContentId(siteOrSlotId))?.properties ?? defaultSiteContent();
    }

    /** Replaces the site's content. */
    put(siteOrSlotId: string, content: SiteContent): SiteContent {
        return this.store.putResource({ id: siteContentId(siteOrSlotId), name: "content", type: EMULATOR_RESOURCE_TYPES.siteContent, properties: content }).properties;
    }
}

/** What a new app holds: App Service's start page and no settings. */
export function defaultSiteContent(): SiteContent {
    return {
        files: { "hostingstart.html": "<!DOCTYPE html><html><head><title>Your web app is running</title></head><body></body></html>\n" },
        appSettings: {},
    };
}

/**
 * Reads a content document (`files` and `appSettings`, string maps; either may be omitted and
 * defaults to empty). Returns the content, or the reason it is invalid.
 */
export function parseSiteContent(value: unknown, field = "content"): SiteContent | string {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return `'${field}' must be an object with 'files' and 'appSettings'.`;
    const { files, appSettings, ...rest } = value as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) return `'${field}' has unknown members: ${unknown.join(", ")}.`;
    const content: SiteContent = { files: {}, appSettings: {} };
    for (const [name, map] of [["files", files], ["appSettings", appSettings]] as const) {
        if (map === undefined) continue;
        if (typeof map !== "object" || map === null || Array.isArray(map)) return `'${field}.${name}' must be an object of strings.`;
        for (const [key, text] of Object.entries(map)) {
            if (typeof text !== "string") return `'${field}.${name}.${key}' must be a string.`;
            if (name === "files" && !isRelativeFilePath(key)) return `'${field}.files' key '${key}' must be a relative path without '..'.`;
            content[name][key] = text;
        }
    }
    return content;
}

function isRelativeFilePath(path: string): boolean {
    return path.length > 0 && !path.startsWith("/") && !path.includes("\\") && !path.split("/").some((part) => part === "" || part === "." || part === "..");
}
