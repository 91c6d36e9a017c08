/** A route as data: method, path template (`/subscriptions/{subscriptionId}/...`), operation name, handler. */
export interface RouteDefinition<THandler> {
    method: string;
    template: string;
    /** Operation name used in request logs and counters (`WebApps.UpdateBackupConfiguration`). */
    operation: string;
    handler: THandler;
}

/** Outcome of a route lookup. */
export type RouteLookup<THandler> =
    | { kind: "matched"; route: RouteDefinition<THandler>; params: Record<string, string> }
    | { kind: "methodNotAllowed"; allowedMethods: string[] }
    | { kind: "notFound" };

interface CompiledRoute<THandler> {
    route: RouteDefinition<THandler>;
    /** Literal segments lower-cased; `null` marks a parameter. */
    literals: (string | null)[];
    paramNames: (string | undefined)[];
}

/**
 * Matches decoded path segments against route templates. Literal segments compare
 * case-insensitively, as ARM paths do; parameters capture one segment each, exactly as sent.
 */
export class Router<THandler> {
    private readonly compiled: CompiledRoute<THandler>[];

    constructor(routes: readonly RouteDefinition<THandler>[]) {
        this.compiled = routes.map((route) => {
            const parts = route.template.split("/").filter((part) => part.length > 0);
            return {
                route,
                literals: parts.map((part) => (isParam(part) ? null : part.toLowerCase())),
                paramNames: parts.map((part) => (isParam(part) ? part.slice(1, -1) : undefined)),
            };
        });
    }

    /** Finds the route for a method and path; distinguishes "wrong method" from "no such path". */
    lookup(method: string, segments: readonly string[]): RouteLookup<THandler> {
        const allowedMethods: string[] = [];
        for (const candidate of this.compiled) {
            const params = matchSegments(candidate, segments);
            if (!params) continue;
            if (candidate.route.method.toUpperCase() === method.toUpperCase()) {
                return { kind: "matched", route: candidate.route, params };
            }
            allowedMethods.push(candidate.route.method.toUpperCase());
        }
        return allowedMethods.length > 0 ? { kind: "methodNotAllowed", allowedMethods } : { kind: "notFound" };
    }
}

function isParam(part: string): boolean {
    return part.startsWith("{") && part.endsWith("}");
}

function matchSegments<THandler>(candidate: CompiledRoute<THandler>, segments: readonly string[]): Record<string, string> | undefined {
    if (candidate.literals.length !== segments.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
        const literal = candidate.literals[i];
        if (literal === null) params[candidate.paramNames[i]!] = segments[i];
        else if (literal !== segments[i].toLowerCase()) return undefined;
    }
    return params;
}
