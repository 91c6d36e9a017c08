import type * as pulumi from "@pulumi/pulumi";
import { ConfigurationError } from "../core/errors";
import { registerSecret } from "../core/redact/sanitizer";
import { processShared } from "../core/util/processShared";

/** Stack config key holding the account key (set it with `--secret`). */
export const syncanoApiKeyConfigKey = "declarative-backups:syncanoApiKey";

/** Environment variable read when the stack config has no key. */
export const syncanoApiKeyEnvVar = "SYNCANO_API_KEY";

// What the engine handed the dynamic-provider process in `configure`, kept process-wide because each
// resource type's serialized provider is configured on its own.
const configured = processShared<{ apiKey?: string }>("syncanoConfig.v1", () => ({}));

/**
 * Takes the account key from the stack's config. The engine passes a dynamic provider the whole
 * stack config (secrets decrypted) through `configure`, so the key is read in the provider process
 * and never becomes a resource input.
 */
export function configureSyncano(config: pulumi.dynamic.Config): void {
    const value = config.get(syncanoApiKeyConfigKey);
    configured.apiKey = typeof value === "string" && value.trim() ? value.trim() : undefined;
    if (configured.apiKey) registerSecret(configured.apiKey);
}

/**
 * The account key: stack config `declarative-backups:syncanoApiKey`, else SYNCANO_API_KEY. Registered
 * with the redactor, so it never reaches a log line or an error message.
 */
export function resolveSyncanoApiKey(env: NodeJS.ProcessEnv = process.env): string {
    const key = configured.apiKey ?? env[syncanoApiKeyEnvVar]?.trim();
    if (!key) {
        throw new ConfigurationError(
            `no Syncano account key: run \`pulumi config set --secret ${syncanoApiKeyConfigKey} <key>\`, or set ${syncanoApiKeyEnvVar} in the environment of \`pulumi\``,
        );
    }
    registerSecret(key);
    return key;
}
