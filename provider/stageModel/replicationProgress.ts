/**
 * How far an item's replication has come, as its provider details report it. Each replication
 * provider reports it in its own place (and the InMage and Hyper-V details as a string).
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";

type Details = Record<string, unknown> & { instanceType?: string };

function percentOf(value: unknown): number | undefined {
  const percent = typeof value === "string" ? Number(value) : value;
  return typeof percent === "number" && Number.isFinite(percent)
    ? Math.max(0, Math.min(100, percent))
    : undefined;
}

function nested(details: Details, property: string): Record<string, unknown> {
  const value = details[property];
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The item's initial-replication or resync progress in percent (0–100), or undefined when its
 * provider details carry none.
 */
export function replicationProgressPercent(item: ReplicationProtectedItem): number | undefined {
  const details = (item.properties?.providerSpecificDetails ?? {}) as Details;
  switch (details.instanceType) {
    case "InMage":
      return percentOf(nested(details, "resyncDetails")["initialReplicationProgressPercentage"]);
    case "HyperVReplicaAzure":
      return percentOf(nested(details, "initialReplicationDetails")["initialReplicationProgressPercentage"]);
    case "InMageAzureV2":
      return percentOf(details["resyncProgressPercentage"]);
    case "InMageRcm":
    case "InMageRcmFailback":
      return percentOf(details["initialReplicationProgressPercentage"]);
    default:
      return undefined;
  }
}
