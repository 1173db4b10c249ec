/**
 * The list / get pair every ARM collection answers: one or more list routes (paged) and one get
 * route, all serializing entities the same way. Kind modules declare the collection instead of
 * writing the pair each time.
 */
import { type EmulatorRequest, ok, page } from "./context";
import type { Route } from "./router";

/** One list route of a collection (a collection can be listed at several scopes). */
export interface CollectionListing<T> {
  /** Path of the collection with `{param}` placeholders. */
  readonly pattern: string;
  /** Operation name (`ReplicationFabrics_List`). */
  readonly operation: string;
  /** The entities this scope lists, in answer order. */
  readonly entities: (request: EmulatorRequest) => readonly T[];
  /**
   * The list's `$filter`: reads it (refusing one the list cannot honour) and answers which
   * entities it keeps. Lists without one ignore `$filter` (what Site Recovery's other lists do
   * with one is unpublished; inferred). Filtering comes before paging so every page holds
   * matches only and `nextLink` carries the filter on.
   */
  readonly filter?: (request: EmulatorRequest, nowMs: number) => (entity: T) => boolean;
}

/** A collection of one resource kind. */
export interface Collection<T> {
  /** The list routes, in routing order. */
  readonly listings: readonly CollectionListing<T>[];
  /** The get route: path of one entity and its operation name. */
  readonly get: {
    readonly pattern: string;
    readonly operation: string;
    /** The entity the path names; throws the kind's not-found error when there is none. */
    readonly find: (request: EmulatorRequest) => T;
  };
  /** An entity's JSON; `nowMs` is read once per request so every entity of a page agrees. */
  readonly toJson: (request: EmulatorRequest, entity: T, nowMs: number) => unknown;
}

/** The list routes then the get route of a collection. */
export function collectionRoutes<T>(collection: Collection<T>): Route[] {
  const { listings, get, toJson } = collection;
  return [
    ...listings.map(
      (listing): Route => ({
        method: "GET",
        pattern: listing.pattern,
        operation: listing.operation,
        handler: (request) => {
          const nowMs = request.services.store.nowMs();
          const keep = listing.filter?.(request, nowMs) ?? (() => true);
          return page(request, listing.entities(request).filter(keep), (entity) =>
            toJson(request, entity, nowMs),
          );
        },
      }),
    ),
    {
      method: "GET",
      pattern: get.pattern,
      operation: get.operation,
      handler: (request) => {
        const entity = get.find(request);
        return ok(toJson(request, entity, request.services.store.nowMs()));
      },
    },
  ];
}
