/**
 * Fields Azure accepts in a request body but never returns nor keeps readable: the emulator drops
 * them before it stores the body, so neither its state file nor a later GET holds the secret.
 */

/**
 * Write-only paths of a virtual machine's body. Compute never answers `osProfile.adminPassword`
 * ("not returned" in the Compute REST reference) nor `osProfile.customData` (base64 data the
 * guest receives at provisioning, which may carry credentials).
 */
export const VM_WRITE_ONLY_PATHS: readonly (readonly string[])[] = [
  ["properties", "osProfile", "adminPassword"],
  ["properties", "osProfile", "customData"],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A deep copy of `body` without the write-only `paths`; the sender's object is left unchanged. */
export function withoutWriteOnlyFields(
  body: Record<string, unknown>,
  paths: readonly (readonly string[])[],
): Record<string, unknown> {
  const copy = structuredClone(body);
  for (const path of paths) {
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = isRecord(parent) ? parent[key] : undefined;
    if (isRecord(parent)) delete parent[path[path.length - 1]!];
  }
  return copy;
}
