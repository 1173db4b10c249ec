/**
 * Declaring a resource of the package: its class (a `pulumi.dynamic.Resource` whose serialized
 * provider only names the package and the kind, see `lazyProvider`) and its implementation (the
 * object registered under the same kind in `resourceProviders`, with the shared `configure`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { configureProvider } from "../../config";
import { lazyProvider } from "../../dynamic/lazyProvider";

/** The npm package name the serialized providers load their implementation from. */
export const PACKAGE_NAME = "pulumi-asr-failback";

/** Module of the type tokens: `pulumi-nodejs:dynamic/asr:<Kind>`. */
export const RESOURCE_MODULE = "asr";

/** The type token of a kind, as it appears in state and previews. */
export function typeToken(kind: string): string {
  return `pulumi-nodejs:dynamic/${RESOURCE_MODULE}:${kind}`;
}

/**
 * The serialized provider of a kind. Resource classes pass it to `super` together with
 * {@link RESOURCE_MODULE} and the kind:
 * `super(resourceProvider("ProcessServer"), name, props, opts, RESOURCE_MODULE, "ProcessServer")`.
 */
export function resourceProvider(kind: string): pulumi.dynamic.ResourceProvider {
  return lazyProvider(PACKAGE_NAME, kind);
}

/** The lifecycle methods a resource implements (everything but `configure`). */
export type ResourceLifecycle = Omit<pulumi.dynamic.ResourceProvider, "configure">;

/**
 * The implementation object to register in `resourceProviders` under the kind: the lifecycle
 * methods plus the shared {@link configureProvider}, so stack configuration reaches the client
 * whichever resource the engine calls first.
 */
export function defineResourceImplementation(lifecycle: ResourceLifecycle): pulumi.dynamic.ResourceProvider {
  return { ...lifecycle, configure: configureProvider };
}

/** Strips the engine's `__provider` property (it is not an input of ours; the engine restores it). */
export function withoutProviderKey(inputs: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!inputs) return {};
  const { __provider: _provider, ...rest } = inputs;
  return rest;
}

/**
 * The properties of `props` that are inputs of the schema: outputs stored beside them and the
 * engine's `__provider` are left out, so the schema (strict) can parse what is left.
 */
export function pickInputs(
  schema: { readonly shape: object },
  props: Record<string, unknown>,
): Record<string, unknown> {
  const keys = Object.keys(schema.shape);
  return Object.fromEntries(Object.entries(props).filter(([key]) => keys.includes(key)));
}

/**
 * Wraps a failure of a lifecycle step as `creating process server ps-01: <cause>` (house style:
 * action, object, then the lower error's message, which already names cause and fix).
 */
export function lifecycleError(action: string, object: string, error: unknown): Error {
  const cause = error instanceof Error ? error.message : String(error);
  return new Error(`${action} ${object}: ${cause}`, { cause: error });
}

/** Runs `step`, rethrowing any failure through {@link lifecycleError}. */
export async function inLifecycle<T>(action: string, object: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw lifecycleError(action, object, error);
  }
}
