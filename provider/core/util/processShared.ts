/**
 * Returns the process-wide value registered under `name`, creating it on first use. Kept on
 * `globalThis` under a registered symbol so every copy of this package loaded in the dynamic-provider
 * process (serialized provider code can load its own) shares one connection pool and token cache.
 * Put a version in `name` when the shape of the value changes.
 */
export function processShared<T>(name: string, create: () => T): T {
    const key = Symbol.for(`declarative-backups.shared.${name}`);
    const holder = globalThis as unknown as Record<symbol, T | undefined>;
    if (!(key in holder)) holder[key] = create();
    return holder[key] as T;
}
