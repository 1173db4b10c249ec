/**
 * What ARM checks before a resource provider sees a request: the api-version (present and
 * published by the path's namespace) and, for a path no operation answers, whether the namespace
 * and the resource type exist at all.
 */
import { type ArmError, Errors } from "../../errors";
import type { Router } from "../router";
import { supportedApiVersions } from "./apiVersions";
import { armResourceType } from "./resourceType";

/** Refuses a request whose `api-version` is missing or not published by the path's namespace. */
export function checkApiVersion(path: string, query: URLSearchParams): void {
  const apiVersion = query.get("api-version");
  if (apiVersion === null || apiVersion.trim() === "") throw Errors.missingApiVersion();
  const type = armResourceType(path);
  if (!type) return;
  const supported = supportedApiVersions(type.namespace);
  if (!supported) throw Errors.invalidResourceNamespace(type.namespace);
  if (!supported.includes(apiVersion)) throw Errors.invalidApiVersion(apiVersion, supported);
}

/**
 * The error for a path no route matches: an unknown resource type is ARM's `InvalidResourceType`;
 * a known type whose path no operation answers is a plain `NotFound` from the provider.
 */
export function unmatchedPathError(
  router: Router,
  method: string,
  path: string,
  query: URLSearchParams,
): ArmError {
  const type = armResourceType(path);
  if (type && !router.servesResourceTypeOf(path))
    return Errors.invalidResourceType(type.namespace, type.type, query.get("api-version") ?? "");
  return Errors.noRoute(method, path);
}
