/**
 * The request body checked against the official SDK's model of the route's operation, before the
 * handler sees it: an unknown property, a missing required one, a wrong type, a value outside a
 * closed enum or an unknown discriminator is refused with ARM's `InvalidRequestContent` (400).
 */
import { Errors } from "../../errors";
import { shapeIssues } from "./sdkModels";

/** What a route's request body is checked against; every PUT, PATCH and POST route declares one. */
export type RequestBodyCheck =
  /** The official Site Recovery SDK's model of that name (`ReverseReplicationInput`). */
  | { readonly sdkModel: string }
  /** Not checked against an SDK model, and why (the operation takes no body; no SDK Mappers here). */
  | { readonly unchecked: string };

/** The operation takes no request body: the SDK sends none, so there is nothing to check. */
export const NO_REQUEST_BODY: RequestBodyCheck = { unchecked: "the SDK operation takes no request body" };

/**
 * Microsoft.Network and Microsoft.Compute bodies: no SDK `Mappers` describe them here
 * (`@azure/arm-network` 39 is a modular SDK without mappers; no Compute SDK is in the workspace),
 * so the route's own zod schema is their only check.
 */
export const NO_SDK_MAPPERS: RequestBodyCheck = {
  unchecked: "no SDK Mappers describe this namespace; the route's own schema checks the body",
};

/** The emulator's own admin routes: no ARM operation, so no SDK model; each handler checks its body. */
export const EMULATOR_ADMIN_BODY: RequestBodyCheck = {
  unchecked: "an emulator admin route, not an ARM operation; the handler checks its body",
};

/**
 * Refuses a body that does not match the route's SDK model. Only the first issue is named, as
 * ARM's deserializer stops at the first one.
 */
export function checkRequestContent(check: RequestBodyCheck | undefined, body: unknown): void {
  if (!check || !("sdkModel" in check)) return;
  // An absent body reaches the service as an empty input; it fails only where the model requires a
  // property at the top (inferred: no published answer shows an absent body).
  const [first] = shapeIssues(body ?? {}, check.sdkModel);
  if (first) throw Errors.undeserializableRequestContent(first.problem, first.path);
}
