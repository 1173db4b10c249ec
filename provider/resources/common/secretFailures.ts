/**
 * Check failures about secret inputs, made safe to print. The engine prints a failure that names a
 * property as `property X value {…} has a problem`, taking the value from the inputs it holds in
 * plain text (a dynamic provider does not accept secrets), so a failure about a secret must not
 * name the property: it moves to the resource as a whole and its reason carries the path instead.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ROOT_PROPERTY } from "./checkFailures";

/**
 * Whether `property` is a secret path, lies inside one, or holds one: for each of these the value
 * the engine would print contains the secret (`hyperV` holds `hyperV.encryptionCertificate`).
 */
export function touchesSecret(property: string, secretPaths: readonly string[]): boolean {
  if (property === ROOT_PROPERTY) return false;
  return secretPaths.some(
    (secret) =>
      property === secret ||
      property.startsWith(`${secret}.`) ||
      property.startsWith(`${secret}[`) ||
      secret.startsWith(`${property}.`) ||
      secret.startsWith(`${property}[`),
  );
}

/**
 * Rewrites the failures that touch a secret path so the engine prints no value: the property is
 * left out and the reason names the path (it usually does already: `adminPassword: must be …`).
 */
export function withoutSecretValues(
  failures: readonly pulumi.dynamic.CheckFailure[],
  secretPaths: readonly string[],
): pulumi.dynamic.CheckFailure[] {
  if (secretPaths.length === 0) return [...failures];
  return failures.map((failure) => {
    if (!touchesSecret(failure.property, secretPaths)) return failure;
    const reason = failure.reason.includes(failure.property)
      ? failure.reason
      : `${failure.reason} (property ${failure.property})`;
    return { property: ROOT_PROPERTY, reason };
  });
}
