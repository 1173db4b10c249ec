/**
 * The router table: (method, path pattern) → handler, with the operation name the request log
 * and fault injection use. Fixed segments match case-insensitively, as ARM does.
 */
import { Errors } from "../errors";
import type { RequestBodyCheck } from "./arm/requestContent";
import { armResourceType, resourceTypeKey } from "./arm/resourceType";
import type { EmulatorRequest, EmulatorResponse } from "./context";

/** A request handler: parse → call the store → serialize. */
export type Handler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** One route. */
export interface Route {
  readonly method: string;
  /** Path with `{param}` placeholders. */
  readonly pattern: string;
  /** Operation name in the style of the SDK's operation IDs (`ReplicationProtectedItems_Get`). */
  readonly operation: string;
  readonly handler: Handler;
  /** Starts a job: counted by the request log's exactly-once records. */
  readonly action?: boolean;
  /** Skips the subscription / resource group / vault scope check (admin routes). */
  readonly unscoped?: boolean;
  /**
   * What the request body is checked against before the handler runs. Every PUT, PATCH and POST
   * route declares it (a test holds the table to that); GET and DELETE routes take no body.
   */
  readonly requestBody?: RequestBodyCheck;
}

interface CompiledRoute extends Route {
  readonly regex: RegExp;
  readonly params: readonly string[];
}

/** The outcome of matching a path. */
export type RouteMatch =
  | { readonly kind: "found"; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: "methodNotAllowed" }
  | { readonly kind: "notFound" };

/** A path segment decoded; a malformed percent-encoding is the client's error, not a crash. */
function decodeName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw Errors.malformedName(segment);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A compiled route table. */
export class Router {
  private readonly routes: CompiledRoute[];
  private readonly resourceTypes: ReadonlySet<string>;

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => {
      const params: string[] = [];
      const source = route.pattern
        .split("/")
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (param) {
            params.push(param[1]!);
            return "([^/]+)";
          }
          return escapeRegex(segment);
        })
        .join("/");
      return { ...route, regex: new RegExp(`^${source}/?$`, "i"), params };
    });
    // A route below a type serves its parents too (`vaults` for `vaults/replicationFabrics`).
    this.resourceTypes = new Set(
      routes.flatMap((route) => {
        const type = armResourceType(route.pattern);
        if (!type) return [];
        const levels = type.type.split("/");
        return levels.map((_, index) =>
          resourceTypeKey({ namespace: type.namespace, type: levels.slice(0, index + 1).join("/") }),
        );
      }),
    );
  }

  /** The routes, in matching order (the conformance suite walks them). */
  get table(): readonly Route[] {
    return this.routes;
  }

  /** True when some route serves the resource type the path names (judges unmatched paths). */
  servesResourceTypeOf(path: string): boolean {
    const type = armResourceType(path);
    return type !== undefined && this.resourceTypes.has(resourceTypeKey(type));
  }

  /** Finds the route for a method and path (path without query). */
  match(method: string, path: string): RouteMatch {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.params.forEach((name, index) => {
        params[name] = decodeName(found[index + 1]!);
      });
      return { kind: "found", route, params };
    }
    return pathMatched ? { kind: "methodNotAllowed" } : { kind: "notFound" };
  }
}
