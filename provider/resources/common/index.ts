/**
 * Shared building blocks of the package's resources: validation, diff, rule findings, progress,
 * waits, unknown values, resource arguments and resource declaration.
 */
export * from "./armNames";
export * from "./check";
export * from "./checkFailures";
export * from "./deepInput";
export * from "./diff";
export * from "./findings";
export * from "./itemNames";
export * from "./progress";
export * from "./resource";
export * from "./secretFailures";
export * from "./timeouts";
export * from "./unknowns";
