/**
 * The resource provider namespace and resource type an ARM path addresses, read the way ARM reads
 * it before it forwards a request: the segment after `providers` is the namespace, and every other
 * segment after it (`vaults`, `replicationFabrics`, …) is one level of the type.
 */

/** Namespace and type of a path below `/providers/{namespace}`. */
export interface ArmResourceType {
  /** `Microsoft.RecoveryServices`, in the path's casing. */
  readonly namespace: string;
  /** `vaults/replicationFabrics/replicationProtectionContainers`, in the path's casing. */
  readonly type: string;
}

/**
 * The namespace and type a path (or a route pattern with `{param}` placeholders) names;
 * `undefined` when it has no `providers` segment (subscription and resource group paths).
 */
export function armResourceType(path: string): ArmResourceType | undefined {
  const segments = path.split("/").filter((segment) => segment.length > 0);
  const providers = segments.findIndex((segment) => segment.toLowerCase() === "providers");
  if (providers < 0 || providers + 1 >= segments.length) return undefined;
  const namespace = segments[providers + 1]!;
  // Type names sit at the even offsets after the namespace; names of instances between them.
  const typeSegments = segments.slice(providers + 2).filter((_, index) => index % 2 === 0);
  return { namespace, type: typeSegments.join("/") };
}

/** The lower-cased `namespace/type` key of a path, for lookups. */
export function resourceTypeKey(type: ArmResourceType): string {
  return `${type.namespace}/${type.type}`.toLowerCase();
}
