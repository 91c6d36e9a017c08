import * as assert from "node:assert/strict";
import { armTokenScope, resolveAzureSettings } from "../../../provider/core/azureSettings";
import { isConfigurationError } from "../../../provider/core/errors";

describe("resolveAzureSettings", () => {
    it("defaults to the public cloud", () => {
        const settings = resolveAzureSettings({});
        assert.deepEqual(settings, { armEndpoint: "https://management.azure.com", audience: "https://management.azure.com/", disableInstanceDiscovery: false });
        assert.equal(armTokenScope(settings), "https://management.azure.com/.default");
    });

    it("reads a sovereign cloud from the environment, endpoint, audience and authority together", () => {
        const settings = resolveAzureSettings({
            DECLARATIVE_BACKUPS_ARM_ENDPOINT: "https://management.usgovcloudapi.net/",
            DECLARATIVE_BACKUPS_ARM_AUDIENCE: "https://management.usgovcloudapi.net/",
            AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us",
        });
        assert.equal(settings.armEndpoint, "https://management.usgovcloudapi.net");
        assert.equal(armTokenScope(settings), "https://management.usgovcloudapi.net/.default");
        assert.equal(settings.authorityHost, "https://login.microsoftonline.us");
        assert.equal(settings.disableInstanceDiscovery, false);
    });

    it("disables instance discovery for an authority that is not Microsoft's, and reads the CA file", () => {
        const settings = resolveAzureSettings({
            DECLARATIVE_BACKUPS_ARM_ENDPOINT: "https://127.0.0.1:8443",
            AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443",
            DECLARATIVE_BACKUPS_CA_FILE: "/tmp/emulator-ca.pem",
        });
        assert.equal(settings.disableInstanceDiscovery, true);
        assert.equal(settings.caFile, "/tmp/emulator-ca.pem");
        assert.equal(armTokenScope(settings), "https://management.azure.com/.default", "the emulator keeps the public audience");
    });

    it("applies overrides last, recomputing instance discovery unless it is given", () => {
        const env = { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com" };
        assert.equal(resolveAzureSettings(env, { authorityHost: "https://localhost:9000" }).disableInstanceDiscovery, true);
        assert.equal(resolveAzureSettings(env, { authorityHost: "https://localhost:9000", disableInstanceDiscovery: false }).disableInstanceDiscovery, false);
        assert.equal(resolveAzureSettings(env, { authorityHost: undefined }).authorityHost, undefined);
    });

    it("names the variable when a URL is unusable", () => {
        assert.throws(
            () => resolveAzureSettings({ DECLARATIVE_BACKUPS_ARM_ENDPOINT: "management.azure.com" }),
            (e: unknown) => isConfigurationError(e) && /DECLARATIVE_BACKUPS_ARM_ENDPOINT must be an absolute URL/.test((e as Error).message),
        );
    });
});
